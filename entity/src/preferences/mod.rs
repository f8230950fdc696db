//! Per-user preferences inside an organization (accessibility and theme).

pub mod accessibility_preferences;
pub mod theme_configs;
