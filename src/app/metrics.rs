//! Prometheus metrics at `/metrics` (and on the operations listener, `server.operations_bind`).
//! Labels stay low-cardinality: the operation label is a client-chosen name, so only the first
//! `MAX_OPERATION_NAMES` distinct valid names are kept and the rest count as "other".
//!
//! Besides the request metrics: build info, the process (resident memory, CPU seconds, threads,
//! open file descriptors, start time; read from `/proc` on Linux, absent elsewhere), the async
//! runtime (workers, alive tasks) and the database pool (open and idle connections, the
//! maximum), all sampled when scraped.

use std::{
    collections::HashSet,
    sync::{Mutex, atomic::AtomicU64},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use sea_orm::{DatabaseBackend, DatabaseConnection};

use prometheus_client::{
    encoding::text::encode,
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
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
    sampled: Sampled,
}

/// Gauges set when scraped.
#[derive(Default)]
struct Sampled {
    resident_memory_bytes: Gauge,
    cpu_seconds: Gauge<f64, AtomicU64>,
    threads: Gauge,
    open_fds: Gauge,
    start_time_seconds: Gauge<f64, AtomicU64>,
    runtime_workers: Gauge,
    runtime_alive_tasks: Gauge,
    pool_connections: Family<Labels, Gauge>,
    pool_max_connections: Gauge,
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
        let sampled = Sampled::default();
        let build_info = Family::<Labels, Gauge>::default();
        build_info
            .get_or_create(&vec![
                ("version", env!("CARGO_PKG_VERSION").to_string()),
                (
                    "build",
                    if cfg!(debug_assertions) {
                        "debug"
                    } else {
                        "release"
                    }
                    .to_string(),
                ),
            ])
            .set(1);
        registry.register("build_info", "The running build", build_info);
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        sampled.start_time_seconds.set(started);
        for (name, help, gauge) in [
            (
                "process_resident_memory_bytes",
                "Resident memory of the process",
                &sampled.resident_memory_bytes,
            ),
            (
                "process_threads",
                "Threads of the process",
                &sampled.threads,
            ),
            (
                "process_open_fds",
                "Open file descriptors (sockets included)",
                &sampled.open_fds,
            ),
            (
                "runtime_workers",
                "Worker threads of the async runtime",
                &sampled.runtime_workers,
            ),
            (
                "runtime_alive_tasks",
                "Tasks alive in the async runtime (connections, subscriptions, jobs)",
                &sampled.runtime_alive_tasks,
            ),
            (
                "db_pool_max_connections",
                "Most connections the pool opens (database.max_connections)",
                &sampled.pool_max_connections,
            ),
        ] {
            registry.register(name, help, gauge.clone());
        }
        registry.register(
            "process_cpu_seconds",
            "CPU time used by the process (user and system)",
            sampled.cpu_seconds.clone(),
        );
        registry.register(
            "process_start_time_seconds",
            "When the process started, in seconds since the epoch",
            sampled.start_time_seconds.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Open pool connections by state (idle, in_use)",
            sampled.pool_connections.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            sql_statements,
            rate_limited,
            auth_failures,
            operation_names: Mutex::new(HashSet::new()),
            sampled,
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

    /// The metrics text, with the process, runtime and pool gauges sampled now.
    pub fn render(&self, db: &DatabaseConnection, max_connections: u32) -> String {
        self.sample(db, max_connections);
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }

    fn sample(&self, db: &DatabaseConnection, max_connections: u32) {
        let g = &self.sampled;
        if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
            let field = |name: &str| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix(name))
                    .and_then(|v| v.split_whitespace().next()?.parse::<i64>().ok())
            };
            if let Some(kib) = field("VmRSS:") {
                g.resident_memory_bytes.set(kib * 1024);
            }
            if let Some(n) = field("Threads:") {
                g.threads.set(n);
            }
        }
        if let Some(seconds) = cpu_seconds() {
            g.cpu_seconds.set(seconds);
        }
        if let Ok(fds) = std::fs::read_dir("/proc/self/fd") {
            g.open_fds.set(fds.count() as i64);
        }
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            let m = rt.metrics();
            g.runtime_workers.set(m.num_workers() as i64);
            g.runtime_alive_tasks.set(m.num_alive_tasks() as i64);
        }
        let (size, idle) = match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                let p = db.get_postgres_connection_pool();
                (p.size(), p.num_idle())
            }
            DatabaseBackend::Sqlite => {
                let p = db.get_sqlite_connection_pool();
                (p.size(), p.num_idle())
            }
            _ => (0, 0),
        };
        let state = |s: &str| vec![("state", s.to_string())];
        g.pool_connections
            .get_or_create(&state("idle"))
            .set(idle as i64);
        g.pool_connections
            .get_or_create(&state("in_use"))
            .set(i64::from(size).saturating_sub(idle as i64));
        g.pool_max_connections.set(i64::from(max_connections));
    }
}

/// User and system CPU time from `/proc/self/stat` (fields 14 and 15, in clock ticks of
/// `USER_HZ`, 100 on the Linux platforms the gateway ships for).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may contain spaces: count from the closing parenthesis.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
