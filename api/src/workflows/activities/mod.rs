//! GraphQL operations of the activities workflows (seed 003); the rules live in
//! `meander_core::workflows::activities`. Each mutation runs in one transaction: nothing is
//! half-written when a rule rejects the input.
//!
//! Mutations: `registerActivity`, `quickLogActivity`, `registerActivityForMentor` (proxy),
//! `bulkRegisterActivities`, `syncOfflineActivity`, `editActivity`, `submitActivity`,
//! `approveActivity`, `rejectActivity`, `flagActivity`, `resolveActivityFlag`.
//! Query: `reportableActivityTotals`. Their input types are in `inputs`.

mod inputs;
pub use inputs::*;

use async_graphql::{Context, Enum, InputObject, MaybeUndefined, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use crate::{
    context::ContextExt,
    model::activities::{Activity, ActivityFlag, BulkRegistration},
    workflows::{Warning, patch},
};
use entity::activities::ActivityStatus;
use entity::activity_flags::{ActivityFlagSeverity, ActivityFlagStatus, ActivityFlagType};
use entity::bulk_registrations::BulkRegistrationSource;
use meander_core::{
    authz::writes::Writer,
    error::ApiError,
    workflows::activities::{
        self as flow, ActivityPatch, BulkEntry, BulkTemplate, NewActivity, NewFlag, OfflineKey,
        Registration,
    },
};

/// Opens the mutation's transaction as a writer (`db::begin_write`).
async fn begin(ctx: &Context<'_>) -> Result<DatabaseTransaction, ApiError> {
    Ok(meander_core::db::begin_write(ctx.db()).await?)
}

// ---------------------------------------------------------------------------------------------
// Payloads

/// A registered or changed activity, with the warnings of rules that held (e.g.
/// `duplicate_detection`: registered, but flagged for review).
#[derive(SimpleObject)]
pub struct ActivityPayload {
    pub activity: Activity,
    /// Non-blocking rule findings (empty when there are none).
    pub warnings: Vec<Warning>,
}

/// A completed bulk registration.
#[derive(SimpleObject)]
pub struct BulkRegisterActivitiesPayload {
    pub bulk_registration: BulkRegistration,
    /// The created activities, in the order of the entries.
    pub activities: Vec<Activity>,
    /// Non-blocking findings; `field` names the entry (`entries[2].contactId`).
    pub warnings: Vec<Warning>,
}

/// The server version of an offline-created activity.
#[derive(SimpleObject)]
pub struct SyncOfflineActivityPayload {
    /// The server version (it wins over the replayed fields).
    pub activity: Activity,
    /// The device's temporary id.
    pub client_id: String,
    /// True when this client id was synced before: nothing was written this time.
    pub replayed: bool,
    /// True for a replay whose fields differ from the server version.
    pub conflict: bool,
    pub warnings: Vec<Warning>,
}

/// An approved activity.
#[derive(SimpleObject)]
pub struct ApproveActivityPayload {
    pub activity: Activity,
    /// The mentor's assignment count after this approval counted toward it (rule
    /// `assignment_threshold_counting`); null when it did not count.
    pub assignment_count: Option<i32>,
}

/// A flagged activity and its new flag.
#[derive(SimpleObject)]
pub struct FlagActivityPayload {
    pub activity: Activity,
    pub flag: ActivityFlag,
}

/// A resolved flag and its activity.
#[derive(SimpleObject)]
pub struct ResolveActivityFlagPayload {
    pub flag: ActivityFlag,
    pub activity: Activity,
}

/// Totals of the activities Bufdir reporting counts.
#[derive(SimpleObject)]
pub struct ReportableActivityTotals {
    pub activities: i64,
    pub duration_minutes: i64,
    pub participants: i64,
    pub unique_contacts: i64,
}

// ---------------------------------------------------------------------------------------------
// Operations

#[derive(Default)]
pub struct ActivityWorkflowQuery;

#[Object]
impl ActivityWorkflowQuery {
    /// Totals of the activities in your scope that Bufdir reporting counts (rule
    /// `bufdir_reporting_inclusion`: approved only, of a reported activity type), dated in
    /// `[from, to)`.
    async fn reportable_activity_totals(
        &self,
        ctx: &Context<'_>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<ReportableActivityTotals> {
        let t = flow::bufdir_totals(ctx.db(), ctx.viewer()?, from, to).await?;
        Ok(ReportableActivityTotals {
            activities: t.activities,
            duration_minutes: t.duration_minutes,
            participants: t.participants,
            unique_contacts: t.unique_contacts,
        })
    }
}

#[derive(Default)]
pub struct ActivityWorkflowMutation;

impl ActivityWorkflowMutation {
    async fn register_as(
        ctx: &Context<'_>,
        new: NewActivity,
        registration: Registration,
    ) -> Result<ActivityPayload> {
        let r = crate::in_transaction!(ctx, |txn, writer| {
            flow::register(&txn, &writer, new, registration).await?
        });
        Ok(ActivityPayload {
            activity: Activity(r.activity),
            warnings: r.warnings,
        })
    }
}

#[Object]
impl ActivityWorkflowMutation {
    /// Registers your own activity (the registration wizard). Runs every creation rule of seed
    /// 003; a possible duplicate is registered and flagged for review (see `warnings`).
    async fn register_activity(
        &self,
        ctx: &Context<'_>,
        input: RegisterActivityInput,
    ) -> Result<ActivityPayload> {
        Self::register_as(ctx, input.into(), Registration::Own).await
    }

    /// Quick log from the home screen: date now, the organization's default duration (30
    /// minutes), one participant, title from type and contact, submitted for review.
    async fn quick_log_activity(
        &self,
        ctx: &Context<'_>,
        input: QuickLogActivityInput,
    ) -> Result<ActivityPayload> {
        let viewer = ctx.viewer()?;
        let duration = match input.duration_minutes {
            Some(d) => d,
            None => match viewer.organization_id {
                Some(org) => flow::quick_log_default_minutes(ctx.db(), org).await?,
                None => flow::QUICK_LOG_DEFAULT_MINUTES,
            },
        };
        let new = NewActivity {
            activity_type_id: input.activity_type_id,
            activity_date: input.activity_date.unwrap_or_else(|| ctx.now()),
            duration_minutes: Some(duration),
            contact_id: input.contact_id,
            local_association_id: None,
            title: None,
            description: input.description,
            location: input.location,
            participant_count: Some(flow::DEFAULT_PARTICIPANT_COUNT),
            event_id: None,
            has_reimbursement: false,
            calendar_event_id: None,
            metadata: None,
            status: ActivityStatus::PendingReview,
        };
        Self::register_as(ctx, new, Registration::Own).await
    }

    /// Registers an activity on behalf of a peer mentor of your local associations (needs
    /// PROXY_REGISTER_ACTIVITIES). The activity belongs to the mentor; you are recorded as
    /// `proxySubmittedBy` and in a delegation grant.
    async fn register_activity_for_mentor(
        &self,
        ctx: &Context<'_>,
        input: RegisterActivityForMentorInput,
    ) -> Result<ActivityPayload> {
        let registration = Registration::Proxy {
            peer_mentor_id: input.peer_mentor_id,
            reason: input.reason,
        };
        Self::register_as(ctx, input.activity.into(), registration).await
    }

    /// Registers one activity for many peer mentors of a local association (needs
    /// BULK_REGISTER_ACTIVITIES), all or nothing: an invalid entry rolls the whole batch back
    /// and the error's `field` names it (`entries[3].peerMentorId`) with the rule; the failed
    /// batch is then recorded with status FAILED and no activities.
    async fn bulk_register_activities(
        &self,
        ctx: &Context<'_>,
        input: BulkRegisterActivitiesInput,
    ) -> Result<BulkRegisterActivitiesPayload> {
        let viewer = ctx.viewer()?;
        let writer = Writer {
            viewer,
            client: &ctx.request().client,
            now: ctx.now(),
        };
        let template = BulkTemplate {
            local_association_id: input.local_association_id,
            activity_type_id: input.activity_type_id,
            activity_date: input.activity_date,
            duration_minutes: input.duration_minutes,
            title: input.title,
            description: input.description,
            location: input.location,
            participant_count: input.participant_count,
            status: input.status,
            source: input.source,
            source_file_name: input.source_file_name,
        };
        let entries: Vec<BulkEntry> = input
            .entries
            .into_iter()
            .map(|e| BulkEntry {
                peer_mentor_id: e.peer_mentor_id,
                contact_id: e.contact_id,
                duration_minutes: e.duration_minutes,
                participant_count: e.participant_count,
            })
            .collect();
        let txn = begin(ctx).await?;
        match flow::bulk_register(&txn, &writer, template.clone(), entries.clone()).await {
            Ok(r) => {
                txn.commit().await.map_err(ApiError::from)?;
                Ok(BulkRegisterActivitiesPayload {
                    bulk_registration: BulkRegistration(r.batch),
                    activities: r.activities.into_iter().map(Activity).collect(),
                    warnings: r.warnings,
                })
            }
            Err(err) => {
                txn.rollback().await.map_err(ApiError::from)?;
                // Record the failed batch in its own transaction (best effort).
                if let Ok(txn) = begin(ctx).await {
                    match flow::record_failed_batch(&txn, &writer, &template, &entries, &err).await
                    {
                        Ok(_) => {
                            let _ = txn.commit().await;
                        }
                        Err(_) => {
                            let _ = txn.rollback().await;
                        }
                    }
                }
                Err(err.into())
            }
        }
    }

    /// Syncs an activity created offline. The first sync registers it (as `registerActivity`)
    /// and records the device's temporary id in `offline_id_mappings`; a replay of the same
    /// `clientId` (also from another of your devices, or concurrently) writes nothing and
    /// returns the server version, which wins over the replayed fields.
    async fn sync_offline_activity(
        &self,
        ctx: &Context<'_>,
        input: SyncOfflineActivityInput,
    ) -> Result<SyncOfflineActivityPayload> {
        let viewer = ctx.viewer()?;
        let writer = Writer {
            viewer,
            client: &ctx.request().client,
            now: ctx.now(),
        };
        let key = OfflineKey {
            device_id: input.device_id,
            client_id: input.client_id,
        };
        let client_id = key.client_id.trim().to_string();
        let txn = begin(ctx).await?;
        let result = flow::sync_offline(&txn, &writer, key, input.activity.into()).await;
        let synced = match result {
            Ok(s) => {
                txn.commit().await.map_err(ApiError::from)?;
                s
            }
            Err(err) => {
                let _ = txn.rollback().await;
                // A concurrent sync of the same client id won the mapping's unique index:
                // answer with its server version.
                if matches!(err, ApiError::Internal(_) | ApiError::Conflict(_))
                    && let Some(mapping) = flow::find_mapping(ctx.db(), viewer, &client_id).await?
                {
                    let activity = flow::replayed(ctx.db(), viewer, &mapping).await?;
                    flow::Synced {
                        activity,
                        replayed: true,
                        conflict: false,
                        warnings: Vec::new(),
                    }
                } else {
                    return Err(err.into());
                }
            }
        };
        Ok(SyncOfflineActivityPayload {
            activity: Activity(synced.activity),
            client_id,
            replayed: synced.replayed,
            conflict: synced.conflict,
            warnings: synced.warnings,
        })
    }

    /// Edits an activity's details (not its status). Approved activities are immutable (rule
    /// `immutable_after_approval`); the change is logged with old and new values.
    async fn edit_activity(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: EditActivityInput,
    ) -> Result<ActivityPayload> {
        let p = ActivityPatch {
            activity_type_id: input.activity_type_id,
            activity_date: input.activity_date,
            duration_minutes: input.duration_minutes,
            participant_count: input.participant_count,
            has_reimbursement: input.has_reimbursement,
            contact_id: patch(input.contact_id),
            title: patch(input.title),
            description: patch(input.description),
            location: patch(input.location),
            metadata: patch(input.metadata),
        };
        let a = crate::in_transaction!(ctx, |txn, writer| {
            flow::edit(&txn, &writer, id, p).await?
        });
        Ok(ActivityPayload {
            activity: Activity(a),
            warnings: Vec::new(),
        })
    }

    /// Deletes an activity (soft delete; approved activities are immutable, rule
    /// `immutable_after_approval`); logged with the status it had. Returns it as it was.
    async fn delete_activity(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        notes: Option<String>,
    ) -> Result<Activity> {
        let a = crate::in_transaction!(ctx, |txn, writer| {
            flow::delete(&txn, &writer, id, notes).await?
        });
        Ok(Activity(a))
    }

    /// Submits a draft for review (DRAFT -> PENDING_REVIEW).
    async fn submit_activity(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        notes: Option<String>,
    ) -> Result<Activity> {
        let a = crate::in_transaction!(ctx, |txn, writer| {
            flow::submit(&txn, &writer, id, notes).await?
        });
        Ok(Activity(a))
    }

    /// Approves an activity (PENDING_REVIEW or FLAGGED -> APPROVED; needs APPROVE_ACTIVITIES and
    /// no open flag). Counts toward the mentor's assignment counter when the activity was done
    /// for an assignment.
    async fn approve_activity(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        notes: Option<String>,
    ) -> Result<ApproveActivityPayload> {
        let r = crate::in_transaction!(ctx, |txn, writer| {
            flow::approve(&txn, &writer, id, notes).await?
        });
        Ok(ApproveActivityPayload {
            activity: Activity(r.activity),
            assignment_count: r.assignment_count,
        })
    }

    /// Rejects an activity (PENDING_REVIEW or FLAGGED -> REJECTED; needs APPROVE_ACTIVITIES);
    /// its open flags are closed as resolved.
    async fn reject_activity(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        notes: Option<String>,
    ) -> Result<Activity> {
        let a = crate::in_transaction!(ctx, |txn, writer| {
            flow::reject(&txn, &writer, id, notes).await?
        });
        Ok(Activity(a))
    }

    /// Flags an activity for review (PENDING_REVIEW -> FLAGGED; a flagged activity gets another
    /// flag). Needs APPROVE_ACTIVITIES.
    async fn flag_activity(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        input: FlagActivityInput,
    ) -> Result<FlagActivityPayload> {
        let (a, f) = crate::in_transaction!(ctx, |txn, writer| {
            flow::flag(
                &txn,
                &writer,
                id,
                NewFlag {
                    flag_type: input.flag_type,
                    severity: input.severity,
                    reason: input.reason,
                },
            )
            .await?
        });
        Ok(FlagActivityPayload {
            activity: Activity(a),
            flag: ActivityFlag(f),
        })
    }

    /// Resolves an open flag (DISMISSED: no problem; RESOLVED: handled). Needs
    /// APPROVE_ACTIVITIES. The activity's status stays: approve or reject it afterwards.
    async fn resolve_activity_flag(
        &self,
        ctx: &Context<'_>,
        flag_id: Uuid,
        outcome: ActivityFlagResolution,
        notes: Option<String>,
    ) -> Result<ResolveActivityFlagPayload> {
        let outcome = match outcome {
            ActivityFlagResolution::Dismissed => ActivityFlagStatus::Dismissed,
            ActivityFlagResolution::Resolved => ActivityFlagStatus::Resolved,
        };
        let (f, a) = crate::in_transaction!(ctx, |txn, writer| {
            flow::resolve_flag(&txn, &writer, flag_id, outcome, notes).await?
        });
        Ok(ResolveActivityFlagPayload {
            flag: ActivityFlag(f),
            activity: Activity(a),
        })
    }
}
