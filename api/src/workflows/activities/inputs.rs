//! The input types of the activities workflows' mutations, and what the rules make of them.

use super::*;

/// One activity as the app's registration wizard sends it.
#[derive(InputObject, Clone)]
pub struct RegisterActivityInput {
    /// An active activity type of your organization (rule `activity_type_enum`).
    pub activity_type_id: Uuid,
    /// When the activity took place; at most 24 hours ahead (rule `activity_date_not_future`).
    pub activity_date: DateTime<Utc>,
    /// Minutes, 1 to 1440 (rule `duration_range`); default: the activity type's default.
    pub duration_minutes: Option<i32>,
    /// The primary contact: one you can see (rule `valid_contact_reference`); required when
    /// the type requires a contact (rule `required_fields`).
    pub contact_id: Option<Uuid>,
    /// Local association the activity counts for; default: the contact's, else the mentor's
    /// primary one.
    pub local_association_id: Option<Uuid>,
    /// 1 to 200 characters (rule `title_length`); default: type name and contact name.
    pub title: Option<String>,
    /// At most 5000 characters (rule `description_length`); required when the type says so.
    pub description: Option<String>,
    /// Where it took place; required when the type says so.
    pub location: Option<String>,
    /// At least 1 (rule `participant_count_positive`); default 1.
    pub participant_count: Option<i32>,
    /// The event the activity belongs to (one you can see).
    pub event_id: Option<Uuid>,
    /// Whether expense claims will be attached (default false).
    #[graphql(default)]
    pub has_reimbursement: bool,
    /// The device calendar event the activity came from.
    pub calendar_event_id: Option<String>,
    /// Organization-specific fields.
    pub metadata: Option<serde_json::Value>,
    /// DRAFT or PENDING_REVIEW (rule `status_enum`); default PENDING_REVIEW.
    #[graphql(default_with = "ActivityStatus::PendingReview")]
    pub status: ActivityStatus,
}

impl From<RegisterActivityInput> for NewActivity {
    fn from(i: RegisterActivityInput) -> Self {
        NewActivity {
            activity_type_id: i.activity_type_id,
            activity_date: i.activity_date,
            duration_minutes: i.duration_minutes,
            contact_id: i.contact_id,
            local_association_id: i.local_association_id,
            title: i.title,
            description: i.description,
            location: i.location,
            participant_count: i.participant_count,
            event_id: i.event_id,
            has_reimbursement: i.has_reimbursement,
            calendar_event_id: i.calendar_event_id,
            metadata: i.metadata,
            status: i.status,
        }
    }
}

/// The home-screen quick-log widget: a type, optionally a contact, and defaults for the rest.
#[derive(InputObject)]
pub struct QuickLogActivityInput {
    /// An active activity type of your organization.
    pub activity_type_id: Uuid,
    /// The contact, when the type needs one.
    pub contact_id: Option<Uuid>,
    /// Default: now.
    pub activity_date: Option<DateTime<Utc>>,
    /// Default: the organization's default duration (30 minutes unless configured).
    pub duration_minutes: Option<i32>,
    /// Optional notes (e.g. from speech to text).
    pub description: Option<String>,
    /// Where it took place, when the type needs it.
    pub location: Option<String>,
}

/// A coordinator's registration on behalf of a peer mentor.
#[derive(InputObject)]
pub struct RegisterActivityForMentorInput {
    /// The peer mentor who performed the activity and will own it (rules
    /// `valid_user_reference`, `coordinator_proxy_scope`, `proxy_fields_consistency`).
    pub peer_mentor_id: Uuid,
    /// Why you register on the mentor's behalf (kept in the delegation record).
    pub reason: Option<String>,
    /// The activity.
    pub activity: RegisterActivityInput,
}

/// One peer mentor of a bulk registration, with what differs for them.
#[derive(InputObject)]
pub struct BulkRegistrationEntryInput {
    /// A peer mentor of the batch's local association.
    pub peer_mentor_id: Uuid,
    /// The mentor's contact in the activity, if any.
    pub contact_id: Option<Uuid>,
    /// Overrides the batch's duration.
    pub duration_minutes: Option<i32>,
    /// Overrides the batch's participant count.
    pub participant_count: Option<i32>,
}

/// One activity registered for many peer mentors of one local association at once.
#[derive(InputObject)]
pub struct BulkRegisterActivitiesInput {
    /// One of your local associations; every entry's mentor must belong to it.
    pub local_association_id: Uuid,
    pub activity_type_id: Uuid,
    pub activity_date: DateTime<Utc>,
    /// Default: the activity type's default.
    pub duration_minutes: Option<i32>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    pub participant_count: Option<i32>,
    /// DRAFT or PENDING_REVIEW; default PENDING_REVIEW.
    #[graphql(default_with = "ActivityStatus::PendingReview")]
    pub status: ActivityStatus,
    /// Where the rows came from (default MANUAL).
    #[graphql(default_with = "BulkRegistrationSource::Manual")]
    pub source: BulkRegistrationSource,
    pub source_file_name: Option<String>,
    /// 1 to 500 entries, each mentor once (rule `bulk_fields_consistency`).
    pub entries: Vec<BulkRegistrationEntryInput>,
}

/// An activity created while offline, replayed by the device.
#[derive(InputObject)]
pub struct SyncOfflineActivityInput {
    /// Stable id of the device.
    pub device_id: String,
    /// The temporary id the device gave the activity; replays with the same id are idempotent.
    pub client_id: String,
    pub activity: RegisterActivityInput,
}

/// Changes to an activity's details: omitted fields stay, `null` clears an optional field.
/// Approved activities cannot be changed (rule `immutable_after_approval`).
#[derive(InputObject, Default)]
pub struct EditActivityInput {
    pub activity_type_id: Option<Uuid>,
    pub activity_date: Option<DateTime<Utc>>,
    pub duration_minutes: Option<i32>,
    pub participant_count: Option<i32>,
    pub has_reimbursement: Option<bool>,
    pub contact_id: MaybeUndefined<Uuid>,
    pub title: MaybeUndefined<String>,
    pub description: MaybeUndefined<String>,
    pub location: MaybeUndefined<String>,
    pub metadata: MaybeUndefined<serde_json::Value>,
}

/// Why and how urgently an activity is flagged.
#[derive(InputObject)]
pub struct FlagActivityInput {
    pub flag_type: ActivityFlagType,
    /// Default MEDIUM.
    #[graphql(default_with = "ActivityFlagSeverity::Medium")]
    pub severity: ActivityFlagSeverity,
    /// 1 to 2000 characters.
    pub reason: String,
}

/// How a flag was resolved.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum ActivityFlagResolution {
    /// Reviewed and found to be no problem.
    Dismissed,
    /// The problem was confirmed and handled.
    Resolved,
}
