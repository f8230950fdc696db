//! GraphQL operations of Bufdir reporting and activity statistics; the rules live in
//! `meander_core::workflows::reporting` (one aggregation for the report and both statistics queries).
//!
//! Mutation: `generateBufdirReport`. Queries: `myActivityStats`, `teamActivityStats`.

use async_graphql::{Context, Object, Result, SimpleObject};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::{context::ContextExt, model::reporting::BufdirReport};
use meander_core::workflows::reporting::{self as flow, ActivityStats};

/// A generated Bufdir report snapshot with the numbers it holds.
#[derive(SimpleObject)]
pub struct GeneratedBufdirReportPayload {
    /// The new snapshot (next version of the period, status `ready`).
    pub report: BufdirReport,
    /// The numbers of the snapshot, broken down (the same as `report.breakdown`).
    pub stats: ActivityStats,
    /// Earlier `ready` versions of the period this generation marked `superseded`.
    pub superseded_report_ids: Vec<Uuid>,
}

/// Statistics queries.
#[derive(Default)]
pub struct ReportingWorkflowQuery;

#[Object]
impl ReportingWorkflowQuery {
    /// Your own approved activities between `from` and `to` (inclusive days, UTC): counts,
    /// hours, participants, unique contacts, per activity type, Bufdir category and local
    /// association.
    async fn my_activity_stats(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<ActivityStats> {
        let viewer = ctx.viewer()?;
        Ok(flow::my_activity_stats(ctx.db(), viewer, from, to).await?)
    }

    /// Approved activities of your team between `from` and `to` (inclusive days, UTC):
    /// coordinators see their local associations, org admins the organization; optionally
    /// one local association (one of yours).
    async fn team_activity_stats(
        &self,
        ctx: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
        local_association_id: Option<Uuid>,
    ) -> Result<ActivityStats> {
        let viewer = ctx.viewer()?;
        Ok(flow::team_activity_stats(ctx.db(), viewer, from, to, local_association_id).await?)
    }
}

/// Report generation.
#[derive(Default)]
pub struct ReportingWorkflowMutation;

#[Object]
impl ReportingWorkflowMutation {
    /// Aggregates the approved activities of a report period (activity types of category
    /// `not_reported` left out) and stores them as the next version of the period's Bufdir
    /// report (GENERATE_REPORTS). Same activities, same numbers; earlier `ready` versions become
    /// `superseded`.
    async fn generate_bufdir_report(
        &self,
        ctx: &Context<'_>,
        report_period_id: Uuid,
    ) -> Result<GeneratedBufdirReportPayload> {
        let out = crate::in_transaction!(ctx, |txn, writer| {
            flow::generate_bufdir_report(&txn, &writer, report_period_id, writer.now).await?
        });
        Ok(GeneratedBufdirReportPayload {
            report: BufdirReport(out.report),
            stats: out.stats,
            superseded_report_ids: out.superseded,
        })
    }
}
