//! `deploy/meander-gateway.service`.

use super::*;

#[test]
fn the_systemd_unit_starts_the_binary_cargo_builds_and_waits_for_its_drain() {
    let unit = read("deploy/meander-gateway.service");
    let value = |key: &str| {
        unit.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("the unit sets no {key}="))
    };
    let exec = value("ExecStart");
    let program = Path::new(exec.split_whitespace().next().unwrap());
    assert!(
        program.is_absolute(),
        "ExecStart needs an absolute path: {exec}"
    );
    assert_eq!(
        program.file_name().unwrap().to_str(),
        Some(cargo_binary().as_str())
    );
    assert!(!["root", "0"].contains(&value("User")), "a dedicated user");
    assert_eq!(value("KillSignal"), "SIGTERM");
    assert_eq!(value("Restart"), "on-failure");
    let stop: u64 = value("TimeoutStopSec")
        .trim_end_matches('s')
        .parse()
        .unwrap();
    let defaults: toml::Table = read("config/default.toml").parse().unwrap();
    let grace = defaults["server"]["shutdown_grace_seconds"]
        .as_integer()
        .unwrap() as u64;
    assert!(
        stop >= grace + 5,
        "TimeoutStopSec {stop} < grace {grace} + 5 s for WebSockets"
    );
}
