//! The deployment files (`Dockerfile`, `.dockerignore`, `deploy/compose.yaml`,
//! `deploy/nginx.conf`, `deploy/meander-gateway.service`) agree with the code and with each
//! other. They are parsed and checked here without Docker, a server or a database; the gateway
//! environments of the compose file go through the real binary's `config check`, so a
//! `MEANDER__` variable is judged by the loader the server starts with.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
    process::Command,
};

use serde::Deserialize;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Values for the variables compose requires (`${VAR:?...}`): stand-ins, never real secrets.
const STAND_INS: &[(&str, &str)] = &[
    ("POSTGRES_PASSWORD", "postgres-stand-in"),
    ("MEANDER_DB_PASSWORD", "meander-stand-in"),
    ("REPLICATION_PASSWORD", "replication-stand-in"),
    (
        "MEANDER_JWT_SECRET",
        "a-stand-in-secret-of-more-than-32-bytes",
    ),
];

/// Settings `config check` prints as `***`.
const SECRETS: &[&str] = &["database.url", "database.replica_url", "auth.jwt_secret"];

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

// ---- Compose --------------------------------------------------------------------------------

#[derive(Deserialize)]
struct Compose {
    services: BTreeMap<String, Service>,
    #[serde(default)]
    volumes: BTreeMap<String, serde::de::IgnoredAny>,
    #[serde(default)]
    networks: BTreeMap<String, serde::de::IgnoredAny>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Service {
    image: Option<String>,
    build: Option<Build>,
    entrypoint: Vec<String>,
    command: Vec<String>,
    environment: BTreeMap<String, String>,
    depends_on: BTreeMap<String, Dependency>,
    healthcheck: Option<Healthcheck>,
    volumes: Vec<String>,
    ports: Vec<String>,
    networks: Vec<String>,
}

#[derive(Deserialize)]
struct Build {
    context: String,
    dockerfile: String,
}

#[derive(Deserialize)]
struct Dependency {
    condition: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Healthcheck {
    test: Vec<String>,
    disable: bool,
}

fn compose() -> Compose {
    serde_saphyr::from_str(&read("deploy/compose.yaml"))
        .unwrap_or_else(|e| panic!("deploy/compose.yaml: {e}"))
}

/// Compose's `${VAR}`, `${VAR:-default}`, `${VAR:?message}` and `$$`, with `vars` as the
/// environment; a required variable missing from it is an error naming it.
fn interpolate(text: &str, vars: &BTreeMap<&str, &str>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(r) = after.strip_prefix('$') {
            out.push('$');
            rest = r;
            continue;
        }
        let body = after
            .strip_prefix('{')
            .ok_or_else(|| format!("a bare `$` in `{text}`"))?;
        let end = body
            .find('}')
            .ok_or_else(|| format!("unclosed `${{` in `{text}`"))?;
        let expr = &body[..end];
        let (name, value) = if let Some((name, _)) = expr.split_once(":?") {
            let v = vars.get(name).ok_or(format!("`{name}` is required"))?;
            (name, v.to_string())
        } else if let Some((name, default)) = expr.split_once(":-") {
            (name, vars.get(name).map_or(default, |v| *v).to_string())
        } else {
            let v = vars.get(expr).ok_or(format!("`{expr}` has no value"))?;
            (expr, v.to_string())
        };
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "`{name}` in `{text}` is not a variable name"
        );
        out.push_str(&value);
        rest = &body[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn stand_ins() -> BTreeMap<&'static str, &'static str> {
    STAND_INS.iter().copied().collect()
}

/// The services running the gateway image (built from the repository's Dockerfile).
fn gateway_services(c: &Compose) -> Vec<(&String, &Service)> {
    let image = c
        .services
        .values()
        .find_map(|s| s.build.as_ref().and(s.image.as_ref()))
        .expect("a service builds the gateway image");
    c.services
        .iter()
        .filter(|(_, s)| s.image.as_ref() == Some(image))
        .collect()
}

/// The replicas behind the load balancer: gateway services that `serve`.
fn serving(c: &Compose) -> Vec<(&String, &Service)> {
    gateway_services(c)
        .into_iter()
        .filter(|(_, s)| s.command.first().map(String::as_str) == Some("serve"))
        .collect()
}

/// The configuration a gateway service starts with, as `config check` prints it (TOML), run
/// with exactly the service's environment.
fn effective_config(name: &str, service: &Service) -> toml::Table {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_meander-gateway"));
    cmd.env_clear().current_dir(ROOT).args(["config", "check"]);
    for (key, value) in &service.environment {
        let value = interpolate(value, &stand_ins()).unwrap_or_else(|e| panic!("{name}: {e}"));
        cmd.env(key, value);
    }
    let out = cmd.output().expect("run meander-gateway config check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "service `{name}`: the gateway refuses its environment: {}{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .parse()
        .unwrap_or_else(|e| panic!("{name}: config check printed no TOML: {e}"))
}

fn lookup<'a>(table: &'a toml::Table, dotted: &str) -> Option<&'a toml::Value> {
    let mut parts = dotted.split('.');
    let mut value = table.get(parts.next()?)?;
    for part in parts {
        value = value.as_table()?.get(part)?;
    }
    Some(value)
}

fn port_of(addr: &str) -> u16 {
    addr.rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("`{addr}` has no port"))
}

/// The host of `postgres://user:password@host:port/db`.
fn url_host(url: &str) -> &str {
    let after = url.rsplit('@').next().unwrap_or(url);
    after.split([':', '/']).next().unwrap_or(after)
}

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

// ---- nginx ----------------------------------------------------------------------------------

struct Nginx {
    /// Upstream name -> its `server` addresses.
    upstreams: BTreeMap<String, Vec<String>>,
    listen: Vec<u16>,
    proxy_pass: Vec<String>,
}

fn nginx() -> Nginx {
    let text = read("deploy/nginx.conf");
    let mut n = Nginx {
        upstreams: BTreeMap::new(),
        listen: Vec::new(),
        proxy_pass: Vec::new(),
    };
    let mut upstream: Option<String> = None;
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        let words: Vec<&str> = line
            .trim_end_matches([';', '{'])
            .split_whitespace()
            .collect();
        match words.as_slice() {
            ["upstream", name] => upstream = Some(name.to_string()),
            ["}"] | [] if line == "}" => upstream = None,
            ["server", addr, ..] if upstream.is_some() => n
                .upstreams
                .entry(upstream.clone().unwrap())
                .or_default()
                .push(addr.to_string()),
            ["listen", port, ..] => n.listen.push(port.parse().expect("listen PORT")),
            ["proxy_pass", target] => n.proxy_pass.push(target.to_string()),
            _ => {}
        }
    }
    n
}

#[test]
fn the_load_balancer_sends_to_every_replica_on_its_public_port_as_the_image_exposes() {
    let c = compose();
    let n = nginx();
    let exposed = dockerfile_exposed_ports();
    assert!(!n.proxy_pass.is_empty());
    let mut upstream_hosts = BTreeSet::new();
    for target in &n.proxy_pass {
        let name = target.strip_prefix("http://").expect("plain http upstream");
        let servers = n
            .upstreams
            .get(name)
            .unwrap_or_else(|| panic!("proxy_pass to undefined upstream `{name}`"));
        for addr in servers {
            upstream_hosts.insert(addr.rsplit_once(':').unwrap().0.to_string());
        }
    }
    let replicas = serving(&c);
    let names: BTreeSet<String> = replicas.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        upstream_hosts, names,
        "nginx upstreams = the serving replicas"
    );
    for (name, s) in &replicas {
        let config = effective_config(name, s);
        let str_of = |k| lookup(&config, k).and_then(toml::Value::as_str).unwrap();
        let public = port_of(str_of("server.bind"));
        let operations = port_of(str_of("server.operations_bind"));
        for servers in n.upstreams.values() {
            for addr in servers
                .iter()
                .filter(|a| a.starts_with(&format!("{name}:")))
            {
                assert_eq!(
                    port_of(addr),
                    public,
                    "nginx reaches `{name}` on server.bind"
                );
            }
        }
        assert!(exposed.contains(&public), "EXPOSE {public} (server.bind)");
        assert!(
            exposed.contains(&operations),
            "EXPOSE {operations} (operations)"
        );
        // The probe asks the operations listener, which nginx never proxies to.
        let test = &s.healthcheck.as_ref().expect("a gateway healthcheck").test;
        assert!(
            test.iter().any(|w| w == &operations.to_string()),
            "`{name}` is probed on its operations port: {test:?}"
        );
        assert!(test.iter().any(|w| w == "/readyz" || w == "/healthz"));
    }
    let lb = c
        .services
        .values()
        .find(|s| s.volumes.iter().any(|v| v.contains("nginx.conf")))
        .expect("a service runs deploy/nginx.conf");
    for port in &lb.ports {
        let port = interpolate(port, &stand_ins()).unwrap();
        assert!(
            n.listen.contains(&port_of(&port)),
            "published {port} is nginx's listen"
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

// ---- Dockerfile -----------------------------------------------------------------------------

/// The Dockerfile's instructions (keyword, arguments), continuation lines joined and comments
/// dropped, grouped by stage; stage 0 holds what comes before the first FROM.
fn dockerfile() -> Vec<Vec<(String, String)>> {
    let mut stages = vec![Vec::new()];
    let mut pending = String::new();
    for line in read("Dockerfile").lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        if let Some(head) = trimmed.strip_suffix('\\') {
            pending.push_str(head);
            pending.push(' ');
            continue;
        }
        pending.push_str(trimmed);
        let text = std::mem::take(&mut pending);
        let (keyword, args) = text.split_once(char::is_whitespace).unwrap_or((&text, ""));
        let keyword = keyword.to_uppercase();
        if keyword == "FROM" {
            stages.push(Vec::new());
        }
        stages
            .last_mut()
            .unwrap()
            .push((keyword, args.trim().to_string()));
    }
    stages
}

fn dockerfile_exposed_ports() -> BTreeSet<u16> {
    dockerfile()
        .last()
        .unwrap()
        .iter()
        .filter(|(k, _)| k == "EXPOSE")
        .flat_map(|(_, a)| {
            a.split_whitespace()
                .map(|p| p.trim_end_matches("/tcp").parse().unwrap())
        })
        .collect()
}

/// The binary Cargo.toml builds: its `[[bin]]` targets, or the package's name for src/main.rs.
fn cargo_binary() -> String {
    let manifest: toml::Table = read("Cargo.toml").parse().unwrap();
    let bins = manifest.get("bin").and_then(toml::Value::as_array);
    let name = match bins {
        Some(bins) => bins[0]["name"].as_str().unwrap(),
        None => manifest["package"]["name"].as_str().unwrap(),
    };
    name.to_string()
}

/// Whether `.dockerignore` keeps `path` out of the build context (Docker's rules: a pattern
/// matching a directory covers what is under it; the last matching pattern decides).
fn docker_ignored(path: &str) -> bool {
    fn glob(pattern: &[&str], path: &[&str]) -> bool {
        match (pattern.first(), path.first()) {
            (None, None) => true,
            (Some(&"**"), _) => {
                glob(&pattern[1..], path) || (!path.is_empty() && glob(pattern, &path[1..]))
            }
            (Some(p), Some(c)) => component(p, c) && glob(&pattern[1..], &path[1..]),
            _ => false,
        }
    }
    fn component(p: &str, c: &str) -> bool {
        match p.split_once('*') {
            None => p == c,
            Some((head, tail)) => {
                c.starts_with(head)
                    && (0..=c.len() - head.len()).any(|i| component(tail, &c[head.len() + i..]))
            }
        }
    }
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let mut ignored = false;
    for line in read(".dockerignore").lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (negated, pattern) = line.strip_prefix('!').map_or((false, line), |p| (true, p));
        let pattern: Vec<&str> = pattern.trim_matches('/').split('/').collect();
        if (1..=parts.len()).any(|n| glob(&pattern, &parts[..n])) {
            ignored = !negated;
        }
    }
    ignored
}

#[test]
fn the_image_runs_as_a_non_root_user_and_copies_what_the_repository_has() {
    let stages = dockerfile();
    let binary = cargo_binary();
    let manifest: toml::Table = read("Cargo.toml").parse().unwrap();
    let rust_version = manifest["workspace"]["package"]["rust-version"]
        .as_str()
        .unwrap();
    let arg = |name: &str| {
        stages[0]
            .iter()
            .find_map(|(k, a)| (k == "ARG").then(|| a.strip_prefix(&format!("{name}=")))?)
            .unwrap_or_else(|| panic!("ARG {name}=... before the first FROM"))
    };
    assert_eq!(
        arg("RUST_VERSION"),
        rust_version,
        "the builder's Rust is the rust-version"
    );
    let builder = &stages[1];
    assert!(
        builder[0].1.starts_with("rust:${RUST_VERSION}"),
        "{:?}",
        builder[0]
    );
    let build = builder
        .iter()
        .find(|(k, a)| k == "RUN" && a.contains("cargo build"))
        .unwrap();
    assert!(build.1.contains("--release") && build.1.contains("--locked"));
    assert!(
        build.1.contains(&format!("target/release/{binary} ")),
        "copies out {binary}"
    );

    let runtime = stages.last().unwrap();
    let user = runtime
        .iter()
        .rev()
        .find(|(k, _)| k == "USER")
        .expect("a USER");
    let name = user.1.split(':').next().unwrap();
    assert!(!["root", "0", ""].contains(&name), "runs as `{}`", user.1);
    for (keyword, args) in stages.iter().flatten() {
        if keyword != "COPY" && keyword != "ADD" {
            continue;
        }
        assert!(
            !args.starts_with('['),
            "COPY in JSON form is not checked: {args}"
        );
        let words: Vec<&str> = args.split_whitespace().collect();
        if words.iter().any(|w| w.starts_with("--from=")) {
            assert!(
                words.iter().any(|w| w.ends_with(&format!("/{binary}"))),
                "{args}"
            );
            continue;
        }
        let sources: Vec<&str> = words
            .iter()
            .filter(|w| !w.starts_with("--"))
            .copied()
            .collect();
        for source in &sources[..sources.len() - 1] {
            if *source == "." {
                continue;
            }
            assert!(
                Path::new(ROOT).join(source).exists(),
                "COPY {source}: missing"
            );
            assert!(
                !docker_ignored(source),
                "COPY {source}: excluded by .dockerignore"
            );
        }
    }
    // What `cargo build --workspace` reads must be in the build context.
    let mut needed = vec!["Cargo.toml".to_string(), "Cargo.lock".into()];
    let members = manifest["workspace"]["members"].as_array().unwrap();
    needed.extend(members.iter().map(|m| m.as_str().unwrap().to_string()));
    for test in manifest
        .get("test")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
    {
        needed.push(test["path"].as_str().unwrap().to_string());
    }
    needed.extend(["config".into(), "assets".into(), "migration/sql".into()]);
    for path in needed.iter().filter(|p| *p != ".") {
        assert!(
            !docker_ignored(path),
            "the build needs `{path}`; .dockerignore drops it"
        );
    }
    let entrypoint = runtime.iter().find(|(k, _)| k == "ENTRYPOINT").unwrap();
    assert!(
        entrypoint.1.contains(&format!("\"{binary}\"")),
        "{}",
        entrypoint.1
    );
    assert!(
        runtime
            .iter()
            .any(|(k, a)| k == "STOPSIGNAL" && a == "SIGTERM")
    );
    let health = runtime
        .iter()
        .find(|(k, _)| k == "HEALTHCHECK")
        .expect("a HEALTHCHECK");
    assert!(health.1.contains("/healthz"), "{}", health.1);
}

#[test]
fn the_dockerignore_matcher_follows_dockers_rules() {
    // The matcher of the test above, on the repository's own .dockerignore.
    assert!(docker_ignored("target/release/x"));
    assert!(docker_ignored("deploy/compose.yaml"));
    assert!(
        !docker_ignored("deploy/healthcheck.sh"),
        "re-included by `!`"
    );
    assert!(docker_ignored("seed/data/demo.sqlite"), "**/*.sqlite");
    assert!(!docker_ignored("src/main.rs"));
}

// ---- systemd --------------------------------------------------------------------------------

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
