//! `meander-bench soak`: mixed load for a long time, with the server's memory, descriptors and
//! database connections sampled, and optionally a fault (a shell command, e.g. restarting
//! PostgreSQL) injected part-way. It answers the reliability questions of RELIABILITY.md:
//! does memory stay flat, do connections leak, do errors happen only while the fault lasts,
//! and how long until every request succeeds again.
//!
//! The virtual users are split evenly over four scenarios of `run` (mobile-home, write-mix,
//! deep-nesting, admin-report). Every request is counted in the second it ended, as ok or
//! as an error with its code (`extensions.code`, `HTTP nnn`, or `transport`).

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use anyhow::Context;
use clap::Parser;
use hdrhistogram::Histogram;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::{Value, json};

use crate::run::{Plan, Scenario, Vu, plans, step};

#[derive(Parser)]
pub struct Args {
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Seconds of load after the warm-up.
    #[arg(long, default_value_t = 600)]
    duration: u64,
    #[arg(long, default_value_t = 30)]
    warmup: u64,
    /// Virtual users, split evenly over the four scenarios.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// The server's process id: its RSS and open descriptors are sampled.
    #[arg(long)]
    server_pid: Option<u32>,
    /// The database (PostgreSQL): its backend count for this database is sampled.
    #[arg(long)]
    database_url: Option<String>,
    #[arg(long, default_value_t = 5)]
    sample_every: u64,
    /// Seconds into the measured window at which `--fault-cmd` runs.
    #[arg(long)]
    fault_at: Option<u64>,
    /// A shell command (`sh -c`) that injects the fault and returns when it is over.
    #[arg(long)]
    fault_cmd: Option<String>,
    /// Where to write the per-second timeline and the samples (JSON).
    #[arg(long)]
    timeline: Option<String>,
}

/// The first message seen for each error code.
type Examples = Arc<Mutex<BTreeMap<String, String>>>;

#[derive(Default, Clone, serde::Serialize)]
struct Second {
    ok: u64,
    errors: BTreeMap<String, u64>,
}

#[derive(Clone, serde::Serialize)]
struct Sample {
    t_s: f64,
    rss_kib: Option<u64>,
    fds: Option<u64>,
    sockets: Option<u64>,
    db_backends: Option<i64>,
}

fn proc_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// (descriptors, of which sockets)
fn proc_fds(pid: u32) -> Option<(u64, u64)> {
    let mut fds = 0;
    let mut sockets = 0;
    for entry in std::fs::read_dir(format!("/proc/{pid}/fd")).ok()? {
        fds += 1;
        if let Ok(target) = std::fs::read_link(entry.ok()?.path())
            && target.to_string_lossy().starts_with("socket:")
        {
            sockets += 1;
        }
    }
    Some((fds, sockets))
}

async fn db_backends(url: &str, conn: &mut Option<DatabaseConnection>) -> Option<i64> {
    if conn.is_none() {
        *conn = Database::connect(url).await.ok();
    }
    let db = conn.as_ref()?;
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() \
             AND pid <> pg_backend_pid()",
        ))
        .await;
    match row {
        Ok(Some(r)) => r.try_get::<i64>("", "n").ok(),
        _ => {
            *conn = None; // reconnect next time (the server may have restarted)
            None
        }
    }
}

fn code_of(reply: &crate::run::Reply) -> Option<String> {
    if let Some(Value::Array(errors)) = reply.body.get("errors")
        && let Some(first) = errors.first()
    {
        return Some(
            first["extensions"]["code"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| format!("HTTP {}", reply.status.as_u16())),
        );
    }
    (!reply.status.is_success()).then(|| format!("HTTP {}", reply.status.as_u16()))
}

async fn drive(
    vu: Vu,
    mut plan: Plan,
    start: Instant,
    end: Instant,
    seconds: Arc<Mutex<Vec<Second>>>,
    examples: Examples,
) -> Histogram<u64> {
    let mut histogram = Histogram::new_with_bounds(1, 120_000_000, 3).expect("bounds");
    while Instant::now() < end {
        let t0 = Instant::now();
        let result = step(&vu, &mut plan).await;
        let error = match &result {
            Ok(reply) => code_of(reply),
            Err(_) => Some("transport".to_string()),
        };
        if let Some(code) = &error {
            let text = match &result {
                Ok(reply) => reply.error().unwrap_or_default(),
                Err(e) => e.to_string(),
            };
            examples
                .lock()
                .unwrap()
                .entry(code.clone())
                .or_insert_with(|| text.chars().take(300).collect());
        }
        if error.as_deref() == Some("transport") {
            // A refused connection returns at once: do not spin while the server is away.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        histogram.saturating_record(t0.elapsed().as_micros().max(1) as u64);
        // Counted in the second it ended: a request in flight when the fault began fails
        // after it, inside the fault window.
        let second = start.elapsed().as_secs() as usize;
        let mut seconds = seconds.lock().unwrap();
        if seconds.len() <= second {
            seconds.resize(second + 1, Second::default());
        }
        match error {
            None => seconds[second].ok += 1,
            Some(code) => *seconds[second].errors.entry(code).or_default() += 1,
        }
    }
    histogram
}

pub async fn soak(args: Args) -> anyhow::Result<()> {
    let endpoint = format!("{}/graphql", args.url.trim_end_matches('/'));
    let per = (args.concurrency / 4).max(1);
    let mut notes = Vec::new();
    let mut vus = Vec::new();
    for scenario in [
        Scenario::MobileHome,
        Scenario::WriteMix,
        Scenario::DeepNesting,
        Scenario::AdminReport,
    ] {
        vus.extend(
            plans(scenario, per, &endpoint, &mut notes)
                .await
                .with_context(|| format!("setting up {scenario:?}"))?,
        );
    }
    let start = Instant::now();
    let measured_from = start + Duration::from_secs(args.warmup);
    let end = measured_from + Duration::from_secs(args.duration);
    let seconds: Arc<Mutex<Vec<Second>>> = Arc::default();
    let examples: Examples = Arc::default();
    let clients = vus.len();
    let tasks: Vec<_> = vus
        .into_iter()
        .map(|(vu, plan)| {
            tokio::spawn(drive(
                vu,
                plan,
                start,
                end,
                seconds.clone(),
                examples.clone(),
            ))
        })
        .collect();

    // The fault, part-way through the measured window.
    let fault = match (args.fault_at, args.fault_cmd.clone()) {
        (Some(at), Some(cmd)) => Some(tokio::spawn(async move {
            tokio::time::sleep_until((measured_from + Duration::from_secs(at)).into()).await;
            let began = start.elapsed().as_secs_f64();
            // std's Command on a blocking thread: tokio's `process` feature would change the
            // feature set the server is built with (and rebuild it).
            let status = tokio::task::spawn_blocking(move || {
                std::process::Command::new("sh")
                    .arg("-c")
                    .arg(&cmd)
                    .status()
            })
            .await;
            let ended = start.elapsed().as_secs_f64();
            let ok = matches!(status, Ok(Ok(s)) if s.success());
            (began, ended, ok)
        })),
        _ => None,
    };

    let mut samples = Vec::new();
    let mut db = None;
    while Instant::now() < end {
        let (fds, sockets) = args
            .server_pid
            .and_then(proc_fds)
            .map_or((None, None), |(f, s)| (Some(f), Some(s)));
        let backends = match &args.database_url {
            Some(url) => db_backends(url, &mut db).await,
            None => None,
        };
        samples.push(Sample {
            t_s: start.elapsed().as_secs_f64(),
            rss_kib: args.server_pid.and_then(proc_rss_kib),
            fds,
            sockets,
            db_backends: backends,
        });
        tokio::time::sleep(Duration::from_secs(args.sample_every)).await;
    }
    let mut histogram = Histogram::<u64>::new_with_bounds(1, 120_000_000, 3)?;
    for t in tasks {
        histogram.add(&t.await?)?;
    }
    let fault = match fault {
        Some(f) => Some(f.await?),
        None => None,
    };
    let seconds = seconds.lock().unwrap().clone();
    let mut report = report(&args, &seconds, &samples, fault, &histogram, clients, notes);
    report["error_examples"] = json!(*examples.lock().unwrap());
    println!("{}", serde_json::to_string_pretty(&report)?);
    if let Some(path) = &args.timeline {
        std::fs::write(
            path,
            serde_json::to_string(&json!({ "seconds": seconds, "samples": samples }))?,
        )?;
    }
    Ok(())
}

/// The figures and verdicts; `t` counts seconds from the start of the warm-up.
fn report(
    args: &Args,
    seconds: &[Second],
    samples: &[Sample],
    fault: Option<(f64, f64, bool)>,
    histogram: &Histogram<u64>,
    clients: usize,
    notes: Vec<String>,
) -> Value {
    let warm = args.warmup as usize;
    let last = warm + args.duration as usize;
    let measured = &seconds[warm.min(seconds.len())..last.min(seconds.len())];
    let errors = |s: &Second| s.errors.values().sum::<u64>();
    let requests: u64 = measured.iter().map(|s| s.ok + errors(s)).sum();
    let (window, recovery) = match fault {
        Some((began, ended, _)) => {
            let from = began.floor() as usize;
            // Recovered: the first second from which every later second is error-free.
            let clean_from = (0..seconds.len())
                .rev()
                .take_while(|&i| errors(&seconds[i]) == 0)
                .last()
                .unwrap_or(seconds.len());
            let to = clean_from.max(ended.ceil() as usize);
            (Some((from, to)), Some(to as f64 - ended))
        }
        None => (None, None),
    };
    let mut outside_codes = BTreeMap::<String, u64>::new();
    for (_, s) in measured
        .iter()
        .enumerate()
        .filter(|(i, _)| window.is_none_or(|(a, b)| !(a..b).contains(&(i + warm))))
    {
        for (code, n) in &s.errors {
            *outside_codes.entry(code.clone()).or_default() += n;
        }
    }
    let outside: u64 = outside_codes.values().sum();
    let mut inside = BTreeMap::<String, u64>::new();
    if let Some((a, b)) = window {
        for s in &seconds[a.min(seconds.len())..b.min(seconds.len())] {
            for (code, n) in &s.errors {
                *inside.entry(code.clone()).or_default() += n;
            }
        }
    }
    // Memory once the allocator and caches are warm (two measured minutes), per phase: before
    // the fault, and after recovery (a database restart frees every pooled connection's
    // buffers, so memory may step down; it must not creep up within a phase).
    let settle = (args.warmup + 120) as f64;
    let (fault_from, fault_to) = window.map_or((f64::MAX, f64::MAX), |(a, b)| (a as f64, b as f64));
    let phase = |from: f64, to: f64| -> Value {
        let rss: Vec<u64> = samples
            .iter()
            .filter(|s| s.t_s >= from && s.t_s < to)
            .filter_map(|s| s.rss_kib)
            .collect();
        let (min, max) = (rss.iter().min().copied(), rss.iter().max().copied());
        let (first, last) = (rss.first().copied(), rss.last().copied());
        let pct = |a: Option<u64>, b: Option<u64>| match (a, b) {
            (Some(a), Some(b)) if a > 0 => Some((b as f64 - a as f64) / a as f64 * 100.0),
            _ => None,
        };
        json!({ "from_s": from, "samples": rss.len(), "min": min, "max": max,
                "spread_pct": pct(min, max), "first_to_last_pct": pct(first, last) })
    };
    let phases = if window.is_some() {
        vec![phase(settle, fault_from), phase(fault_to + 30.0, f64::MAX)]
    } else {
        vec![phase(settle, f64::MAX)]
    };
    let flat = phases
        .iter()
        .map(|p| p["spread_pct"].as_f64())
        .collect::<Option<Vec<f64>>>()
        .map(|s| s.iter().all(|s| *s <= 10.0));
    let first_after = |f: fn(&Sample) -> Option<i64>| {
        samples
            .iter()
            .filter(|s| s.t_s >= args.warmup as f64)
            .find_map(f)
    };
    let last_of = |f: fn(&Sample) -> Option<i64>| samples.iter().rev().find_map(f);
    let sockets = |s: &Sample| s.sockets.map(|v| v as i64);
    let backends = |s: &Sample| s.db_backends;
    let ms = |q: f64| histogram.value_at_quantile(q) as f64 / 1000.0;
    json!({
        "clients": clients,
        "duration_s": args.duration,
        "requests": requests,
        "rps": requests as f64 / args.duration as f64,
        "p50_ms": ms(0.5),
        "p99_ms": ms(0.99),
        "errors_outside_fault_window": outside,
        "errors_outside_by_code": outside_codes,
        "fault": fault.map(|(began, ended, ok)| json!({
            "command_started_s": began,
            "command_ended_s": ended,
            "command_succeeded": ok,
            "window_s": window.map(|(a, b)| [a, b]),
            "recovered_s_after_command": recovery,
            "errors_in_window": inside,
        })),
        "rss_kib_phases": phases,
        "server_sockets": { "start": first_after(sockets), "end": last_of(sockets) },
        "db_backends": { "start": first_after(backends), "end": last_of(backends) },
        "verdict": {
            "no_errors_outside_fault": outside == 0,
            "rss_flat_within_10pct_per_phase": flat,
        },
        "notes": notes,
    })
}
