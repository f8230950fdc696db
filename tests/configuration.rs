//! Configuration that cannot silently misconfigure (issue 12): the real binary refuses to start
//! on an unknown key, in a file or a `MEANDER__` variable, naming it with the nearest real key;
//! a partial file in `MEANDER_CONFIG_DIR` changes only its own keys.

use std::{
    process::{Command, Output, Stdio},
    time::{Duration, Instant},
};

/// Runs the binary with `args` and `env` over a throwaway config dir holding `default.toml`;
/// kills it (and fails) if it is still running after 30 s, i.e. if it started serving. (Its
/// output must stay small: the pipes are read only once it has exited.)
fn run(args: &[&str], default_toml: Option<&str>, env: &[(&str, &str)]) -> Output {
    let dir =
        std::env::temp_dir().join(format!("meander-config-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    if let Some(text) = default_toml {
        std::fs::write(dir.join("default.toml"), text).unwrap();
    }
    let db = dir.join("db.sqlite");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_meander-gateway"));
    cmd.args([
        "--database-url",
        &format!("sqlite://{}?mode=rwc", db.display()),
    ])
    .args(["--bind", "127.0.0.1:0"])
    .args(args)
    .env("MEANDER_PROFILE", "test")
    .env("MEANDER_CONFIG_DIR", &dir)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    out
}

fn refused_with(out: &Output, needles: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "started: {stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "`{needle}` not in: {stderr}");
    }
}

#[test]
fn a_misspelt_key_in_a_config_file_stops_the_server_naming_it() {
    let out = run(&["serve"], Some("[database]\nmax_conections = 4\n"), &[]);
    refused_with(
        &out,
        &[
            "database.max_conections",
            "did you mean `database.max_connections`",
        ],
    );
}

#[test]
fn a_misspelt_environment_variable_stops_the_server_naming_it() {
    let out = run(&["serve"], None, &[("MEANDER__LIMITS__MAX_DEPHT", "5")]);
    refused_with(
        &out,
        &[
            "limits.max_depht",
            "MEANDER__LIMITS__MAX_DEPHT",
            "did you mean `limits.max_depth`",
        ],
    );
}

#[test]
fn a_mistyped_value_stops_the_server_naming_the_real_key() {
    let out = run(
        &["serve"],
        None,
        &[("MEANDER__DATABASE__MAX_CONNECTIONS", "lots")],
    );
    refused_with(&out, &["`database.max_connections`"]);
}

#[test]
fn a_partial_config_file_layers_over_the_built_in_defaults() {
    // Only one key in the file: everything else comes from the built-in layers, so the
    // configuration is complete and valid (`schema --check` loads it, compares and exits).
    let committed = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let out = run(
        &["schema", "--check", "--path", committed],
        Some("[limits]\nmax_depth = 7\n"),
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
