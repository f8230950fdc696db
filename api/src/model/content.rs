//! Content, sync and sales: resource links and FAQ entries the app shows, each user's record of
//! replayed offline mutations and the id mappings they produced, and demo requests from the
//! sales website (global admins only).

use async_graphql::MergedObject;

use crate::enum_filter;
use crate::filter::{BoolFilter, DateTimeFilter, IntFilter, StringFilter, UuidFilter};

use super::identity::User;
use super::tenancy::Organization;

enum_filter!(
    ResourceLinkAudienceFilter,
    entity::resource_links::ResourceLinkAudience
);
enum_filter!(
    OfflineSyncOperationFilter,
    entity::offline_sync_queue::OfflineSyncOperation
);
enum_filter!(
    OfflineSyncStatusFilter,
    entity::offline_sync_queue::OfflineSyncStatus
);
enum_filter!(
    DemoRequestStatusFilter,
    entity::demo_requests::DemoRequestStatus
);

/// URLs: printable ASCII without spaces (the database also requires http:// or https://).
fn url_char(c: char) -> bool {
    c.is_ascii_graphic()
}

/// Device ids, temporary ids, idempotency keys: printable ASCII without spaces.
fn token_char(c: char) -> bool {
    c.is_ascii_graphic()
}

/// Table names: a-z and `_`.
fn table_char(c: char) -> bool {
    c.is_ascii_lowercase() || c == '_'
}

/// Locales like nb-NO.
fn locale_char(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '-'
}

/// Phone numbers: digits, `+` and spaces.
fn phone_char(c: char) -> bool {
    c.is_ascii_digit() || c == '+' || c == ' '
}

entity_api! {
    /// A curated link to an external resource shown in the app.
    node: ResourceLink, module: resource_links, one: resource_link, many: resource_links, query: ResourceLinksQuery,
    filter: ResourceLinkFilter { id: UuidFilter => Id, title: StringFilter => Title, category: StringFilter => Category, audience: ResourceLinkAudienceFilter => Audience, is_published: BoolFilter => IsPublished },
    order: ResourceLinkOrderField / ResourceLinkOrderBy { SortOrder => SortOrder, Category => Category, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization.
        organization: organizations => Organization via organization_id,
    },
    has_many: {},
    mutations: ResourceLinksMutation {
        inputs: CreateResourceLinkInput / UpdateResourceLinkInput,
        create: create_resource_link, update: update_resource_link, delete: delete_resource_link,
        required: {
            /// Title (1-200 characters).
            title: String,
            /// Address (http:// or https://, at most 2000 characters).
            url: String,
        },
        defaulted: {
            /// Who sees the link (default everyone).
            audience: entity::resource_links::ResourceLinkAudience = entity::resource_links::ResourceLinkAudience::Everyone,
            /// Position within the category, lowest first (default 0).
            sort_order: i32 = 0,
            /// Shown in the app (default true).
            is_published: bool = true,
        },
        optional: {
            /// Short description (at most 500 characters).
            description: String,
            /// Category (at most 100 characters).
            category: String,
        },
        fixed: {},
        validate: {
            title: not_blank("required_fields"),
            title: max_len(200, "title_length"),
            url: pattern(10, 2000, url_char, "url_format"),
            description: max_len(500, "description_length"),
            category: max_len(100, "category_length"),
            sort_order: range(0, 10_000, "sort_order_range"),
        },
    },
    extra: {},
}

entity_api! {
    /// A question and answer on the app's FAQ screen.
    node: FaqEntry, module: faq_entries, one: faq_entry, many: faq_entries, query: FaqEntriesQuery,
    filter: FaqEntryFilter { id: UuidFilter => Id, category: StringFilter => Category, locale: StringFilter => Locale, question: StringFilter => Question, is_published: BoolFilter => IsPublished, sort_order: IntFilter => SortOrder },
    order: FaqEntryOrderField / FaqEntryOrderBy { SortOrder => SortOrder, Category => Category, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization.
        organization: organizations => Organization via organization_id,
    },
    has_many: {},
    mutations: FaqEntriesMutation {
        inputs: CreateFaqEntryInput / UpdateFaqEntryInput,
        create: create_faq_entry, update: update_faq_entry, delete: delete_faq_entry,
        required: {
            /// The question (1-300 characters).
            question: String,
            /// The answer (1-5000 characters).
            answer: String,
        },
        defaulted: {
            /// Language (default nb-NO).
            locale: String = "nb-NO".to_string(),
            /// Position within the category, lowest first (default 0).
            sort_order: i32 = 0,
            /// Shown in the app (default true).
            is_published: bool = true,
        },
        optional: {
            /// Category (at most 100 characters).
            category: String,
        },
        fixed: {},
        validate: {
            question: not_blank("required_fields"),
            question: max_len(300, "question_length"),
            answer: not_blank("required_fields"),
            answer: max_len(5000, "answer_length"),
            locale: pattern(2, 10, locale_char, "locale_format"),
            category: max_len(100, "category_length"),
            sort_order: range(0, 10_000, "sort_order_range"),
        },
    },
    extra: {},
}

entity_api! {
    /// A mutation one of your devices made offline and replayed, with its outcome.
    node: OfflineSyncQueueEntry, module: offline_sync_queue, one: offline_sync_queue_entry, many: offline_sync_queue, query: OfflineSyncQueueQuery,
    filter: OfflineSyncQueueEntryFilter { device_id: StringFilter => DeviceId, client_mutation_id: StringFilter => ClientMutationId, operation: OfflineSyncOperationFilter => Operation, entity_type: StringFilter => EntityType, status: OfflineSyncStatusFilter => Status, created_at: DateTimeFilter => CreatedAt },
    order: OfflineSyncQueueEntryOrderField / OfflineSyncQueueEntryOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The user who made the mutation.
        user: users => User via user_id,
    },
    has_many: {
        /// Id mappings this entry's replay produced.
        id_mappings: offline_id_mappings => OfflineIdMapping by SyncQueueEntryId order CreatedAt,
    },
    mutations: OfflineSyncQueueMutation {
        inputs: CreateOfflineSyncQueueEntryInput / UpdateOfflineSyncQueueEntryInput,
        create: create_offline_sync_queue_entry,
        required: {
            /// Stable device identifier from the app.
            device_id: String,
            /// Idempotency key of the mutation, unique per device.
            client_mutation_id: String,
            /// Kind of mutation.
            operation: entity::offline_sync_queue::OfflineSyncOperation,
            /// Table the mutation targets (e.g. activities).
            entity_type: String,
            /// The mutation's input as queued, a JSON object.
            payload: serde_json::Value,
            /// When the mutation was made on the device.
            queued_at: chrono::DateTime<chrono::Utc>,
        },
        defaulted: {},
        optional: {
            /// Server id of the targeted row (required for updates and deletes).
            entity_id: uuid::Uuid,
            /// Temporary id the device gave a created row.
            client_entity_id: String,
        },
        fixed: {
            status: entity::offline_sync_queue::OfflineSyncStatus::Pending,
            attempt_count: 1,
        },
        validate: {
            device_id: pattern(1, 200, token_char, "device_id_format"),
            client_mutation_id: pattern(1, 200, token_char, "client_mutation_id_format"),
            entity_type: pattern(2, 64, table_char, "entity_type_format"),
            client_entity_id: pattern(1, 200, token_char, "client_id_format"),
        },
    },
    extra: {},
}

entity_api! {
    /// A temporary id one of your devices generated offline and the server id it became.
    node: OfflineIdMapping, module: offline_id_mappings, one: offline_id_mapping, many: offline_id_mappings, query: OfflineIdMappingsQuery,
    filter: OfflineIdMappingFilter { device_id: StringFilter => DeviceId, entity_type: StringFilter => EntityType, client_id: StringFilter => ClientId, server_id: UuidFilter => ServerId, sync_queue_entry_id: UuidFilter => SyncQueueEntryId },
    order: OfflineIdMappingOrderField / OfflineIdMappingOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The user whose device created the row.
        user: users => User via user_id,
        /// The queue entry whose replay created the row.
        sync_queue_entry: offline_sync_queue => OfflineSyncQueueEntry via sync_queue_entry_id,
    },
    has_many: {},
    mutations: OfflineIdMappingsMutation {
        inputs: CreateOfflineIdMappingInput / UpdateOfflineIdMappingInput,
        create: create_offline_id_mapping,
        required: {
            /// Stable device identifier from the app.
            device_id: String,
            /// Table of the created row (e.g. activities).
            entity_type: String,
            /// Temporary id the device generated.
            client_id: String,
            /// Id the server assigned.
            server_id: uuid::Uuid,
        },
        defaulted: {},
        optional: {
            /// The queue entry whose replay created the row (one of yours).
            sync_queue_entry_id: uuid::Uuid,
            /// When the device may forget the mapping.
            expires_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: {},
        validate: {
            device_id: pattern(1, 200, token_char, "device_id_format"),
            entity_type: pattern(2, 64, table_char, "entity_type_format"),
            client_id: pattern(1, 200, token_char, "client_id_format"),
        },
    },
    extra: {},
}

entity_api! {
    /// A demo booking from the sales website (platform data: global admins only).
    node: DemoRequest, module: demo_requests, one: demo_request, many: demo_requests, query: DemoRequestsQuery,
    filter: DemoRequestFilter { id: UuidFilter => Id, status: DemoRequestStatusFilter => Status, organization_name: StringFilter => OrganizationName, contact_email: StringFilter => ContactEmail, assigned_to_user_id: UuidFilter => AssignedToUserId, created_at: DateTimeFilter => CreatedAt },
    order: DemoRequestOrderField / DemoRequestOrderBy { CreatedAt => CreatedAt, Status => Status },
    belongs_to: {
        /// The global admin handling the request.
        assigned_to: users => User via assigned_to_user_id,
        /// The organization created for the requester once converted.
        converted_organization: organizations => Organization via converted_organization_id,
    },
    has_many: {},
    mutations: DemoRequestsMutation {
        inputs: CreateDemoRequestInput / UpdateDemoRequestInput,
        create: create_demo_request, update: update_demo_request, delete: delete_demo_request,
        required: {
            /// Organization asking (1-200 characters).
            organization_name: String,
            /// Person asking (1-200 characters).
            contact_name: String,
            /// Email of the person asking.
            contact_email: String,
        },
        defaulted: {
            /// Sales status (default NEW).
            status: entity::demo_requests::DemoRequestStatus = entity::demo_requests::DemoRequestStatus::New,
            /// Consent to be contacted (default false).
            consent_to_contact: bool = false,
        },
        optional: {
            /// Phone of the person asking.
            contact_phone: String,
            /// Role or title of the person asking.
            contact_role: String,
            /// Approximate number of peer mentors (0 or more).
            estimated_peer_mentors: i32,
            /// Message from the booking form (at most 5000 characters).
            message: String,
            /// Preferred demo time.
            preferred_time: chrono::DateTime<chrono::Utc>,
            /// Booked demo time.
            scheduled_at: chrono::DateTime<chrono::Utc>,
            /// Where the requester came from.
            source: String,
            /// Global admin handling the request.
            assigned_to_user_id: uuid::Uuid,
            /// Internal notes of the sales team.
            internal_notes: String,
            /// Organization created for the requester (required for CONVERTED).
            converted_organization_id: uuid::Uuid,
        },
        fixed: {},
        validate: {
            organization_name: not_blank("required_fields"),
            organization_name: max_len(200, "name_length"),
            contact_name: not_blank("required_fields"),
            contact_name: max_len(200, "name_length"),
            contact_email: email("email_format"),
            contact_phone: pattern(8, 20, phone_char, "phone_format"),
            contact_role: max_len(200, "role_length"),
            estimated_peer_mentors: range(0, 1_000_000, "estimated_peer_mentors_range"),
            message: max_len(5000, "message_length"),
            source: max_len(100, "source_length"),
            internal_notes: max_len(5000, "notes_length"),
        },
    },
    extra: {},
}

/// Root query fields of the content, sync and sales domain.
#[derive(MergedObject, Default)]
pub struct ContentQuery(
    ResourceLinksQuery,
    FaqEntriesQuery,
    OfflineSyncQueueQuery,
    OfflineIdMappingsQuery,
    DemoRequestsQuery,
);

/// Mutations of the content, sync and sales domain.
#[derive(MergedObject, Default)]
pub struct ContentMutation(
    ResourceLinksMutation,
    FaqEntriesMutation,
    OfflineSyncQueueMutation,
    OfflineIdMappingsMutation,
    DemoRequestsMutation,
);
