//! N+1 guard (issue 4): a page of activities with contact, peer mentor, activity type,
//! organization, local association and each contact's notes runs in a fixed number of SQL
//! statements (at most 8), the same for 10 rows as for 100.

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
    let la = demo_id("la", "oslo");
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
        let contact = contacts::ActiveModel {
            id: Set(Uuid::now_v7()),
            organization_id: Set(org),
            local_association_id: Set(la),
            primary_peer_mentor_id: Set(None),
            first_name: Set(format!("Guard{i}")),
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
        .unwrap();
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
        activities::ActiveModel {
            id: Set(Uuid::now_v7()),
            organization_id: Set(org),
            user_id: Set(mentor),
            contact_id: Set(Some(contact.id)),
            local_association_id: Set(Some(la)),
            activity_type_id: Set(types[i % 2]),
            title: Set(Some(format!("N+1 guard {i:03}"))),
            description: Set(None),
            activity_date: Set(now - Duration::hours(i as i64)),
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
