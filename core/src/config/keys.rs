//! Reading the merged layers into `Settings` so that nothing is silently ignored: a key no
//! setting reads (a typo in a file or a `MEANDER__` variable) stops the server naming it, with
//! the nearest real key, and a value of the wrong type names its real key.

use super::{ConfigError, Settings};

/// Keys of one `[[auth.external_issuers]]` table, which `config/default.toml` only shows as a
/// comment.
const EXTERNAL_ISSUER_KEYS: &[&str] = &[
    "name",
    "issuer",
    "audience",
    "algorithm",
    "jwks_file",
    "public_key_file",
    "jwks_url",
    "jwks_ca_file",
    "email_claim",
    "provider",
];

/// Deserializes the merged configuration; `known` are the dotted keys of the built-in defaults.
pub(super) fn deserialize(
    config: config::Config,
    known: &[String],
) -> Result<Settings, ConfigError> {
    let mut unknown: Vec<String> = Vec::new();
    let mut ignored = |path: serde_ignored::Path<'_>| unknown.push(path.to_string());
    let de = serde_ignored::Deserializer::new(config, &mut ignored);
    let settings: Result<Settings, _> = serde_path_to_error::deserialize(de);
    // An unknown key first: a misspelt key often is why a value is missing or mistyped.
    if let Some(key) = unknown.into_iter().next() {
        return Err(unknown_key(&key, known));
    }
    settings.map_err(|e| {
        let key = e.path().to_string();
        let key = if key == "." { "config".into() } else { key };
        ConfigError {
            message: format!("{}{}", e.inner(), env_origin(&key)),
            key,
        }
    })
}

fn unknown_key(key: &str, known: &[String]) -> ConfigError {
    let mut message = format!("is not a configuration key{}", env_origin(key));
    if let Some(best) = suggest(key, known) {
        message.push_str(&format!("; did you mean `{best}`?"));
    }
    ConfigError {
        key: key.to_string(),
        message,
    }
}

/// " (from MEANDER__X__Y)" when that environment variable spells the key.
fn env_origin(key: &str) -> String {
    let var = format!("MEANDER__{}", key.replace('.', "__").to_uppercase());
    if std::env::var_os(&var).is_some() {
        format!(" (from {var})")
    } else {
        String::new()
    }
}

/// Every dotted key (sections and values) of a configuration, e.g. `database`, `database.url`.
pub(super) fn known_keys(config: &config::Config) -> Vec<String> {
    fn walk(prefix: &str, value: &config::Value, out: &mut Vec<String>) {
        if let Ok(table) = value.clone().into_table() {
            for (k, v) in table {
                let key = if prefix.is_empty() {
                    k
                } else {
                    format!("{prefix}.{k}")
                };
                out.push(key.clone());
                walk(&key, &v, out);
            }
        }
    }
    let mut out = Vec::new();
    if let Ok(root) = config.cache.clone().into_table() {
        for (k, v) in root {
            out.push(k.clone());
            walk(&k, &v, &mut out);
        }
    }
    out
}

/// The known key nearest to `key`: same depth, few edits, or the same last part in another
/// section (`server.max_connections` -> `database.max_connections`).
pub(super) fn suggest(key: &str, known: &[String]) -> Option<String> {
    // In an external issuer table (`auth.external_issuers.0.x`) the candidates are its keys.
    if let Some(rest) = key.strip_prefix("auth.external_issuers.")
        && let Some((index, leaf)) = rest.split_once('.')
    {
        return EXTERNAL_ISSUER_KEYS
            .iter()
            .map(|k| (edit_distance(leaf, k), *k))
            .filter(|(d, k)| close_enough(*d, k))
            .min()
            .map(|(_, k)| format!("auth.external_issuers.{index}.{k}"));
    }
    let depth = key.split('.').count();
    let leaf = key.rsplit('.').next().unwrap_or(key);
    known
        .iter()
        .filter_map(|k| {
            if k.rsplit('.').next() == Some(leaf) {
                return Some((0, k));
            }
            let d = edit_distance(key, k);
            (k.split('.').count() == depth && close_enough(d, k)).then_some((d, k))
        })
        .min()
        .map(|(_, k)| k.clone())
}

/// Typos, not other words: at most a third of the candidate's length (at least one edit).
fn close_enough(distance: usize, candidate: &str) -> bool {
    distance <= (candidate.len() / 3).max(1)
}

/// Levenshtein distance over characters.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        [
            "database",
            "database.url",
            "database.max_connections",
            "server",
            "server.bind",
            "limits",
            "limits.max_depth",
            "limits.max_nesting",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("max_conections", "max_connections"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("ålesund", "alesund"), 1);
    }

    #[test]
    fn a_misspelt_key_suggests_the_nearest_real_one() {
        let k = known();
        assert_eq!(
            suggest("database.max_conections", &k).as_deref(),
            Some("database.max_connections")
        );
        assert_eq!(suggest("databse", &k).as_deref(), Some("database"));
        assert_eq!(
            suggest("server.max_connections", &k).as_deref(),
            Some("database.max_connections")
        );
        assert_eq!(suggest("limits.colour", &k), None);
        assert_eq!(
            suggest("auth.external_issuers.0.jwks_fle", &k).as_deref(),
            Some("auth.external_issuers.0.jwks_file")
        );
    }

    /// The built-in defaults with `toml` and `env` (`MEANDER__...` variables) over them.
    fn load(toml: &str, env: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let env = config::Map::from_iter(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let config = config::Config::builder()
            .add_source(super::super::embedded("default"))
            .add_source(config::File::from_str(toml, config::FileFormat::Toml))
            .add_source(super::super::env_source().source(Some(env)))
            .build()
            .unwrap();
        let defaults = config::Config::builder()
            .add_source(super::super::embedded("default"))
            .build()
            .unwrap();
        deserialize(config, &known_keys(&defaults))
    }

    #[test]
    fn a_partial_file_keeps_the_other_defaults() {
        let s = load("[database]\nmax_connections = 3\n", &[]).unwrap();
        assert_eq!(s.database.max_connections, 3);
        assert_eq!(s.limits.max_depth, 12);
        assert!(s.server.introspection);
    }

    #[test]
    fn unknown_keys_in_files_and_variables_are_refused_by_name() {
        let e = load("[database]\nmax_conections = 3\n", &[]).unwrap_err();
        assert_eq!(e.key, "database.max_conections");
        assert!(e.message.contains("`database.max_connections`"), "{e}");
        let e = load("[limits]\nmax_depht = 3\n", &[]).unwrap_err();
        assert!(e.message.contains("`limits.max_depth`"), "{e}");
        let e = load("", &[("MEANDER__DATABSE__URL", "sqlite::memory:")]).unwrap_err();
        assert_eq!(e.key, "databse");
        assert!(e.message.contains("did you mean `database`"), "{e}");
        let e = load("", &[("MEANDER__SERVER__INTROSPECTON", "false")]).unwrap_err();
        assert_eq!(e.key, "server.introspecton");
    }

    #[test]
    fn a_mistyped_value_names_its_real_key() {
        let e = load("", &[("MEANDER__DATABASE__MAX_CONNECTIONS", "lots")]).unwrap_err();
        assert_eq!(e.key, "database.max_connections", "{e}");
        let e = load("[limits]\nmax_depth = \"deep\"\n", &[]).unwrap_err();
        assert_eq!(e.key, "limits.max_depth", "{e}");
        let e = load("[server]\ngraphiql = \"maybe\"\n", &[]).unwrap_err();
        assert_eq!(e.key, "server.graphiql", "{e}");
    }

    #[test]
    fn an_unknown_key_is_named_with_its_suggestion() {
        let e = unknown_key("database.max_conections", &known());
        assert_eq!(e.key, "database.max_conections");
        assert!(
            e.to_string()
                .contains("did you mean `database.max_connections`"),
            "{e}"
        );
    }
}
