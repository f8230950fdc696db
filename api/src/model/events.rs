//! Events and workshops: group events with their participants (users or contacts), and
//! workshop sessions with participants, notes and tasks.

use async_graphql::MergedObject;

use crate::enum_filter;
use crate::filter::{DateFilter, DateTimeFilter, StringFilter, UuidFilter};

use super::contacts::Contact;
use super::identity::User;
use super::tenancy::{LocalAssociation, Organization};

enum_filter!(EventKindFilter, entity::events::EventKind);
enum_filter!(EventStatusFilter, entity::events::EventStatus);
enum_filter!(
    EventParticipantStatusFilter,
    entity::event_participants::EventParticipantStatus
);
enum_filter!(
    WorkshopSessionKindFilter,
    entity::workshop_sessions::WorkshopSessionKind
);
enum_filter!(
    WorkshopSessionStatusFilter,
    entity::workshop_sessions::WorkshopSessionStatus
);
enum_filter!(
    WorkshopParticipantStatusFilter,
    entity::workshop_participants::WorkshopParticipantStatus
);
enum_filter!(
    WorkshopNoteKindFilter,
    entity::workshop_notes::WorkshopNoteKind
);
enum_filter!(
    WorkshopTaskStatusFilter,
    entity::workshop_tasks::WorkshopTaskStatus
);

entity_api! {
    /// A group event (café meeting, recurring group session, talk, social gathering) with
    /// sign-up and attendance, held by a local association or the whole organization.
    node: Event, module: events, one: event, many: events, query: EventsCrudQuery,
    filter: EventFilter { id: UuidFilter => Id, local_association_id: UuidFilter => LocalAssociationId, organizer_id: UuidFilter => OrganizerId, title: StringFilter => Title, kind: EventKindFilter => Kind, status: EventStatusFilter => Status, starts_at: DateTimeFilter => StartsAt, created_at: DateTimeFilter => CreatedAt },
    order: EventOrderField / EventOrderBy { StartsAt => StartsAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization holding the event.
        organization: organizations => Organization via organization_id,
        /// The hosting local association; null for an organization-wide event.
        local_association: local_associations => LocalAssociation via local_association_id,
        /// The organizer and contact person.
        organizer: users => User via organizer_id,
    },
    has_many: {
        /// Sign-ups and attendance, in your scope (oldest first).
        participants: event_participants => EventParticipant by EventId order CreatedAt,
    },
    mutations: EventsCrudMutation {
        inputs: CreateEventInput / UpdateEventInput,
        create: create_event, update: update_event, delete: delete_event,
        required: {
            /// The organizer (a user of your organization).
            organizer_id: uuid::Uuid,
            /// Title shown in event lists and invitations (at most 200 characters).
            title: String,
            /// What kind of group activity it is.
            kind: entity::events::EventKind,
            /// Start time.
            starts_at: chrono::DateTime<chrono::Utc>,
            /// End time (not before the start).
            ends_at: chrono::DateTime<chrono::Utc>,
        },
        defaulted: {
            /// Lifecycle status (default DRAFT).
            status: entity::events::EventStatus = entity::events::EventStatus::Draft,
            /// Whether participants can join online (default false).
            is_digital: bool = false,
            /// Attendees not registered individually (default 0).
            unregistered_attendee_count: i32 = 0,
        },
        optional: {
            /// Hosting local association; omit for an organization-wide event.
            local_association_id: uuid::Uuid,
            /// Programme description (at most 5000 characters).
            description: String,
            /// Venue or address.
            location: String,
            /// Online meeting link.
            meeting_url: String,
            /// Maximum number of participants (at least 1).
            capacity: i32,
            /// Last moment to sign up.
            signup_deadline: chrono::DateTime<chrono::Utc>,
            /// iCalendar RRULE of a recurring session.
            recurrence_rule: String,
        },
        fixed: {},
        validate: {
            title: not_blank("required_fields"),
            title: max_len(200, "title_length"),
            description: max_len(5000, "description_length"),
            location: max_len(300, "location_length"),
            meeting_url: max_len(500, "url_length"),
            capacity: range(1, 100_000, "capacity_positive"),
            unregistered_attendee_count: range(0, 100_000, "participant_count_positive"),
            recurrence_rule: max_len(500, "recurrence_rule_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// A sign-up for an event by a user or a contact, with attendance status.
    node: EventParticipant, module: event_participants, one: event_participant, many: event_participants, query: EventParticipantsQuery,
    filter: EventParticipantFilter { event_id: UuidFilter => EventId, user_id: UuidFilter => UserId, contact_id: UuidFilter => ContactId, status: EventParticipantStatusFilter => Status, signed_up_at: DateTimeFilter => SignedUpAt },
    order: EventParticipantOrderField / EventParticipantOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The event.
        event: events => Event via event_id,
        /// The participating user; null when the participant is a contact.
        user: users => User via user_id,
        /// The participating contact; null when the participant is a user.
        contact: contacts => Contact via contact_id,
    },
    has_many: {},
    mutations: EventParticipantsMutation {
        inputs: CreateEventParticipantInput / UpdateEventParticipantInput,
        create: create_event_participant, update: update_event_participant, delete: delete_event_participant,
        required: {
            /// The event to sign up for.
            event_id: uuid::Uuid,
            /// When the participant signed up.
            signed_up_at: chrono::DateTime<chrono::Utc>,
        },
        defaulted: {
            /// Status (default SIGNED_UP).
            status: entity::event_participants::EventParticipantStatus = entity::event_participants::EventParticipantStatus::SignedUp,
        },
        optional: {
            /// The participating user (give exactly one of userId and contactId).
            user_id: uuid::Uuid,
            /// The participating contact (give exactly one of userId and contactId).
            contact_id: uuid::Uuid,
            /// When attendance was confirmed (required with status ATTENDED).
            attended_at: chrono::DateTime<chrono::Utc>,
            /// When the sign-up was withdrawn (required with status WITHDRAWN).
            withdrawn_at: chrono::DateTime<chrono::Utc>,
            /// Short remark (at most 1000 characters).
            comment: String,
        },
        fixed: {},
        validate: { comment: max_len(1000, "comment_length") },
    },
    extra: {},
}

entity_api! {
    /// A session of a group guidance or career workshop (Blindeforbundet's karriereverksted).
    node: WorkshopSession, module: workshop_sessions, one: workshop_session, many: workshop_sessions, query: WorkshopSessionsQuery,
    filter: WorkshopSessionFilter { id: UuidFilter => Id, local_association_id: UuidFilter => LocalAssociationId, facilitator_id: UuidFilter => FacilitatorId, title: StringFilter => Title, series_name: StringFilter => SeriesName, kind: WorkshopSessionKindFilter => Kind, status: WorkshopSessionStatusFilter => Status, starts_at: DateTimeFilter => StartsAt },
    order: WorkshopSessionOrderField / WorkshopSessionOrderBy { StartsAt => StartsAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization.
        organization: organizations => Organization via organization_id,
        /// The hosting local association; null for an organization-wide session.
        local_association: local_associations => LocalAssociation via local_association_id,
        /// The facilitator.
        facilitator: users => User via facilitator_id,
    },
    has_many: {
        /// Enrollments, in your scope.
        participants: workshop_participants => WorkshopParticipant by WorkshopSessionId order CreatedAt,
        /// Notes on the session, in your scope.
        notes: workshop_notes => WorkshopNote by WorkshopSessionId order CreatedAt,
        /// Action items from the session, in your scope.
        tasks: workshop_tasks => WorkshopTask by WorkshopSessionId order CreatedAt,
    },
    mutations: WorkshopSessionsMutation {
        inputs: CreateWorkshopSessionInput / UpdateWorkshopSessionInput,
        create: create_workshop_session, update: update_workshop_session, delete: delete_workshop_session,
        required: {
            /// The facilitator (a user of your organization).
            facilitator_id: uuid::Uuid,
            /// Title (at most 200 characters).
            title: String,
            /// What kind of workshop.
            kind: entity::workshop_sessions::WorkshopSessionKind,
            /// Start time.
            starts_at: chrono::DateTime<chrono::Utc>,
            /// End time (not before the start).
            ends_at: chrono::DateTime<chrono::Utc>,
        },
        defaulted: {
            /// Lifecycle status (default PLANNED).
            status: entity::workshop_sessions::WorkshopSessionStatus = entity::workshop_sessions::WorkshopSessionStatus::Planned,
            /// Whether participants can join online (default false).
            is_digital: bool = false,
        },
        optional: {
            /// Hosting local association; omit for an organization-wide session.
            local_association_id: uuid::Uuid,
            /// Theme, agenda and goals (at most 5000 characters).
            description: String,
            /// Programme or series name.
            series_name: String,
            /// Position in the series (at least 1).
            session_number: i32,
            /// Venue or address.
            location: String,
            /// Maximum number of participants (at least 1).
            capacity: i32,
        },
        fixed: {},
        validate: {
            title: not_blank("required_fields"),
            title: max_len(200, "title_length"),
            description: max_len(5000, "description_length"),
            series_name: max_len(200, "name_length"),
            session_number: range(1, 1000, "session_number_positive"),
            location: max_len(300, "location_length"),
            capacity: range(1, 10_000, "capacity_positive"),
        },
    },
    extra: {},
}

entity_api! {
    /// Enrollment of a user or a contact in a workshop session, with attendance confirmation.
    node: WorkshopParticipant, module: workshop_participants, one: workshop_participant, many: workshop_participants, query: WorkshopParticipantsQuery,
    filter: WorkshopParticipantFilter { workshop_session_id: UuidFilter => WorkshopSessionId, user_id: UuidFilter => UserId, contact_id: UuidFilter => ContactId, status: WorkshopParticipantStatusFilter => Status },
    order: WorkshopParticipantOrderField / WorkshopParticipantOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The workshop session.
        workshop_session: workshop_sessions => WorkshopSession via workshop_session_id,
        /// The participating user; null when the participant is a contact.
        user: users => User via user_id,
        /// The participating contact; null when the participant is a user.
        contact: contacts => Contact via contact_id,
    },
    has_many: {},
    mutations: WorkshopParticipantsMutation {
        inputs: CreateWorkshopParticipantInput / UpdateWorkshopParticipantInput,
        create: create_workshop_participant, update: update_workshop_participant, delete: delete_workshop_participant,
        required: {
            /// The session to enroll in.
            workshop_session_id: uuid::Uuid,
            /// When the participant enrolled.
            enrolled_at: chrono::DateTime<chrono::Utc>,
        },
        defaulted: {
            /// Status (default ENROLLED).
            status: entity::workshop_participants::WorkshopParticipantStatus = entity::workshop_participants::WorkshopParticipantStatus::Enrolled,
        },
        optional: {
            /// The participating user (give exactly one of userId and contactId).
            user_id: uuid::Uuid,
            /// The participating contact (give exactly one of userId and contactId).
            contact_id: uuid::Uuid,
            /// When attendance was confirmed (required with status ATTENDED).
            attendance_confirmed_at: chrono::DateTime<chrono::Utc>,
            /// Short remark (at most 1000 characters).
            comment: String,
        },
        fixed: {},
        validate: { comment: max_len(1000, "comment_length") },
    },
    extra: {},
}

entity_api! {
    /// A note taken during or after a workshop session.
    node: WorkshopNote, module: workshop_notes, one: workshop_note, many: workshop_notes, query: WorkshopNotesQuery,
    filter: WorkshopNoteFilter { workshop_session_id: UuidFilter => WorkshopSessionId, author_id: UuidFilter => AuthorId, kind: WorkshopNoteKindFilter => Kind, created_at: DateTimeFilter => CreatedAt },
    order: WorkshopNoteOrderField / WorkshopNoteOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The session the note is about.
        workshop_session: workshop_sessions => WorkshopSession via workshop_session_id,
        /// The author.
        author: users => User via author_id,
    },
    has_many: {},
    mutations: WorkshopNotesMutation {
        inputs: CreateWorkshopNoteInput / UpdateWorkshopNoteInput,
        create: create_workshop_note, update: update_workshop_note, delete: delete_workshop_note,
        required: {
            /// The session the note is about.
            workshop_session_id: uuid::Uuid,
            /// The author (yourself, as a peer mentor).
            author_id: uuid::Uuid,
            /// The note as Markdown (at most 20000 characters).
            body: String,
        },
        defaulted: {
            /// What the note records (default OBSERVATION).
            kind: entity::workshop_notes::WorkshopNoteKind = entity::workshop_notes::WorkshopNoteKind::Observation,
        },
        optional: {
            /// Heading (at most 200 characters).
            title: String,
        },
        fixed: {},
        validate: {
            body: not_blank("required_fields"),
            body: max_len(20_000, "body_length"),
            title: max_len(200, "title_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// An action item from a workshop session, with assignee and due date.
    node: WorkshopTask, module: workshop_tasks, one: workshop_task, many: workshop_tasks, query: WorkshopTasksQuery,
    filter: WorkshopTaskFilter { workshop_session_id: UuidFilter => WorkshopSessionId, assignee_id: UuidFilter => AssigneeId, status: WorkshopTaskStatusFilter => Status, due_date: DateFilter => DueDate, title: StringFilter => Title },
    order: WorkshopTaskOrderField / WorkshopTaskOrderBy { DueDate => DueDate, CreatedAt => CreatedAt },
    belongs_to: {
        /// The session the task came out of.
        workshop_session: workshop_sessions => WorkshopSession via workshop_session_id,
        /// The user responsible; null while unassigned.
        assignee: users => User via assignee_id,
    },
    has_many: {},
    mutations: WorkshopTasksMutation {
        inputs: CreateWorkshopTaskInput / UpdateWorkshopTaskInput,
        create: create_workshop_task, update: update_workshop_task, delete: delete_workshop_task,
        required: {
            /// The session the task came out of.
            workshop_session_id: uuid::Uuid,
            /// What is to be done (at most 200 characters).
            title: String,
        },
        defaulted: {
            /// Progress (default OPEN).
            status: entity::workshop_tasks::WorkshopTaskStatus = entity::workshop_tasks::WorkshopTaskStatus::Open,
        },
        optional: {
            /// The user responsible.
            assignee_id: uuid::Uuid,
            /// Details (at most 5000 characters).
            description: String,
            /// Date the task should be done by.
            due_date: chrono::NaiveDate,
            /// When the task was done (required with status DONE).
            completed_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: {},
        validate: {
            title: not_blank("required_fields"),
            title: max_len(200, "title_length"),
            description: max_len(5000, "description_length"),
        },
    },
    extra: {},
}

/// Root query fields of the events domain.
#[derive(MergedObject, Default)]
pub struct EventsQuery(
    EventsCrudQuery,
    EventParticipantsQuery,
    WorkshopSessionsQuery,
    WorkshopParticipantsQuery,
    WorkshopNotesQuery,
    WorkshopTasksQuery,
);

/// Mutations of the events domain.
#[derive(MergedObject, Default)]
pub struct EventsMutation(
    EventsCrudMutation,
    EventParticipantsMutation,
    WorkshopSessionsMutation,
    WorkshopParticipantsMutation,
    WorkshopNotesMutation,
    WorkshopTasksMutation,
);
