//! The deployment files (`Dockerfile`, `.dockerignore`, `deploy/compose.yaml`,
//! `deploy/nginx.conf`, `deploy/meander-gateway.service`) agree with the code and with each
//! other. They are parsed and checked here without Docker, a server or a database; the gateway
//! environments of the compose file go through the real binary's `config check`, so a
//! `MEANDER__` variable is judged by the loader the server starts with.

mod compose;
mod image;
mod proxy;
mod systemd;

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
