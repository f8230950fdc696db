//! The server's own writes (`authz::writes_system::System`: the jobs, and the rows a rule writes
//! for someone else's action). No viewer makes them, yet a status moves only along its table's
//! state machine, and every row changed leaves an audit event naming the rule.

use crate::common;

use chrono::Duration;
use common::{TestApp, demo_id};
use meander_gateway::{authz::writes_system::System, error::ApiError, workflows::jobs};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, Set,
    TransactionTrait, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use entity::{
    assignment_honorarium_records as records, audit_events, certification_reminders as reminders,
    peer_mentor_profiles as profiles, report_periods,
};

async fn events_on(app: &TestApp, id: Uuid) -> Vec<audit_events::Model> {
    audit_events::Entity::find()
        .filter(audit_events::Column::EntityId.eq(id))
        .all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn status_transition_holds_for_the_servers_own_moves() {
    let app = TestApp::spawn().await;
    let id = demo_id("certification_reminder", "nhf-ola-90");
    let scheduled = reminders::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        scheduled.status,
        reminders::CertificationReminderStatus::Scheduled
    );
    let system = System::job(app.now());

    // A declared move (scheduled -> cancelled) is made and audited with its rule, no actor.
    let txn = app.db.begin().await.unwrap();
    let cancelled = system
        .claim_move::<reminders::Entity>(
            &txn,
            &scheduled,
            reminders::CertificationReminderStatus::Cancelled.into(),
            vec![],
            "certification_reminder",
            json!({}),
        )
        .await
        .unwrap()
        .expect("claimed");
    // Claimed on the status it had: a second run with the same `before` finds nothing to move.
    let again = system
        .claim_move::<reminders::Entity>(
            &txn,
            &scheduled,
            reminders::CertificationReminderStatus::Cancelled.into(),
            vec![],
            "certification_reminder",
            json!({}),
        )
        .await
        .unwrap();
    assert!(again.is_none());
    // Cancelled is final: not even the server brings it back.
    let refused = system
        .claim_move::<reminders::Entity>(
            &txn,
            &cancelled,
            reminders::CertificationReminderStatus::Scheduled.into(),
            vec![],
            "certification_reminder",
            json!({}),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, ApiError::ForbiddenField { rule, field, .. } if rule == "status_transition" && field == "status"),
        "{refused:?}"
    );
    // Nor by a plain update that sets the status, nor by `update_where`, which leaves status
    // columns to `claim_move`.
    let mut am = cancelled.clone().into_active_model();
    am.status = Set(reminders::CertificationReminderStatus::Sent);
    let refused = system
        .update::<reminders::Entity>(&txn, am, "certification_reminder")
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, ApiError::ForbiddenField { rule, .. } if rule == "status_transition"),
        "{refused:?}"
    );
    let refused = system
        .update_where::<reminders::Entity>(
            &txn,
            Condition::all().add(reminders::Column::Id.eq(id)),
            vec![(
                reminders::Column::Status,
                Expr::value(reminders::CertificationReminderStatus::Scheduled),
            )],
            "certification_reminder",
            json!({}),
        )
        .await
        .unwrap_err();
    assert!(matches!(refused, ApiError::Internal(_)), "{refused:?}");
    txn.commit().await.unwrap();

    let after = reminders::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        after.status,
        reminders::CertificationReminderStatus::Cancelled
    );
    let events = events_on(&app, id).await;
    assert_eq!(events.len(), 1, "{events:?}");
    let event = &events[0];
    assert_eq!(event.action, "UPDATE_CERTIFICATION_REMINDERS");
    assert_eq!(event.actor_user_id, None);
    assert_eq!(event.details["rule"], "certification_reminder");
    assert_eq!(event.details["system"], true);
    assert_eq!(event.details["columns"], json!(["status"]));
}

#[tokio::test]
async fn a_job_audits_every_row_it_changes_with_the_rule() {
    let app = TestApp::spawn().await;
    let nhf = demo_id("org", "nhf");
    let ola = demo_id("peer_mentor_profile", "nhf-ola");
    let record = demo_id("assignment_honorarium_record", "nhf-ola-10");
    let now = app.now();
    let boundary = now.date_naive() - Duration::days(10);
    report_periods::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(nhf),
        name: Set("Bufdir testperiode".into()),
        period_start: Set(boundary),
        period_end: Set(boundary + Duration::days(180)),
        status: Set(report_periods::ReportPeriodStatus::Open),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let mut am = profiles::Entity::find_by_id(ola)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    am.assignment_period_start = Set(Some(now - Duration::days(40)));
    am.assignment_count_current_period = Set(9);
    am.update(&app.db).await.unwrap();

    let run = jobs::run_once(&app.db, now).await.unwrap();
    assert!(run.periods_reset >= 1, "{run}");

    // The profile's reset and the old period's honorarium record it closed: one event each.
    let profile_events = events_on(&app, ola).await;
    let reset = profile_events
        .iter()
        .find(|e| e.details["rule"] == "assignment_count_period_reset")
        .unwrap_or_else(|| panic!("{profile_events:?}"));
    assert_eq!(reset.action, "UPDATE_PEER_MENTOR_PROFILES");
    assert_eq!(reset.actor_user_id, None);
    assert_eq!(reset.details["system"], true);
    assert_eq!(reset.details["previousCount"], 9);
    let closed = events_on(&app, record).await;
    assert_eq!(closed.len(), 1, "{closed:?}");
    assert_eq!(closed[0].action, "UPDATE_ASSIGNMENT_HONORARIUM_RECORDS");
    assert_eq!(closed[0].details["rule"], "assignment_count_period_reset");
    assert_eq!(closed[0].details["columns"], json!(["period_end"]));
    let stamped = records::Entity::find_by_id(record)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stamped.period_end, boundary.pred_opt());
}
