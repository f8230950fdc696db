//! Prometheus metrics at `/metrics`. Labels stay low-cardinality: the operation label is a
//! client-chosen name, so only the first `MAX_OPERATION_NAMES` distinct valid names are kept
//! and the rest count as "other".

use std::{collections::HashSet, sync::Mutex, time::Duration};

use prometheus_client::{
    encoding::text::encode,
    metrics::{
        counter::Counter,
        family::Family,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};

type Labels = Vec<(&'static str, String)>;

const MAX_OPERATION_NAMES: usize = 200;

fn latency_histogram() -> Histogram {
    // 5 ms .. ~20 s
    Histogram::new(exponential_buckets(0.005, 2.0, 13))
}

pub struct Metrics {
    registry: Registry,
    requests: Family<Labels, Counter>,
    latency: Family<Labels, Histogram, fn() -> Histogram>,
    sql_statements: Histogram,
    rate_limited: Family<Labels, Counter>,
    auth_failures: Family<Labels, Counter>,
    operation_names: Mutex<HashSet<String>>,
}

/// How a GraphQL request ended, from best to worst.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Executed with no errors.
    Ok,
    /// Executed with field errors.
    Error,
    /// Refused before execution: malformed, over a limit, parse or validation errors.
    Rejected,
    RateLimited,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Error => "error",
            Self::Rejected => "rejected",
            Self::RateLimited => "rate_limited",
        }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("meander");
        let requests = Family::<Labels, Counter>::default();
        let latency =
            Family::<Labels, Histogram, fn() -> Histogram>::new_with_constructor(latency_histogram);
        let sql_statements = Histogram::new(exponential_buckets(1.0, 2.0, 10));
        let rate_limited = Family::<Labels, Counter>::default();
        let auth_failures = Family::<Labels, Counter>::default();
        registry.register(
            "graphql_requests",
            "GraphQL operations by operation name and outcome",
            requests.clone(),
        );
        registry.register(
            "graphql_request_duration_seconds",
            "GraphQL request latency by operation name and outcome",
            latency.clone(),
        );
        registry.register(
            "sql_statements_per_request",
            "SQL statements run for one GraphQL request",
            sql_statements.clone(),
        );
        registry.register(
            "rate_limit_rejections",
            "Requests refused by a rate limit, by bucket",
            rate_limited.clone(),
        );
        registry.register(
            "auth_failures",
            "Refused access tokens and failed logins",
            auth_failures.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            sql_statements,
            rate_limited,
            auth_failures,
            operation_names: Mutex::new(HashSet::new()),
        }
    }
}

/// A GraphQL name of at most 64 characters: fit for a label or a span name.
pub fn is_plain_name(name: &str) -> bool {
    name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

impl Metrics {
    /// The label for an operation: its name when it is a plain GraphQL name among the first
    /// few hundred seen, "other" past that, "anonymous" without one.
    pub fn operation_label(&self, name: Option<&str>) -> String {
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            return "anonymous".into();
        };
        if !is_plain_name(name) {
            return "other".into();
        }
        let mut seen = self
            .operation_names
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if seen.contains(name) || seen.len() < MAX_OPERATION_NAMES {
            seen.insert(name.to_string());
            name.to_string()
        } else {
            "other".into()
        }
    }

    pub fn request(&self, operation: &str, outcome: Outcome, elapsed: Duration) {
        let labels = vec![
            ("operation", operation.to_string()),
            ("outcome", outcome.label().to_string()),
        ];
        self.requests.get_or_create(&labels).inc();
        self.latency
            .get_or_create(&labels)
            .observe(elapsed.as_secs_f64());
    }

    pub fn sql_statements(&self, n: usize) {
        self.sql_statements.observe(n as f64);
    }

    pub fn rate_limited(&self, bucket: &'static str) {
        self.rate_limited
            .get_or_create(&vec![("bucket", bucket.to_string())])
            .inc();
    }

    pub fn auth_failure(&self, kind: &'static str) {
        self.auth_failures
            .get_or_create(&vec![("kind", kind.to_string())])
            .inc();
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}
