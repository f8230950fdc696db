//! The specifications in `docs/spec/` (and `docs/DATA-MODEL.md`) are verbatim copies of the
//! design documents: where the originals sit next to the repository, every copy must equal its
//! original, and every original must have a copy.

use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// (copy in the repository, original beside it)
fn pairs() -> Vec<(String, String)> {
    let mut pairs = vec![
        (
            format!("{ROOT}/docs/spec/AUTHZ.md"),
            format!("{ROOT}/../shared/design/AUTHZ.md"),
        ),
        (
            format!("{ROOT}/docs/DATA-MODEL.md"),
            format!("{ROOT}/../shared/design/DATA-MODEL.md"),
        ),
    ];
    let seeds = format!("{ROOT}/../shared/seeds");
    if let Ok(entries) = std::fs::read_dir(&seeds) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            pairs.push((
                format!("{ROOT}/docs/spec/seeds/{name}"),
                format!("{seeds}/{name}"),
            ));
        }
    }
    pairs
}

#[test]
fn every_specification_copy_equals_its_original() {
    for (copy, original) in pairs() {
        let ours = std::fs::read_to_string(&copy).unwrap_or_else(|_| panic!("{copy} is missing"));
        if let Ok(theirs) = std::fs::read_to_string(&original) {
            assert!(
                ours == theirs,
                "{copy} differs from {original}: copy it again"
            );
        }
    }
}

#[test]
fn the_binding_seed_specs_are_in_the_repository() {
    let seeds: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("docs/spec/seeds"))
        .expect("docs/spec/seeds")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for prefix in ["000_", "001_", "002_", "003_", "004_"] {
        assert!(
            seeds.iter().any(|s| s.starts_with(prefix)),
            "seed {prefix}* is not in docs/spec/seeds"
        );
    }
}
