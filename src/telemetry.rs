//! Logging: readable in development, JSON in production; level from `log.level`.

use tracing_subscriber::{EnvFilter, fmt};

use crate::config::LogSettings;

pub fn init(settings: &LogSettings) {
    // RUST_LOG, when set, wins over the configured level.
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&settings.level));
    let builder = fmt().with_env_filter(filter).with_target(false);
    let _ = if settings.format == "json" {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init()
    } else {
        builder.try_init()
    };
}
