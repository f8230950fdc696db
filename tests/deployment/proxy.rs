//! `deploy/nginx.conf`: the upstreams are the serving replicas, on the port they listen on and
//! the image exposes.

use super::*;

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
