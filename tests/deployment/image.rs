//! `Dockerfile` and `.dockerignore`: the build and the runtime stage.

use super::*;

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
