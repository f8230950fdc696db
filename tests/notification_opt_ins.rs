//! `notification_opt_in`: a user's opt-outs are honoured where notifications are written: per
//! channel (`notification_preferences` without a scenario) and, for push, per category on their
//! registered devices.

use crate::common;

use chrono::Duration;
use common::{TestApp, demo_id, ok, ola_activity};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::json;
use uuid::Uuid;

use entity::{
    activities, certification_reminders as reminders, notifications,
    push_notification_configs as push,
};

const OLA: &str = "nhf.mentor@meander.dev";
const APPROVE: &str = "mutation($id: UUID!) { approveActivity(id: $id) { activity { status } } }";

async fn pending_call(app: &TestApp) -> Uuid {
    ola_activity(
        app,
        "admin_work",
        app.now() - Duration::days(1),
        30,
        activities::ActivityStatus::PendingReview,
        |_| {},
    )
    .await
}

async fn notices_about(app: &TestApp, id: Uuid) -> Vec<notifications::Model> {
    notifications::Entity::find()
        .filter(notifications::Column::RelatedEntityId.eq(id))
        .all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn notification_opt_in_an_opted_out_channel_gets_no_notification() {
    let app = TestApp::spawn().await;
    let ola = app.token(OLA).await;
    let coordinator = app.token("nhf.coordinator@meander.dev").await;
    let data = ok(
        &app,
        &ola,
        "mutation($i: CreateNotificationPreferenceInput!) { createNotificationPreference(input: $i) { id } }",
        json!({ "i": { "channel": "IN_APP", "isEnabled": false } }),
    )
    .await;
    let preference = data["createNotificationPreference"]["id"].clone();

    let quiet = pending_call(&app).await;
    ok(&app, &coordinator, APPROVE, json!({ "id": quiet })).await;
    assert!(notices_about(&app, quiet).await.is_empty());

    // Opted in again: the next decision reaches Ola.
    ok(
        &app,
        &ola,
        "mutation($id: UUID!) { updateNotificationPreference(id: $id, input: { isEnabled: true }) { id } }",
        json!({ "id": preference }),
    )
    .await;
    let heard = pending_call(&app).await;
    ok(&app, &coordinator, APPROVE, json!({ "id": heard })).await;
    assert_eq!(notices_about(&app, heard).await.len(), 1);
}

#[tokio::test]
async fn notification_opt_in_push_follows_the_devices_category_switches() {
    let app = TestApp::spawn().await;
    let ola = demo_id("user", OLA);
    // A push reminder of Ola's certification, due now.
    let reminder = demo_id("certification_reminder", "nhf-ola-90");
    reminders::Entity::update_many()
        .col_expr(
            reminders::Column::RemindAt,
            Expr::value(app.now() - Duration::minutes(1)),
        )
        .col_expr(
            reminders::Column::Channel,
            Expr::value(reminders::CertificationReminderChannel::Push),
        )
        .col_expr(reminders::Column::NotifyCoordinator, Expr::value(false))
        .filter(reminders::Column::Id.eq(reminder))
        .exec(&app.db)
        .await
        .unwrap();
    // Every device of Ola's says no certificate expiry warnings.
    push::Entity::update_many()
        .col_expr(push::Column::CertificateExpiryWarnings, Expr::value(false))
        .filter(push::Column::UserId.eq(ola))
        .exec(&app.db)
        .await
        .unwrap();
    let certification = demo_id("certification", "nhf-ola");
    let run = meander_gateway::workflows::jobs::run_once(&app.db, app.now())
        .await
        .unwrap();
    assert!(run.reminders_sent >= 1, "{run}");
    let pushed = notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(ola))
        .filter(notifications::Column::RelatedEntityId.eq(certification))
        .filter(notifications::Column::Channel.eq(notifications::NotificationChannel::Push))
        .all(&app.db)
        .await
        .unwrap();
    assert!(pushed.is_empty(), "{pushed:?}");

    // One device switched back on: the next reminder is pushed.
    push::Entity::update_many()
        .col_expr(push::Column::CertificateExpiryWarnings, Expr::value(true))
        .filter(push::Column::UserId.eq(ola))
        .exec(&app.db)
        .await
        .unwrap();
    reminders::Entity::update_many()
        .col_expr(
            reminders::Column::Status,
            Expr::value(reminders::CertificationReminderStatus::Scheduled),
        )
        .filter(reminders::Column::Id.eq(reminder))
        .exec(&app.db)
        .await
        .unwrap();
    meander_gateway::workflows::jobs::run_once(&app.db, app.now())
        .await
        .unwrap();
    let pushed = notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(ola))
        .filter(notifications::Column::RelatedEntityId.eq(certification))
        .filter(notifications::Column::Channel.eq(notifications::NotificationChannel::Push))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(pushed.len(), 1);
}
