//! Field-level rules that the foundation already exposes.

use crate::common;

use common::TestApp;
use serde_json::json;

#[tokio::test]
async fn secret_columns_have_no_field_in_the_schema() {
    let sdl = meander_gateway::graphql::sdl();
    for secret in ["passwordHash", "tokenHash", "password_hash", "token_hash"] {
        assert!(!sdl.contains(secret), "{secret} must not be in the schema");
    }
}

#[tokio::test]
async fn a_user_reads_their_own_email() {
    let app = TestApp::spawn().await;
    let token = app.token("hlf.mentor@meander.dev").await;
    let body = app
        .gql(
            Some(&token),
            "{ viewer { user { email phone } } }",
            json!({}),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(
        body["data"]["viewer"]["user"]["email"],
        "hlf.mentor@meander.dev"
    );
}
