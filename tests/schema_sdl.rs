//! `schema.graphql` is the committed SDL; it must match what the code builds.

#[test]
fn schema_graphql_matches_the_code() {
    let built = meander_gateway::graphql::sdl();
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
        .unwrap_or_default();
    assert!(
        committed == built,
        "schema.graphql is out of date: run `cargo run -- schema > schema.graphql`"
    );
}
