//! Activities: bufdir_reporting_inclusion.

use super::*;

/// `bufdir_reporting_inclusion`: the condition on `activities` selecting what Bufdir reports and
/// statistics count: approved, live, of an activity type whose Bufdir category is reported.
pub fn bufdir_reportable() -> Condition {
    let mut reported_types = Query::select();
    reported_types
        .column(types::Column::Id)
        .from(types::Entity)
        .and_where(types::Column::BufdirCategory.ne(types::BufdirReportingCategory::NotReported));
    Condition::all()
        .add(activities::Column::Status.eq(Status::Approved))
        .add(activities::Column::DeletedAt.is_null())
        .add(activities::Column::ActivityTypeId.in_subquery(reported_types))
}

/// Totals of the reportable activities in the viewer's read scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BufdirTotals {
    pub activities: i64,
    pub duration_minutes: i64,
    pub participants: i64,
    pub unique_contacts: i64,
}

/// [`bufdir_reportable`] activities dated in `[from, to)` that the viewer may read, summed.
pub async fn bufdir_totals<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> ApiResult<BufdirTotals> {
    crate::authz::features::require(viewer, "reportableActivityTotals")?;
    if to <= from {
        return Err(bad("to", "date_range", "to must be after from"));
    }
    let rows: Vec<(i32, Option<i32>, Option<Uuid>)> =
        scoped::<activities::Entity>(viewer, Action::Read)?
            .filter(bufdir_reportable())
            .filter(activities::Column::ActivityDate.gte(from))
            .filter(activities::Column::ActivityDate.lt(to))
            .select_only()
            .column(activities::Column::DurationMinutes)
            .column(activities::Column::ParticipantCount)
            .column(activities::Column::ContactId)
            .into_tuple()
            .all(db)
            .await?;
    let mut totals = BufdirTotals::default();
    let mut contacts = std::collections::BTreeSet::new();
    for (minutes, participants, contact) in rows {
        totals.activities += 1;
        totals.duration_minutes += i64::from(minutes);
        totals.participants += i64::from(participants.unwrap_or(DEFAULT_PARTICIPANT_COUNT));
        if let Some(c) = contact {
            contacts.insert(c);
        }
    }
    totals.unique_contacts = contacts.len() as i64;
    Ok(totals)
}
