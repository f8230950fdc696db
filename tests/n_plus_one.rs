//! N+1 guard (issue 4): a page of activities with contact, peer mentor, activity type,
//! organization, local association and each contact's notes runs in a fixed number of SQL
//! statements (at most 8), the same for 10 rows as for 100. So do guarded fields (field rules
//! that need the database: a peer mentor's links to a contact, a coordinator's shared local
//! association with a user): one statement per rule and page, not one per row and field.

use crate::common;

use chrono::Duration;
use common::{TestApp, demo_id, statements};
use entity::{
    activities, activities::ActivityStatus, contact_notes, contacts,
    user_organization_memberships as memberships,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use uuid::Uuid;

const PAGE: &str = r#"query($n: Int!) {
  activities(first: $n, filter: { title: { startsWith: "N+1 guard" } }, orderBy: { field: ACTIVITY_DATE, direction: DESC }) {
    nodes {
      title
      peerMentor { id firstName }
      activityType { id name }
      organization { id slug }
      localAssociation { id name }
      contact { id firstName notes(first: 5) { nodes { id body } } }
    }
  }
}"#;

/// 100 activities in one local association, spread over the org's members (mentors), two
/// activity types and 100 contacts with two notes each.
async fn plant(app: &TestApp) {
    let org = demo_id("org", "nhf");
    let members: Vec<Uuid> = memberships::Entity::find()
        .filter(memberships::Column::OrganizationId.eq(org))
        .order_by_asc(memberships::Column::UserId)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    assert!(members.len() >= 3, "demo org has several members");
    let types = [
        demo_id("activity_type", "nhf:home_visit"),
        demo_id("activity_type", "nhf:phone_call"),
    ];
    let now = app.now();
    for i in 0..100 {
        let contact = plant_contact(app, format!("Guard{i}")).await;
        for n in 0..2 {
            contact_notes::ActiveModel {
                id: Set(Uuid::now_v7()),
                organization_id: Set(org),
                contact_id: Set(contact.id),
                note_type: Set(contact_notes::ContactNoteType::Interaction),
                title: Set(None),
                body: Set(format!("note {n} on contact {i}")),
                follow_up_required: Set(false),
                follow_up_due_date: Set(None),
                follow_up_completed_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                created_by_id: Set(None),
                updated_by_id: Set(None),
                deleted_at: Set(None),
            }
            .insert(&app.db)
            .await
            .unwrap();
        }
        let mentor = members[i % members.len()];
        plant_activity(
            app,
            mentor,
            contact.id,
            types[i % 2],
            format!("N+1 guard {i:03}"),
            i,
        )
        .await;
    }
}

/// A live contact of NHF Oslo with no personal details filled in and no primary mentor.
async fn plant_contact(app: &TestApp, first_name: String) -> contacts::Model {
    let (org, la, now) = (demo_id("org", "nhf"), demo_id("la", "oslo"), app.now());
    contacts::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(org),
        local_association_id: Set(la),
        primary_peer_mentor_id: Set(None),
        first_name: Set(first_name),
        last_name: Set("Contact".into()),
        status: Set(contacts::ContactStatus::Active),
        phone: Set(None),
        email: Set(None),
        street_address: Set(None),
        postal_code: Set(None),
        city: Set(None),
        municipality: Set(None),
        birth_date: Set(None),
        health_notes: Set(None),
        preferred_channel: Set(None),
        membership_number: Set(None),
        consent_given_at: Set(None),
        custom_fields: Set(json!({})),
        import_hash: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        created_by_id: Set(None),
        updated_by_id: Set(None),
        deleted_at: Set(None),
    }
    .insert(&app.db)
    .await
    .unwrap()
}

/// An approved activity of `mentor` with `contact`, `hours_ago` hours ago.
async fn plant_activity(
    app: &TestApp,
    mentor: Uuid,
    contact: Uuid,
    activity_type: Uuid,
    title: String,
    hours_ago: usize,
) {
    let (org, la, now) = (demo_id("org", "nhf"), demo_id("la", "oslo"), app.now());
    activities::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(org),
        user_id: Set(mentor),
        contact_id: Set(Some(contact)),
        local_association_id: Set(Some(la)),
        activity_type_id: Set(activity_type),
        title: Set(Some(title)),
        description: Set(None),
        activity_date: Set(now - Duration::hours(hours_ago as i64)),
        duration_minutes: Set(30),
        location: Set(None),
        status: Set(ActivityStatus::Approved),
        is_proxy_registration: Set(false),
        proxy_submitted_by: Set(None),
        is_bulk_registration: Set(false),
        bulk_batch_id: Set(None),
        event_id: Set(None),
        participant_count: Set(Some(1)),
        has_reimbursement: Set(false),
        calendar_event_id: Set(None),
        metadata: Set(None),
        synced_at: Set(None),
        import_hash: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        created_by_id: Set(Some(mentor)),
        updated_by_id: Set(Some(mentor)),
        deleted_at: Set(None),
    }
    .insert(&app.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn a_page_of_activities_with_all_relations_costs_the_same_statements_for_10_and_100_rows() {
    let app = TestApp::spawn().await;
    plant(&app).await;
    let token = app.token("nhf.admin@meander.dev").await;
    app.gql(Some(&token), "{ __typename }", json!({})).await; // the viewer is cached

    let mut counts = Vec::new();
    for n in [10, 100] {
        let (body, headers) = app.gql_full(Some(&token), PAGE, json!({ "n": n })).await;
        assert!(body["errors"].is_null(), "{body}");
        let nodes = body["data"]["activities"]["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), n);
        for node in nodes {
            // Every relation resolved (none dropped by the batching), notes included.
            for rel in [
                "peerMentor",
                "activityType",
                "organization",
                "localAssociation",
            ] {
                assert!(node[rel]["id"].is_string(), "{rel} missing in {node}");
            }
            let i = node["title"].as_str().unwrap()["N+1 guard ".len()..]
                .parse::<usize>()
                .unwrap();
            assert_eq!(node["contact"]["firstName"], format!("Guard{i}"));
            let notes = node["contact"]["notes"]["nodes"].as_array().unwrap();
            assert_eq!(notes.len(), 2, "{node}");
            assert!(
                notes
                    .iter()
                    .all(|note| note["body"].as_str().unwrap().ends_with(&format!(" {i}")))
            );
        }
        counts.push(statements(&headers));
    }
    eprintln!("SQL statements for 10 and 100 rows: {counts:?}");
    assert!(counts[1] <= 8, "100 rows took {} statements", counts[1]);
    assert_eq!(
        counts[0], counts[1],
        "statements grow with rows: {counts:?}"
    );
}

const LINKED_CONTACTS: &str = r#"query($n: Int!) {
  contacts(first: $n, filter: { firstName: { startsWith: "Linked" } }) {
    nodes { firstName phone email streetAddress postalCode city birthDate healthNotes }
  }
}"#;

const USERS: &str = "query($n: Int!) { users(first: $n) { nodes { id email phone } } }";

#[tokio::test]
async fn guarded_fields_cost_the_same_statements_for_a_few_rows_as_for_many() {
    let app = TestApp::spawn().await;
    // 60 contacts linked to Ola only through his activities: each guarded field of each needs
    // the links, which only the database knows.
    let ola = demo_id("user", "nhf.mentor@meander.dev");
    let visit = demo_id("activity_type", "nhf:home_visit");
    for i in 0..60 {
        let contact = plant_contact(&app, format!("Linked{i:02}")).await;
        plant_activity(
            &app,
            ola,
            contact.id,
            visit,
            format!("Linked visit {i}"),
            i + 1,
        )
        .await;
    }
    let mentor = app.token("nhf.mentor@meander.dev").await;
    app.gql(Some(&mentor), "{ __typename }", json!({})).await; // the viewer is cached
    let mut counts = Vec::new();
    for n in [10, 60] {
        let (body, headers) = app
            .gql_full(Some(&mentor), LINKED_CONTACTS, json!({ "n": n }))
            .await;
        // Every guard passed (the links were found), for every row.
        assert!(body["errors"].is_null(), "{body}");
        assert_eq!(
            body["data"]["contacts"]["nodes"].as_array().unwrap().len(),
            n
        );
        counts.push(statements(&headers));
    }
    eprintln!("SQL statements for 10 and 60 guarded contacts: {counts:?}");
    assert_eq!(
        counts[0], counts[1],
        "statements grow with rows: {counts:?}"
    );

    // A coordinator reads the email and phone of the users sharing a local association (one
    // statement for the page), and is refused the others'.
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    app.gql(Some(&coordinator), "{ __typename }", json!({}))
        .await;
    let mut counts = Vec::new();
    for n in [2, 100] {
        let (body, headers) = app
            .gql_full(Some(&coordinator), USERS, json!({ "n": n }))
            .await;
        let nodes = body["data"]["users"]["nodes"].as_array().unwrap();
        assert!(nodes.len() <= n && !nodes.is_empty(), "{body}");
        for e in body["errors"].as_array().into_iter().flatten() {
            assert_eq!(e["extensions"]["code"], "FORBIDDEN", "{e}");
        }
        counts.push(statements(&headers));
        if n == 100 {
            assert!(nodes.len() > 2, "{body}");
            assert!(nodes.iter().any(|u| u["email"].is_string()), "{body}");
        }
    }
    eprintln!("SQL statements for 2 and all users with email and phone: {counts:?}");
    assert_eq!(
        counts[0], counts[1],
        "statements grow with rows: {counts:?}"
    );
}
