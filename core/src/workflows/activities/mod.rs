//! Activities (seed 003): the validation and business rules of `activities`, named after the
//! seed's rules. GraphQL resolvers (`graphql::workflows::activities`) only translate inputs and
//! outputs and run these functions inside one transaction.
//!
//! - Registration: [`register`] for one activity (own, quick log, proxy, bulk row, offline sync):
//!   `status_enum`, `title_length`, `description_length`, `duration_range`,
//!   `participant_count_positive`, `activity_date_not_future`, `activity_type_enum`,
//!   `required_fields`, `valid_user_reference`, `proxy_fields_consistency`,
//!   `coordinator_proxy_scope`, `valid_contact_reference`, then `owner_attribution_on_proxy`
//!   (the activity belongs to the mentor, `proxy_submitted_by` is the coordinator, one
//!   `delegation_grants` row), `duplicate_detection` (an open `activity_flags` row and a
//!   warning, never a rejection) and an `activity_logs` row.
//! - [`bulk_register`]: `bulk_fields_consistency` and `bulk_batch_atomicity` (one
//!   `bulk_registrations` row and all its activities in the caller's transaction; a failing
//!   entry fails the whole batch with `entries[i].<field>` in the error).
//! - [`sync_offline`]: `offline_sync_conflict_resolution` (a replay of the same client id
//!   returns the server version; `offline_id_mappings` records client id -> server id).
//! - The approval workflow ([`submit`], [`approve`], [`reject`], [`flag`], [`resolve_flag`]):
//!   `approval_workflow_transition` (claimed on the old status, so concurrent decisions cannot
//!   both win), only APPROVE_ACTIVITIES holders decide, `audit_trail_on_status_change` (one
//!   `activity_logs` row per change), `assignment_threshold_counting` on approval and
//!   `mentor_notified_on_decision` (a notification to the activity's mentor on approval or
//!   rejection, through `notifications::notify`).
//! - [`edit`]: `immutable_after_approval` plus the field rules on the edited values.
//! - [`bufdir_reportable`] / [`bufdir_totals`]: `bufdir_reporting_inclusion` (approved only).
//! - `organization_scope_isolation` holds because every row is read through `authz::scoped` /
//!   `Writer::find_for` and written through the `Writer` (coordinators reach their local
//!   associations only).
//!
//! Rows the server writes as a consequence (activity logs, delegation grants, automatic
//! duplicate flags) are system writes: tenant from the activity, author the acting user,
//! audited like every write; clients have no create permission on those tables.
//!
//! Layout: this file holds the shared vocabulary (inputs, statuses, limits); `rules` the field
//! rules and who an activity belongs to; `registration` one activity's registration and the
//! server's own rows; `bulk_registration`; `offline` (sync and its conflicts); `review` the
//! approval workflow and assignment counting; `edit` editing and deleting; `bufdir` what the
//! Bufdir report counts.

mod bufdir;
mod bulk_registration;
mod edit;
mod offline;
mod registration;
mod review;
mod rules;

pub use super::kernel::{PEER_MENTOR_ROLE, Patch, Warning};
pub use bufdir::*;
pub use bulk_registration::*;
pub use edit::*;
pub use offline::*;
pub use registration::*;
pub use review::*;
pub use rules::*;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::Query,
};
use serde_json::{Value as Json, json};
use uuid::Uuid;

use super::notifications::{self, Notice, Scenario, Trigger};
use super::peer_mentors;
use crate::{
    authz::{
        Action, Reach, Viewer, scoped,
        writes::{Writer, ensure_reference},
    },
    calendar::Calendar,
    error::{ApiError, ApiResult},
    validation,
};
use entity::{
    activities, activity_flags as flags, activity_logs as logs, activity_types as types,
    assignments, bulk_registrations as bulk, contacts, delegation_grants as grants, events,
    local_associations, offline_id_mappings as mappings, organization_settings as settings, roles,
    user_organization_memberships as memberships, user_roles, users,
};

pub use entity::activities::ActivityStatus as Status;
pub use entity::activity_flags::{
    ActivityFlagSeverity as FlagSeverity, ActivityFlagStatus as FlagStatus,
    ActivityFlagType as FlagType,
};
pub use entity::activity_logs::ActivityLogAction as LogAction;
pub use entity::bulk_registrations::{
    BulkRegistrationSource as BulkSource, BulkRegistrationStatus as BulkStatus,
};
use entity::notifications::{NotificationCategory, NotificationChannel};

/// `title_length`: 1 to 200 characters.
pub const TITLE_MAX_CHARS: usize = 200;
/// `description_length`: at most 5000 characters.
pub const DESCRIPTION_MAX_CHARS: usize = 5000;
/// `duration_range`: 1 minute to 24 hours (the database check says the same).
pub const DURATION_RANGE: std::ops::RangeInclusive<i32> = 1..=1440;
/// Quick-log default duration when the organization has no setting.
pub const QUICK_LOG_DEFAULT_MINUTES: i32 = 30;
/// Default participant count (individual interaction).
pub const DEFAULT_PARTICIPANT_COUNT: i32 = 1;
/// `activity_date_not_future`: how far ahead of the server clock a date may be.
pub const FUTURE_TOLERANCE_HOURS: i64 = 24;
/// `duplicate_detection` window when the organization has no settings row.
pub const DEFAULT_DUPLICATE_WINDOW_HOURS: i32 = 24;
/// Most entries one bulk registration may have.
pub const MAX_BULK_ENTRIES: usize = 500;
/// Longest note on a status change, flag reason or flag resolution.
pub const NOTES_MAX_CHARS: usize = 2000;
/// Longest device id / client id of an offline sync.
pub const CLIENT_KEY_MAX_CHARS: usize = 200;
/// `entity_type` of the offline id mappings of activities.
pub const OFFLINE_ENTITY_TYPE: &str = "activities";

fn bad(field: impl Into<String>, rule: &str, message: impl Into<String>) -> ApiError {
    ApiError::bad_input(field, rule, message)
}

fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Draft => "draft",
        Status::PendingReview => "pending_review",
        Status::Approved => "approved",
        Status::Rejected => "rejected",
        Status::Flagged => "flagged",
    }
}
