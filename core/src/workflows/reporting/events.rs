//! Event attendance in the Bufdir report (seed 000: event participants are how participants
//! of group activities are counted for Bufdir).
//!
//! Events held in the period are the organization's `completed` events that start within the
//! period's days (the organization's calendar), in the viewer's read scope. Their participants
//! are the registered attendees (`event_participants` with status `attended`, live) plus the
//! attendees who were not registered one by one (`events.unregistered_attendee_count`).
//!
//! Counted once: an approved activity registered for a held event (its `event_id`) still
//! counts as an activity with its minutes and mentor, but its own participant number gives way
//! to the event's attendance, so a café evening logged by its host and attended by twelve
//! counts twelve, not thirteen or twenty-four. Without the `events` feature area there are no
//! events to count, and the report counts activities alone.

use super::*;
use entity::{event_participants, events};
use sea_orm::QueryTrait;

/// What held events add to a Bufdir report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventAttendance {
    /// Completed events that started in the period.
    pub events_held: i64,
    /// Their participants with confirmed attendance.
    pub registered_attendees: i64,
    /// Their attendees who were not registered individually.
    pub unregistered_attendees: i64,
    /// Participants of the counted activities registered for those events, which the events'
    /// attendance replaces.
    pub activity_participants_replaced: i64,
}

impl EventAttendance {
    /// The report's participant number: the activities' own, with the events' attendance in
    /// place of the activities registered for them.
    pub fn participants(&self, activity_participants: i64) -> i64 {
        activity_participants - self.activity_participants_replaced
            + self.registered_attendees
            + self.unregistered_attendees
    }
}

/// Event attendance of the period `f` (see the module docs).
pub async fn event_attendance<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    calendar: &Calendar,
    f: &StatsFilter,
) -> ApiResult<EventAttendance> {
    if crate::authz::features::check_table(viewer, "events").is_err() {
        return Ok(EventAttendance::default());
    }
    let (start, end) = calendar.range(f.from, f.to);
    let held = || -> ApiResult<Select<events::Entity>> {
        let mut q = scoped::<events::Entity>(viewer, Action::Read)?
            .filter(events::Column::Status.eq(events::EventStatus::Completed))
            .filter(events::Column::StartsAt.gte(start))
            .filter(events::Column::StartsAt.lt(end));
        if let Some(la) = f.local_association_id {
            q = q.filter(events::Column::LocalAssociationId.eq(la));
        }
        Ok(q)
    };
    let (events_held, unregistered): (i64, Option<i64>) = held()?
        .select_only()
        .column_as(Expr::col((events::Entity, events::Column::Id)).count(), "n")
        .column_as(
            Expr::col((events::Entity, events::Column::UnregisteredAttendeeCount)).sum(),
            "u",
        )
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((0, None));
    if events_held == 0 {
        return Ok(EventAttendance::default());
    }
    let held_ids = || -> ApiResult<_> {
        Ok(held()?
            .select_only()
            .column(events::Column::Id)
            .into_query())
    };
    let registered: i64 = scoped::<event_participants::Entity>(viewer, Action::Read)?
        .filter(
            event_participants::Column::Status
                .eq(event_participants::EventParticipantStatus::Attended),
        )
        .filter(event_participants::Column::EventId.in_subquery(held_ids()?))
        .select_only()
        .column_as(
            Expr::col((event_participants::Entity, event_participants::Column::Id)).count(),
            "n",
        )
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or(0);
    let replaced = base(viewer, calendar, f)?
        .filter(activities::Column::EventId.in_subquery(held_ids()?))
        .into_model::<AggRow>()
        .one(db)
        .await?
        .and_then(|r| r.participant_count)
        .unwrap_or(0);
    Ok(EventAttendance {
        events_held,
        registered_attendees: registered,
        unregistered_attendees: unregistered.unwrap_or(0),
        activity_participants_replaced: replaced,
    })
}
