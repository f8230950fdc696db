//! `notification_templates`: the organization's notification scenarios give the texts and the
//! channels of the notifications the workflows write, filled with the notice's values in the
//! organization's calendar; a scenario switched off gives way to the server's own text; a
//! user's opt-out of one scenario on one channel stops exactly that.

use crate::common;

use common::{TestApp, demo_id, ok, ola_activity};
use entity::{activities::ActivityStatus, notifications};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

const APPROVE: &str = "mutation($id: UUID!) { approveActivity(id: $id) { activity { status } } }";
const UPDATE_SCENARIO: &str = "mutation($id: UUID!, $i: UpdateNotificationScenarioInput!) { updateNotificationScenario(id: $id, input: $i) { id } }";

async fn written_for(app: &TestApp, related: Uuid) -> Vec<notifications::Model> {
    notifications::Entity::find()
        .filter(notifications::Column::RelatedEntityId.eq(related))
        .order_by_asc(notifications::Column::Channel)
        .all(&app.db)
        .await
        .unwrap()
}

async fn pending_review(app: &TestApp) -> Uuid {
    // 10:30 on 2 November 2026 in Oslo.
    ola_activity(
        app,
        "home_visit",
        "2026-11-02T09:30:00Z".parse().unwrap(),
        60,
        ActivityStatus::PendingReview,
        |_| {},
    )
    .await
}

#[tokio::test]
async fn notification_templates_a_decision_is_written_from_the_organizations_template() {
    let app = TestApp::spawn().await;
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let admin = app.token("nhf.admin@meander.dev").await;
    let scenario = demo_id("notification_scenario", "nhf:activity_reviewed");

    let first = pending_review(&app).await;
    ok(&app, &coordinator, APPROVE, json!({ "id": first })).await;
    let rows = written_for(&app, first).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].scenario_id, Some(scenario));
    assert_eq!(rows[0].title, "Aktiviteten din er behandlet");
    assert_eq!(rows[0].body, "Hjemmebesøk 2. november 2026 er godkjent.");
    assert_eq!(rows[0].channel, notifications::NotificationChannel::InApp);

    // The admin rewrites it and adds push: the next decision is written from the new text on
    // both channels; a placeholder the notice does not know shows as written.
    ok(
        &app,
        &admin,
        UPDATE_SCENARIO,
        json!({ "id": scenario, "i": {
            "bodyTemplate": "{{decision}}: {{activity}} ({{date}}) {{mood}}",
            "channels": ["in_app", "push"],
        } }),
    )
    .await;
    let second = pending_review(&app).await;
    ok(&app, &coordinator, APPROVE, json!({ "id": second })).await;
    let rows = written_for(&app, second).await;
    let channels: Vec<_> = rows.iter().map(|r| r.channel).collect();
    assert_eq!(channels.len(), 2, "{rows:?}");
    assert!(channels.contains(&notifications::NotificationChannel::Push));
    for r in &rows {
        assert_eq!(r.body, "godkjent: Hjemmebesøk (2. november 2026) {{mood}}");
    }

    // Switched off, the server's own text goes out (the rule requires the notice).
    ok(
        &app,
        &admin,
        UPDATE_SCENARIO,
        json!({ "id": scenario, "i": { "isEnabled": false } }),
    )
    .await;
    let third = pending_review(&app).await;
    ok(&app, &coordinator, APPROVE, json!({ "id": third })).await;
    let rows = written_for(&app, third).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].scenario_id, None);
    assert_eq!(rows[0].title, "Aktivitet godkjent");
    assert_eq!(
        rows[0].body,
        "Aktiviteten din 2. november 2026 er godkjent."
    );
}

#[tokio::test]
async fn notification_opt_in_an_opt_out_of_one_scenario_on_one_channel_stops_exactly_that() {
    let app = TestApp::spawn().await;
    let ola = app.token("nhf.mentor@meander.dev").await;
    // Ola's certification expires in ten days: NHF's scenario for it writes push, e-mail and
    // in-app; Ola has said no to its e-mails.
    let profile = common::ola_certification_expires_in(&app, 10).await;
    let scenario = demo_id("notification_scenario", "nhf:certificate_expiry_10d");
    ok(
        &app,
        &ola,
        "mutation($s: UUID!) { createNotificationPreference(input: { channel: EMAIL, isEnabled: false, scenarioId: $s }) { id } }",
        json!({ "s": scenario }),
    )
    .await;
    let changed = meander_gateway::workflows::jobs::mark_expiring_soon(&app.db, app.now())
        .await
        .unwrap();
    assert!(changed >= 1);
    let rows = written_for(&app, profile).await;
    let channels: Vec<_> = rows.iter().map(|r| r.channel).collect();
    assert!(channels.contains(&notifications::NotificationChannel::InApp));
    assert!(channels.contains(&notifications::NotificationChannel::Push));
    assert_eq!(rows.len(), 2, "push and in-app, no e-mail: {rows:?}");
    for r in &rows {
        assert_eq!(r.scenario_id, Some(scenario));
        assert_eq!(r.title, "Sertifikatet ditt utløper snart");
        assert!(
            r.body.starts_with("Sertifiseringen din utløper "),
            "{}",
            r.body
        );
        assert!(!r.body.contains("{{"), "{}", r.body);
    }
}
