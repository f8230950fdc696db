//! Bufdir reporting and activity statistics (issue 5, seed 003 `bufdir_reporting_inclusion`).
//!
//! One aggregation ([`aggregate`]) serves the Bufdir report, the personal statistics and the
//! team statistics. It counts in SQL (`COUNT`, `SUM`, `COUNT(DISTINCT)`, `GROUP BY`) over
//! `authz::scoped::<activities>(viewer, Read)`, so every number counts only rows the viewer may
//! read, and only **approved** activities whose `activity_date` falls in the date range: days
//! of the organization's calendar (`crate::calendar`: from the start of `from` where the
//! organization is, up to, not including, the start of the day after `to`), never UTC days.
//!
//! Per group it reports: activities, minutes (and hours), participants (`participant_count`, an
//! activity without one counts 1), unique contacts (`COUNT(DISTINCT contact_id)`; activities
//! without a contact add none), peer mentors (distinct `user_id`) and events (distinct
//! `event_id`). Groups: activity type, Bufdir category (from the activity type), local
//! association (None = activities without one). Every list is in a fixed order, so the same
//! rows always give the same result.
//!
//! [`generate_bufdir_report`] (org admins: GENERATE_REPORTS) aggregates the report period with
//! `bufdir_only` (activity types of category `not_reported` are left out) and stores a
//! `bufdir_reports` snapshot, whose `event_count` and `participant_count` also count the held
//! events' attendance (`events`: held events' attendees in place of the activities registered
//! for them). Repeatable by **versioning**: each generation inserts the next
//! version (1, 2, ...) with status `ready`, and earlier `ready` versions of the period become
//! `superseded` (a `submitted` version stays as it was). Concurrent generations of one period
//! are serialized by a no-op UPDATE on the period row taken first; the unique index
//! (organization, period, version) keeps versions distinct in any case. The snapshot is a
//! server write (no role holds CREATE on bufdir_reports) audited with the acting admin.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, FromQueryResult,
    JoinType, QueryFilter, QueryOrder, QueryResult, QuerySelect, RelationTrait, Select, TryGetable,
    sea_query::{Expr, ExprTrait, Func},
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

mod events;
mod stats;
pub use events::*;
pub use stats::*;

use super::peer_mentors::is_staff;
use crate::{
    authz::{Action, Reach, Viewer, scoped, writes::Writer, writes::ensure_reference},
    calendar::Calendar,
    error::{ApiError, ApiResult},
};
use entity::{activities, activity_types, bufdir_reports, local_associations, report_periods};

pub use activity_types::BufdirReportingCategory as Category;

/// The permission to generate Bufdir reports.
pub const GENERATE_REPORTS: &str = "GENERATE_REPORTS";
/// Longest range the statistics queries accept, in days.
pub const MAX_RANGE_DAYS: i64 = 3660;

#[derive(Debug, FromQueryResult)]
struct AggRow {
    activity_count: i64,
    total_minutes: Option<i64>,
    participant_count: Option<i64>,
    unique_contact_count: i64,
    peer_mentor_count: i64,
    event_count: i64,
}

impl AggRow {
    fn counts(&self) -> Counts {
        let minutes = self.total_minutes.unwrap_or(0);
        Counts {
            activity_count: self.activity_count,
            total_minutes: minutes,
            hours: (minutes as f64 / 60.0 * 100.0).round() / 100.0,
            participant_count: self.participant_count.unwrap_or(0),
            unique_contact_count: self.unique_contact_count,
            peer_mentor_count: self.peer_mentor_count,
            event_count: self.event_count,
        }
    }
}

/// One grouped row: the group key (`group_key`) and the aggregates.
struct Grouped<K> {
    key: K,
    agg: AggRow,
}

impl<K: TryGetable> FromQueryResult for Grouped<K> {
    fn from_query_result(res: &QueryResult, pre: &str) -> Result<Self, DbErr> {
        Ok(Self {
            key: res.try_get(pre, "group_key")?,
            agg: AggRow::from_query_result(res, pre)?,
        })
    }
}

/// `date_range`: `to` not before `from`, and the range not longer than `MAX_RANGE_DAYS`.
pub fn check_range(from: NaiveDate, to: NaiveDate) -> ApiResult<()> {
    if to < from {
        return Err(ApiError::bad_input(
            "to",
            "date_range",
            "to must not be before from",
        ));
    }
    if (to - from).num_days() > MAX_RANGE_DAYS {
        return Err(ApiError::bad_input(
            "to",
            "date_range",
            format!("the range must be at most {MAX_RANGE_DAYS} days"),
        ));
    }
    Ok(())
}

fn col(c: activities::Column) -> Expr {
    Expr::col((activities::Entity, c))
}

/// The approved activities in range and in the viewer's read scope, joined to their type.
fn base(
    viewer: &Viewer,
    calendar: &Calendar,
    f: &StatsFilter,
) -> ApiResult<Select<activities::Entity>> {
    let (start, end) = calendar.range(f.from, f.to);
    let mut q = scoped::<activities::Entity>(viewer, Action::Read)?
        .join(
            JoinType::InnerJoin,
            activities::Relation::ActivityTypes.def(),
        )
        // bufdir_reporting_inclusion: approved only.
        .filter(activities::Column::Status.eq(activities::ActivityStatus::Approved))
        .filter(activities::Column::ActivityDate.gte(start))
        .filter(activities::Column::ActivityDate.lt(end));
    if let Some(u) = f.user_id {
        q = q.filter(activities::Column::UserId.eq(u));
    }
    if let Some(la) = f.local_association_id {
        q = q.filter(activities::Column::LocalAssociationId.eq(la));
    }
    if f.bufdir_only {
        q = q.filter(activity_types::Column::BufdirCategory.ne(Category::NotReported));
    }
    Ok(q.select_only()
        .column_as(
            Expr::from(Func::count(col(activities::Column::Id))),
            "activity_count",
        )
        .column_as(
            Expr::from(Func::sum(col(activities::Column::DurationMinutes))),
            "total_minutes",
        )
        .column_as(
            Expr::from(Func::sum(Func::coalesce([
                col(activities::Column::ParticipantCount),
                Expr::val(1i32),
            ]))),
            "participant_count",
        )
        .column_as(
            Expr::from(Func::count_distinct(col(activities::Column::ContactId))),
            "unique_contact_count",
        )
        .column_as(
            Expr::from(Func::count_distinct(col(activities::Column::UserId))),
            "peer_mentor_count",
        )
        .column_as(
            Expr::from(Func::count_distinct(col(activities::Column::EventId))),
            "event_count",
        ))
}

/// The shared aggregation (see the module docs).
pub async fn aggregate<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    f: &StatsFilter,
) -> ApiResult<ActivityStats> {
    check_range(f.from, f.to)?;
    let calendar = match viewer.organization_id {
        Some(org) => Calendar::of(db, org).await?,
        None => Calendar::default(),
    };
    let totals = base(viewer, &calendar, f)?
        .into_model::<AggRow>()
        .one(db)
        .await?
        .map(|r| r.counts())
        .unwrap_or_default();

    let by_type = base(viewer, &calendar, f)?
        .column_as(col(activities::Column::ActivityTypeId), "group_key")
        .group_by(col(activities::Column::ActivityTypeId))
        .into_model::<Grouped<Uuid>>()
        .all(db)
        .await?;
    let type_ids: Vec<Uuid> = by_type.iter().map(|g| g.key).collect();
    // The types of activities the viewer may read: same organization (activity_type_enum).
    let types: BTreeMap<Uuid, activity_types::Model> = if type_ids.is_empty() {
        BTreeMap::new()
    } else {
        activity_types::Entity::find()
            .filter(activity_types::Column::Id.is_in(type_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect()
    };
    let mut by_activity_type: Vec<(i32, String, ActivityTypeStats)> = by_type
        .into_iter()
        .filter_map(|g| {
            let t = types.get(&g.key)?;
            Some((
                t.sort_order,
                t.key.clone(),
                ActivityTypeStats {
                    activity_type_id: t.id,
                    key: t.key.clone(),
                    name: t.name.clone(),
                    bufdir_category: t.bufdir_category,
                    counts: g.agg.counts(),
                },
            ))
        })
        .collect();
    by_activity_type.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));

    let by_category = base(viewer, &calendar, f)?
        .column_as(
            Expr::col((
                activity_types::Entity,
                activity_types::Column::BufdirCategory,
            )),
            "group_key",
        )
        .group_by(Expr::col((
            activity_types::Entity,
            activity_types::Column::BufdirCategory,
        )))
        .into_model::<Grouped<Category>>()
        .all(db)
        .await?;
    let order = |c: Category| {
        use sea_orm::Iterable;
        Category::iter().position(|x| x == c).unwrap_or(usize::MAX)
    };
    let mut by_bufdir_category: Vec<BufdirCategoryStats> = by_category
        .into_iter()
        .map(|g| BufdirCategoryStats {
            bufdir_category: g.key,
            counts: g.agg.counts(),
        })
        .collect();
    by_bufdir_category.sort_by_key(|c| order(c.bufdir_category));

    let by_la = base(viewer, &calendar, f)?
        .column_as(col(activities::Column::LocalAssociationId), "group_key")
        .group_by(col(activities::Column::LocalAssociationId))
        .into_model::<Grouped<Option<Uuid>>>()
        .all(db)
        .await?;
    let la_ids: Vec<Uuid> = by_la.iter().filter_map(|g| g.key).collect();
    let names: BTreeMap<Uuid, String> = if la_ids.is_empty() {
        BTreeMap::new()
    } else {
        match scoped::<local_associations::Entity>(viewer, Action::Read) {
            Ok(select) => select
                .filter(local_associations::Column::Id.is_in(la_ids))
                .all(db)
                .await?
                .into_iter()
                .map(|l| (l.id, l.name))
                .collect(),
            Err(_) => BTreeMap::new(),
        }
    };
    let mut by_local_association: Vec<LocalAssociationStats> = by_la
        .into_iter()
        .map(|g| LocalAssociationStats {
            local_association_id: g.key,
            name: g.key.and_then(|id| names.get(&id).cloned()),
            counts: g.agg.counts(),
        })
        .collect();
    by_local_association.sort_by(|a, b| {
        (
            a.local_association_id.is_none(),
            &a.name,
            a.local_association_id,
        )
            .cmp(&(
                b.local_association_id.is_none(),
                &b.name,
                b.local_association_id,
            ))
    });

    Ok(ActivityStats {
        from: f.from,
        to: f.to,
        totals,
        by_activity_type: by_activity_type.into_iter().map(|(_, _, s)| s).collect(),
        by_bufdir_category,
        by_local_association,
    })
}

/// `myActivityStats`: the viewer's own approved activities.
pub async fn my_activity_stats<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<ActivityStats> {
    aggregate(
        db,
        viewer,
        &StatsFilter {
            from,
            to,
            user_id: Some(viewer.user_id),
            local_association_id: None,
            bufdir_only: false,
        },
    )
    .await
}

/// `teamActivityStats`: coordinators (their local associations) and org admins (the whole
/// organization), optionally one local association. A coordinator naming a local association
/// that is not theirs is refused (FORBIDDEN) rather than answered with zeros.
pub async fn team_activity_stats<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    from: NaiveDate,
    to: NaiveDate,
    local_association_id: Option<Uuid>,
) -> ApiResult<ActivityStats> {
    if !is_staff(viewer, "READ_ACTIVITIES") {
        return Err(ApiError::forbidden(
            "team statistics are for coordinators and org admins",
        ));
    }
    check_range(from, to)?;
    if let Some(la) = local_association_id {
        ensure_reference::<local_associations::Entity>(
            db,
            viewer,
            "local_association_id",
            Some(la),
        )
        .await?;
        let organization_wide = viewer
            .reaches("READ_ACTIVITIES")
            .is_some_and(|r| r.contains(&Reach::Organization));
        if !organization_wide && !viewer.local_association_ids.contains(&la) {
            return Err(ApiError::forbidden(
                "that local association is not one of yours",
            ));
        }
    }
    aggregate(
        db,
        viewer,
        &StatsFilter {
            from,
            to,
            user_id: None,
            local_association_id,
            bufdir_only: false,
        },
    )
    .await
}

/// A generated snapshot, its numbers, and the versions it superseded.
#[derive(Debug, Clone)]
pub struct GeneratedReport {
    pub report: bufdir_reports::Model,
    pub stats: ActivityStats,
    pub superseded: Vec<Uuid>,
}

fn to_i32(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// `generateBufdirReport` (see the module docs).
pub async fn generate_bufdir_report(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    report_period_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<GeneratedReport> {
    let viewer = writer.viewer;
    crate::authz::features::require(viewer, "generateBufdirReport")?;
    if !viewer.can(GENERATE_REPORTS) {
        return Err(ApiError::forbidden(format!(
            "missing permission {GENERATE_REPORTS}"
        )));
    }
    let organization = viewer
        .organization_id
        .ok_or_else(|| ApiError::forbidden("sign in to an organization to generate reports"))?;
    // Serialize generations of this period (see the module docs).
    writer
        .lock_row::<report_periods::Entity>(txn, report_period_id)
        .await?;
    let period = scoped::<report_periods::Entity>(viewer, Action::Read)?
        .filter(report_periods::Column::Id.eq(report_period_id))
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let filter = StatsFilter {
        from: period.period_start,
        to: period.period_end,
        user_id: None,
        local_association_id: None,
        bufdir_only: true,
    };
    let stats = aggregate(txn, viewer, &filter).await?;

    let previous = bufdir_reports::Entity::find()
        .filter(bufdir_reports::Column::OrganizationId.eq(organization))
        .filter(bufdir_reports::Column::ReportPeriodId.eq(period.id))
        .order_by_desc(bufdir_reports::Column::Version)
        .one(txn)
        .await?;
    let version = previous.map_or(1, |p| p.version + 1);

    // The reports this one replaces: a move only the server makes (`By::System`).
    let superseded = bufdir_reports::Entity::find()
        .filter(bufdir_reports::Column::OrganizationId.eq(organization))
        .filter(bufdir_reports::Column::ReportPeriodId.eq(period.id))
        .filter(bufdir_reports::Column::Status.eq(bufdir_reports::BufdirReportStatus::Ready))
        .filter(bufdir_reports::Column::DeletedAt.is_null())
        .order_by_asc(bufdir_reports::Column::Version)
        .all(txn)
        .await?;
    for report in &superseded {
        writer
            .on_behalf()
            .claim_move::<bufdir_reports::Entity>(
                txn,
                report,
                bufdir_reports::BufdirReportStatus::Superseded.into(),
                vec![],
                "bufdir_report_versioning",
                json!({}),
            )
            .await?
            .ok_or_else(|| ApiError::Conflict("the period's reports changed meanwhile".into()))?;
    }

    let calendar = Calendar::of(txn, organization).await?;
    let attendance = event_attendance(txn, viewer, &calendar, &filter).await?;
    let t = &stats.totals;
    let breakdown = json!({
        "periodStart": period.period_start,
        "periodEnd": period.period_end,
        "countedStatuses": ["approved"],
        "excludedBufdirCategories": ["not_reported"],
        "totals": t,
        "byActivityType": stats.by_activity_type,
        "byBufdirCategory": stats.by_bufdir_category,
        "byLocalAssociation": stats.by_local_association,
        "events": attendance,
        "participantRule": "activities' participants, with held events' attendance in place of the activities registered for them",
    });
    let row = bufdir_reports::ActiveModel {
        organization_id: Set(organization),
        report_period_id: Set(period.id),
        version: Set(version),
        status: Set(bufdir_reports::BufdirReportStatus::Ready),
        generated_at: Set(Some(now)),
        approved_activity_count: Set(to_i32(t.activity_count)),
        total_minutes: Set(t.total_minutes),
        participant_count: Set(to_i32(attendance.participants(t.participant_count))),
        unique_contact_count: Set(to_i32(t.unique_contact_count)),
        peer_mentor_count: Set(to_i32(t.peer_mentor_count)),
        event_count: Set(to_i32(attendance.events_held)),
        breakdown: Set(breakdown),
        submitted_at: Set(None),
        bufdir_reference: Set(None),
        error_message: Set(None),
        deleted_at: Set(None),
        ..Default::default()
    };
    let report = writer
        .record::<bufdir_reports::Entity>(
            txn,
            row,
            &[],
            json!({
                "reportPeriodId": period.id,
                "version": version,
                "rule": "bufdir_reporting_inclusion",
            }),
        )
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(GeneratedReport {
        report,
        stats,
        superseded: superseded.iter().map(|r| r.id).collect(),
    })
}
