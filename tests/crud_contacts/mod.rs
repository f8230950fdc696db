//! Generic CRUD through GraphQL on the contacts tables: round trips as the roles that may write
//! them, coordinator and peer-mentor row scopes (local associations, contacts linked to the
//! mentor), guarded personal details, private notes, and other tenants' rows answering null.

use crate::common;

use common::{TestApp, demo_id, error_code};
use meander_gateway::seed::catalog_id;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};
use uuid::Uuid;

const CREATE_CONTACT: &str = "mutation($i: CreateContactInput!) { createContact(input: $i) { id organizationId createdById status firstName lastName phone localAssociation { name } primaryPeerMentor { firstName } } }";
const CONTACT_BY_ID: &str = "query($id: UUID!) { contact(id: $id) { id firstName lastName phone email healthNotes birthDate } }";

const COORDINATOR: &str = "nhf.coordinator@meander.dev"; // NHF Oslo and Bærum
const MENTOR: &str = "nhf.mentor@meander.dev"; // NHF Oslo
const MENTOR2: &str = "nhf.mentor2@meander.dev"; // NHF Oslo

fn user(email: &str) -> Uuid {
    demo_id("user", email)
}

fn contact(key: &str) -> Uuid {
    demo_id("contact", key)
}

fn rule(body: &Value) -> (&str, &str) {
    let ext = &body["errors"][0]["extensions"];
    (
        ext["field"].as_str().unwrap_or(""),
        ext["rule"].as_str().unwrap_or(""),
    )
}

fn ok(body: &Value) {
    assert!(body["errors"].is_null(), "{body}");
}

/// Creates a contact as `token` and returns its id.
async fn create_contact(app: &TestApp, token: &str, input: Value) -> String {
    let body = app
        .gql(Some(token), CREATE_CONTACT, json!({ "i": input }))
        .await;
    ok(&body);
    body["data"]["createContact"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

mod contacts;
mod related;
