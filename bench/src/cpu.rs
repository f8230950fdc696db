//! CPU time spent by the server and by PostgreSQL during the measured window, read from
//! `/proc` (the driver runs on the same machine): per request, it is the figure a throughput
//! number hides (a faster answer bought with more CPU does not scale out).

use std::time::{Duration, Instant};

/// Clock ticks of one process (user + system), from `/proc/<pid>/stat`.
fn ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces: fields are counted after its closing ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

/// Ticks of every process named `postgres` (the backends of the pool live through the run).
fn postgres_ticks() -> u64 {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0;
    };
    dir.flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.trim() == "postgres")
        })
        .filter_map(ticks)
        .sum()
}

fn tick_ms() -> f64 {
    let hz = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok()?.trim().parse::<f64>().ok())
        .unwrap_or(100.0);
    1000.0 / hz
}

/// CPU milliseconds of the server process and of PostgreSQL between `from` and `to`.
pub struct Window {
    pub server_ms: Option<f64>,
    pub postgres_ms: f64,
}

/// Samples at `from` and at `to` (spawned before the load starts).
pub async fn measure(server_pid: Option<u32>, from: Instant, to: Instant) -> Window {
    tokio::time::sleep_until(from.into()).await;
    let (s0, p0) = (server_pid.and_then(ticks), postgres_ticks());
    tokio::time::sleep_until(to.into()).await;
    // The last requests of the window finish just after it.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (s1, p1) = (server_pid.and_then(ticks), postgres_ticks());
    let ms = tick_ms();
    Window {
        server_ms: s0.zip(s1).map(|(a, b)| b.saturating_sub(a) as f64 * ms),
        postgres_ms: p1.saturating_sub(p0) as f64 * ms,
    }
}
