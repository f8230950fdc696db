//! `deploy/compose.yaml`: its references resolve, the gateways' environment is a configuration
//! the binary accepts, the replica streams from the primary.

use super::*;

#[test]
fn every_dependency_names_a_defined_service_volume_and_network() {
    let c = compose();
    for (name, s) in &c.services {
        for (dep, d) in &s.depends_on {
            let Some(target) = c.services.get(dep) else {
                panic!("`{name}` depends on `{dep}`, which is not a service");
            };
            match d.condition.as_str() {
                "service_started" | "service_completed_successfully" => {}
                "service_healthy" => assert!(
                    target.healthcheck.as_ref().is_some_and(|h| !h.disable),
                    "`{name}` waits for `{dep}` to be healthy, which has no healthcheck"
                ),
                other => panic!("`{name}` -> `{dep}`: unknown condition `{other}`"),
            }
        }
        for volume in &s.volumes {
            let source = volume.split(':').next().unwrap_or(volume);
            if source.starts_with('.') {
                let path = Path::new(ROOT).join("deploy").join(source);
                assert!(
                    path.exists(),
                    "`{name}` mounts `{source}`, which is missing"
                );
            } else if !source.starts_with('/') {
                assert!(
                    c.volumes.contains_key(source),
                    "`{name}` uses volume `{source}`, not declared under `volumes:`"
                );
            }
        }
        for network in &s.networks {
            assert!(
                c.networks.contains_key(network),
                "`{name}` joins undeclared network `{network}`"
            );
        }
        if let Some(b) = &s.build {
            let dockerfile = Path::new(ROOT)
                .join("deploy")
                .join(&b.context)
                .join(&b.dockerfile);
            assert!(
                dockerfile.exists(),
                "`{name}` builds from a missing Dockerfile"
            );
        }
    }
}

#[test]
fn every_gateway_variable_is_a_configuration_key_the_server_reads() {
    let c = compose();
    let gateways = gateway_services(&c);
    assert!(gateways.len() >= 4, "the migration run and three replicas");
    assert_eq!(serving(&c).len(), 3, "three replicas serve");
    for (name, s) in gateways {
        let config = effective_config(name, s);
        for (var, raw) in &s.environment {
            if var == "MEANDER_PROFILE" {
                assert_eq!(raw, "production", "`{name}` runs the production profile");
                continue;
            }
            // A single underscore is not the prefix: the loader would ignore it silently.
            let Some(path) = var.strip_prefix("MEANDER__") else {
                assert!(
                    !var.starts_with("MEANDER"),
                    "`{name}`: `{var}` is not a MEANDER__SECTION__KEY variable"
                );
                continue;
            };
            let key = path.replace("__", ".").to_lowercase();
            let shown = lookup(&config, &key)
                .unwrap_or_else(|| panic!("`{name}`: `{var}` names no setting ({key})"));
            let expected = interpolate(raw, &stand_ins()).unwrap();
            let shown = match shown {
                toml::Value::String(s) => s.clone(),
                toml::Value::Array(items) => items
                    .iter()
                    .map(|v| v.as_str().map_or(v.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            };
            if SECRETS.contains(&key.as_str()) {
                assert_eq!(shown, "***", "`{name}`: {key} is set and redacted");
            } else {
                assert_eq!(shown, expected, "`{name}`: `{var}` did not reach {key}");
            }
        }
        assert_eq!(
            lookup(&config, "database.seed_demo").and_then(toml::Value::as_bool),
            Some(false),
            "`{name}`: no demo data"
        );
    }
}

#[test]
fn the_required_variables_are_listed_in_the_env_example() {
    let text = read("deploy/compose.yaml");
    let example = read("deploy/env.example");
    let listed: BTreeSet<&str> = example
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim()))
        .collect();
    let required: BTreeSet<&str> = text
        .split("${")
        .skip(1)
        .filter_map(|s| s.split_once(":?").map(|(name, _)| name))
        .filter(|name| !name.contains('}'))
        .collect();
    assert!(!required.is_empty());
    for name in &required {
        assert!(
            listed.contains(name),
            "`{name}` is required but not in deploy/env.example"
        );
        assert!(
            stand_ins().contains_key(name),
            "`{name}` needs a stand-in here"
        );
    }
}

// ---- PostgreSQL -----------------------------------------------------------------------------

#[test]
fn the_replica_streams_from_the_primary_and_the_gateways_read_it() {
    let c = compose();
    let mounts = |s: &Service, what: &str| s.volumes.iter().any(|v| v.contains(what));
    let (primary, p) = c
        .services
        .iter()
        .find(|(_, s)| mounts(s, "/docker-entrypoint-initdb.d/"))
        .expect("the primary runs the init script");
    assert!(mounts(p, "./postgres/init-primary.sh:"));
    let (replica, r) = c
        .services
        .iter()
        .find(|(_, s)| mounts(s, "./postgres/replica-entrypoint.sh:"))
        .expect("the replica runs its entrypoint");
    assert_eq!(
        r.environment.get("PRIMARY_HOST"),
        Some(primary),
        "replica -> primary"
    );
    assert!(r.depends_on.contains_key(primary.as_str()));
    for var in [
        "REPLICATION_USER",
        "REPLICATION_PASSWORD",
        "REPLICATION_SLOT",
    ] {
        assert_eq!(
            r.environment.get(var),
            p.environment.get(var),
            "{var} differs"
        );
    }
    assert_eq!(r.image, p.image, "one PostgreSQL version on both");
    let mounted = r
        .volumes
        .iter()
        .find(|v| v.contains("replica-entrypoint.sh"))
        .unwrap();
    let in_container = mounted.split(':').nth(1).unwrap();
    assert!(
        r.entrypoint.iter().any(|w| w == in_container),
        "the entrypoint runs the script"
    );
    let script = read("deploy/postgres/replica-entrypoint.sh");
    for flag in [
        "pg_basebackup",
        "--host=\"$PRIMARY_HOST\"",
        "--slot=\"$REPLICATION_SLOT\"",
        "--write-recovery-conf",
    ] {
        assert!(
            script.contains(flag),
            "replica-entrypoint.sh lacks `{flag}`"
        );
    }
    let init = read("deploy/postgres/init-primary.sh");
    assert!(
        init.contains("host replication ${REPLICATION_USER}"),
        "pg_hba line"
    );
    assert!(init.contains("pg_create_physical_replication_slot"));
    for (name, s) in gateway_services(&c) {
        let env = |k: &str| s.environment.get(k).map(String::as_str).unwrap_or("");
        assert_eq!(
            url_host(env("MEANDER__DATABASE__URL")),
            primary,
            "`{name}` writes the primary"
        );
        if !env("MEANDER__DATABASE__REPLICA_URL").is_empty() {
            assert_eq!(
                url_host(env("MEANDER__DATABASE__REPLICA_URL")),
                replica,
                "`{name}`"
            );
        }
    }
}

// ---- docker compose, where it exists ----------------------------------------------------------

#[test]
fn docker_compose_accepts_the_file_where_it_is_installed() {
    let present = Command::new("docker")
        .args(["compose", "version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !present {
        eprintln!("skipped: no `docker compose` on this machine");
        return;
    }
    let out = Command::new("docker")
        .args(["compose", "-f", "deploy/compose.yaml", "config", "-q"])
        .current_dir(ROOT)
        .envs(STAND_INS.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
