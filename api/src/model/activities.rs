//! Activities (seed 003): activity types, activities with their documents, change logs, review
//! flags and delegation grants, bulk registrations and calendar integrations.
//!
//! The generic mutations cover the plain fields. The approval workflow (status transitions,
//! proxy and bulk registration, duplicate detection) owns `status` and the proxy/bulk fields:
//! a new activity starts as a draft owned by the caller, and `updateActivity` cannot change
//! its status. Change logs and delegation grants are append-only records written by the server.

use async_graphql::MergedObject;

use crate::enum_filter;
use crate::filter::{BoolFilter, DateTimeFilter, IntFilter, StringFilter, UuidFilter};

use super::contacts::Contact;
use super::expenses::TravelExpenseReport;
use super::identity::User;
use super::tenancy::{LocalAssociation, Organization};

enum_filter!(ActivityStatusFilter, entity::activities::ActivityStatus);
enum_filter!(
    BufdirReportingCategoryFilter,
    entity::activity_types::BufdirReportingCategory
);
enum_filter!(
    ActivityDocumentTypeFilter,
    entity::activity_documents::ActivityDocumentType
);
enum_filter!(
    ActivityLogActionFilter,
    entity::activity_logs::ActivityLogAction
);
enum_filter!(
    ActivityFlagTypeFilter,
    entity::activity_flags::ActivityFlagType
);
enum_filter!(
    ActivityFlagSeverityFilter,
    entity::activity_flags::ActivityFlagSeverity
);
enum_filter!(
    ActivityFlagStatusFilter,
    entity::activity_flags::ActivityFlagStatus
);
enum_filter!(
    BulkRegistrationStatusFilter,
    entity::bulk_registrations::BulkRegistrationStatus
);
enum_filter!(
    CalendarProviderFilter,
    entity::calendar_integrations::CalendarProvider
);

/// Machine keys: lowercase letters, digits and underscores.
fn key_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

entity_api! {
    /// A category of activity the organization's peer mentors register (home visit, phone call,
    /// group meeting, ...), with its Bufdir reporting category and required-field rules.
    node: ActivityType, module: activity_types, one: activity_type, many: activity_types, query: ActivityTypesQuery,
    filter: ActivityTypeFilter {
        id: UuidFilter => Id,
        key: StringFilter => Key,
        name: StringFilter => Name,
        bufdir_category: BufdirReportingCategoryFilter => BufdirCategory,
        is_active: BoolFilter => IsActive,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: ActivityTypeOrderField / ActivityTypeOrderBy { SortOrder => SortOrder, Key => Key, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization defining the type.
        organization: organizations => Organization via organization_id,
    },
    has_many: {
        /// Activities of this type in your scope, oldest first.
        activities: activities => Activity by ActivityTypeId order ActivityDate,
        /// Bulk registrations of this type in your scope, oldest first.
        bulk_registrations: bulk_registrations => BulkRegistration by ActivityTypeId order CreatedAt,
    },
    mutations: ActivityTypesMutation {
        inputs: CreateActivityTypeInput / UpdateActivityTypeInput,
        create: create_activity_type, update: update_activity_type, delete: delete_activity_type,
        required: {
            /// Stable machine key, unique in the organization (a-z, 0-9, _; at most 64).
            key: String,
            /// Display name (at most 120 characters).
            name: String,
            /// How activities of the type count in the Bufdir report.
            bufdir_category: entity::activity_types::BufdirReportingCategory,
        },
        defaulted: {
            /// Whether activities of the type must name a contact (default false).
            requires_contact: bool = false,
            /// Whether activities of the type must give a location (default false).
            requires_location: bool = false,
            /// Whether activities of the type must have a description (default false).
            requires_description: bool = false,
            /// Whether activities of the type need an attached document (default false).
            requires_documentation: bool = false,
            /// Whether activities of the type may have several participants (default false).
            allows_multiple_participants: bool = false,
            /// Whether activities of the type may carry expense claims (default false).
            allows_reimbursement: bool = false,
            /// Duration proposed for new activities, in minutes (default 30).
            default_duration_minutes: i32 = 30,
            /// Position in pickers (default 0).
            sort_order: i32 = 0,
            /// Whether new activities may use the type (default true).
            is_active: bool = true,
        },
        optional: {
            /// Explanation of when to use the type.
            description: String,
            /// Extra fields collected in the activity's metadata: a JSON list of `{key, label, type, required}`.
            custom_fields: serde_json::Value,
        },
        fixed: {},
        validate: {
            key: pattern(1, 64, key_char, "key_format"),
            name: not_blank("required_fields"),
            name: max_len(120, "name_length"),
            description: max_len(2000, "description_length"),
            default_duration_minutes: range(1, 1440, "duration_range"),
        },
    },
    extra: {},
}

entity_api! {
    /// A registered peer-mentor activity (home visit, phone call, group session, meeting): the
    /// unit of work behind Bufdir reporting, statistics and reimbursement. Only approved
    /// activities count in reports.
    node: Activity, module: activities, one: activity, many: activities, query: ActivitiesQuery,
    filter: ActivityFilter {
        id: UuidFilter => Id,
        user_id: UuidFilter => UserId,
        contact_id: UuidFilter => ContactId,
        local_association_id: UuidFilter => LocalAssociationId,
        activity_type_id: UuidFilter => ActivityTypeId,
        title: StringFilter => Title,
        activity_date: DateTimeFilter => ActivityDate,
        duration_minutes: IntFilter => DurationMinutes,
        status: ActivityStatusFilter => Status,
        is_proxy_registration: BoolFilter => IsProxyRegistration,
        proxy_submitted_by: UuidFilter => ProxySubmittedBy,
        is_bulk_registration: BoolFilter => IsBulkRegistration,
        bulk_batch_id: UuidFilter => BulkBatchId,
        event_id: UuidFilter => EventId,
        has_reimbursement: BoolFilter => HasReimbursement,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: ActivityOrderField / ActivityOrderBy { ActivityDate => ActivityDate, Status => Status, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization the activity belongs to.
        organization: organizations => Organization via organization_id,
        /// The peer mentor who performed (and owns) the activity.
        peer_mentor: users => User via user_id,
        /// The primary contact, if any and in your scope.
        contact: contacts => Contact via contact_id,
        /// The local association the activity is attributed to.
        local_association: local_associations => LocalAssociation via local_association_id,
        /// The activity's type.
        activity_type: activity_types => ActivityType via activity_type_id,
        /// The coordinator who registered the activity on the mentor's behalf (proxy registrations).
        proxy_submitter: users => User via proxy_submitted_by,
        /// The bulk registration that created the activity, if in your scope.
        bulk_registration: bulk_registrations => BulkRegistration via bulk_batch_id,
    },
    has_many: {
        /// Attached documents (Bufdir evidence), oldest first.
        documents: activity_documents => ActivityDocument by ActivityId order CreatedAt,
        /// The activity's change history, oldest first.
        logs: activity_logs => ActivityLog by ActivityId order CreatedAt,
        /// Review flags on the activity in your scope, oldest first.
        flags: activity_flags => ActivityFlag by ActivityId order CreatedAt,
        /// The proxy registration record, when registered by a coordinator.
        delegation_grants: delegation_grants => DelegationGrant by ActivityId order CreatedAt,
        /// Travel expense reports for the activity in your scope.
        expense_reports: travel_expense_reports => TravelExpenseReport by ActivityId order CreatedAt,
        /// Review flags on other activities that name this one as their duplicate, in your scope, oldest first.
        duplicate_flags: activity_flags => ActivityFlag by DuplicateOfActivityId order CreatedAt,
    },
    // Written only through the activity workflows (core/src/workflows/activities/: register,
    // quick log, proxy, bulk, offline sync, edit, status changes, delete), which enforce seed 003.
    mutations: none,
    extra: {},
}

entity_api! {
    /// A file attached to an activity as Bufdir evidence (invitation, screenshot, photo,
    /// attendance list); the file itself lives in object storage.
    node: ActivityDocument, module: activity_documents, one: activity_document, many: activity_documents, query: ActivityDocumentsQuery,
    filter: ActivityDocumentFilter {
        activity_id: UuidFilter => ActivityId,
        document_type: ActivityDocumentTypeFilter => DocumentType,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: ActivityDocumentOrderField / ActivityDocumentOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization the document belongs to.
        organization: organizations => Organization via organization_id,
        /// The documented activity.
        activity: activities => Activity via activity_id,
    },
    has_many: {},
    mutations: ActivityDocumentsMutation {
        inputs: CreateActivityDocumentInput / UpdateActivityDocumentInput,
        create: create_activity_document, update: update_activity_document, delete: delete_activity_document,
        required: {
            /// The activity the file documents (one you can see).
            activity_id: uuid::Uuid,
            /// What the file documents.
            document_type: entity::activity_documents::ActivityDocumentType,
            /// Original file name (at most 255 characters).
            file_name: String,
            /// Path of the uploaded file in object storage.
            storage_path: String,
            /// MIME type of the file.
            mime_type: String,
            /// Size in bytes (at most 25 MiB).
            file_size_bytes: i64,
        },
        defaulted: {},
        optional: {
            /// Caption or explanation.
            description: String,
        },
        fixed: {},
        validate: {
            file_name: not_blank("required_fields"),
            file_name: max_len(255, "file_name_length"),
            storage_path: not_blank("required_fields"),
            storage_path: max_len(1024, "storage_path_length"),
            mime_type: pattern(3, 255, |c| c.is_ascii_alphanumeric() || "/.+-_".contains(c), "mime_type_format"),
            file_size_bytes: range(1, 26_214_400, "file_size_range"),
            description: max_len(1000, "description_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// One entry of an activity's change history (append-only, written by the server).
    node: ActivityLog, module: activity_logs, one: activity_log, many: activity_logs, query: ActivityLogsQuery,
    filter: ActivityLogFilter {
        activity_id: UuidFilter => ActivityId,
        actor_user_id: UuidFilter => ActorUserId,
        action: ActivityLogActionFilter => Action,
        new_status: ActivityStatusFilter => NewStatus,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: ActivityLogOrderField / ActivityLogOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The activity that changed.
        activity: activities => Activity via activity_id,
        /// Who made the change (null for system changes or outside your scope).
        actor: users => User via actor_user_id,
    },
    has_many: {},
    mutations: none,
    extra: {},
}

entity_api! {
    /// A review flag on an activity: suspected duplicate, suspicious data, missing
    /// documentation or another reason for a coordinator to look at it.
    node: ActivityFlag, module: activity_flags, one: activity_flag, many: activity_flags, query: ActivityFlagsQuery,
    filter: ActivityFlagFilter {
        activity_id: UuidFilter => ActivityId,
        flag_type: ActivityFlagTypeFilter => FlagType,
        severity: ActivityFlagSeverityFilter => Severity,
        status: ActivityFlagStatusFilter => Status,
        duplicate_of_activity_id: UuidFilter => DuplicateOfActivityId,
        created_by_id: UuidFilter => CreatedById,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: ActivityFlagOrderField / ActivityFlagOrderBy { CreatedAt => CreatedAt, Status => Status },
    belongs_to: {
        /// The organization the flag belongs to.
        organization: organizations => Organization via organization_id,
        /// The flagged activity.
        activity: activities => Activity via activity_id,
        /// For duplicates: the earlier activity this one seems to repeat.
        duplicate_of: activities => Activity via duplicate_of_activity_id,
        /// Who raised the flag (null for automatic duplicate detection).
        raised_by: users => User via created_by_id,
        /// Who resolved or dismissed the flag.
        resolved_by: users => User via resolved_by_id,
    },
    has_many: {},
    // Raised and resolved only through `flagActivity` / `resolveActivityFlag` (which keep the
    // activity's status in step).
    mutations: none,
    extra: {},
}

entity_api! {
    /// A coordinator's batch registration of one activity for several peer mentors of a local
    /// association; the created activities point back to it.
    node: BulkRegistration, module: bulk_registrations, one: bulk_registration, many: bulk_registrations, query: BulkRegistrationsQuery,
    filter: BulkRegistrationFilter {
        local_association_id: UuidFilter => LocalAssociationId,
        created_by_id: UuidFilter => CreatedById,
        activity_type_id: UuidFilter => ActivityTypeId,
        status: BulkRegistrationStatusFilter => Status,
        activity_date: DateTimeFilter => ActivityDate,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: BulkRegistrationOrderField / BulkRegistrationOrderBy { CreatedAt => CreatedAt, Status => Status },
    belongs_to: {
        /// The organization the batch belongs to.
        organization: organizations => Organization via organization_id,
        /// The local association the batch registers for.
        local_association: local_associations => LocalAssociation via local_association_id,
        /// The coordinator (or org admin) who made the batch.
        coordinator: users => User via created_by_id,
        /// Type of the created activities.
        activity_type: activity_types => ActivityType via activity_type_id,
    },
    has_many: {
        /// The activities the batch created, in your scope.
        activities: activities => Activity by BulkBatchId order ActivityDate,
    },
    mutations: BulkRegistrationsMutation {
        inputs: CreateBulkRegistrationInput / UpdateBulkRegistrationInput,
        create: create_bulk_registration, update: update_bulk_registration, delete: delete_bulk_registration,
        required: {
            /// Local association the batch registers for (coordinators: one of theirs).
            local_association_id: uuid::Uuid,
            /// Type of the activities to create.
            activity_type_id: uuid::Uuid,
            /// Date and time of the shared activity.
            activity_date: chrono::DateTime<chrono::Utc>,
            /// The selected peer mentors: a JSON list of user ids.
            peer_mentor_ids: serde_json::Value,
        },
        defaulted: {
            /// Duration in minutes, 1 to 1440 (default 60).
            duration_minutes: i32 = 60,
            /// Where the rows came from (default manual).
            source: entity::bulk_registrations::BulkRegistrationSource = entity::bulk_registrations::BulkRegistrationSource::Manual,
        },
        optional: {
            /// Title of every created activity (1 to 200 characters).
            title: String,
            /// Description of every created activity (at most 5000 characters).
            description: String,
            /// Where the shared activity took place.
            location: String,
            /// Participants per created activity (at least 1).
            participant_count: i32,
            /// Name of the uploaded file, for file uploads.
            source_file_name: String,
        },
        fixed: {
            status: entity::bulk_registrations::BulkRegistrationStatus::Draft,
            activities_created: 0,
        },
        validate: {
            title: not_blank("title_length"),
            title: max_len(200, "title_length"),
            description: max_len(5000, "description_length"),
            duration_minutes: range(1, 1440, "duration_range"),
            participant_count: range(1, 10000, "participant_count_positive"),
            location: max_len(500, "location_length"),
        },
    },
    extra: {
        /// Number of peer mentors selected.
        async fn mentor_count(&self) -> i32 {
            self.0.peer_mentor_ids.as_array().map_or(0, |a| a.len() as i32)
        }
    },
}

entity_api! {
    /// The record of a proxy registration: which coordinator registered which activity on
    /// behalf of which peer mentor (append-only, written by the server).
    node: DelegationGrant, module: delegation_grants, one: delegation_grant, many: delegation_grants, query: DelegationGrantsQuery,
    filter: DelegationGrantFilter {
        activity_id: UuidFilter => ActivityId,
        coordinator_id: UuidFilter => CoordinatorId,
        peer_mentor_id: UuidFilter => PeerMentorId,
        local_association_id: UuidFilter => LocalAssociationId,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: DelegationGrantOrderField / DelegationGrantOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The activity registered by proxy.
        activity: activities => Activity via activity_id,
        /// The coordinator who registered it.
        coordinator: users => User via coordinator_id,
        /// The peer mentor on whose behalf it was registered.
        peer_mentor: users => User via peer_mentor_id,
        /// The shared local association.
        local_association: local_associations => LocalAssociation via local_association_id,
    },
    has_many: {},
    mutations: none,
    extra: {},
}

entity_api! {
    /// Your connection to an external calendar and its sync settings. OAuth tokens are stored
    /// encrypted and are never readable; they are set by the calendar connection flow.
    node: CalendarIntegration, module: calendar_integrations, one: calendar_integration, many: calendar_integrations, query: CalendarIntegrationsQuery,
    filter: CalendarIntegrationFilter {
        provider: CalendarProviderFilter => Provider,
        sync_enabled: BoolFilter => SyncEnabled,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: CalendarIntegrationOrderField / CalendarIntegrationOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The user whose calendar is connected.
        user: users => User via user_id,
    },
    has_many: {},
    mutations: CalendarIntegrationsMutation {
        inputs: CreateCalendarIntegrationInput / UpdateCalendarIntegrationInput,
        create: create_calendar_integration, update: update_calendar_integration, delete: delete_calendar_integration,
        required: {
            /// Calendar service.
            provider: entity::calendar_integrations::CalendarProvider,
        },
        defaulted: {
            /// Which way events flow (default import).
            sync_direction: entity::calendar_integrations::CalendarSyncDirection = entity::calendar_integrations::CalendarSyncDirection::Import,
            /// Whether syncing is on (default true).
            sync_enabled: bool = true,
            /// Days back calendar events are considered, 0 to 365 (default 14).
            lookback_days: i32 = 14,
        },
        optional: {
            /// Label of the account shown to you.
            account_label: String,
            /// The chosen calendar at the provider (null = primary).
            external_calendar_id: String,
        },
        fixed: {},
        validate: {
            lookback_days: range(0, 365, "lookback_days_range"),
            account_label: max_len(120, "account_label_length"),
            external_calendar_id: max_len(255, "external_calendar_id_length"),
        },
    },
    extra: {},
}

/// Root query fields of the activities domain.
#[derive(MergedObject, Default)]
pub struct ActivitiesDomainQuery(
    ActivityTypesQuery,
    ActivitiesQuery,
    ActivityDocumentsQuery,
    ActivityLogsQuery,
    ActivityFlagsQuery,
    BulkRegistrationsQuery,
    DelegationGrantsQuery,
    CalendarIntegrationsQuery,
);

/// Mutations of the activities domain.
#[derive(MergedObject, Default)]
pub struct ActivitiesDomainMutation(
    ActivityTypesMutation,
    ActivityDocumentsMutation,
    BulkRegistrationsMutation,
    CalendarIntegrationsMutation,
);
