//! Contacts: the people receiving support (with guarded personal details), notes about them,
//! caregivers and relatives, private notes, home visit reports and conversation cards.

use async_graphql::MergedObject;

use crate::enum_filter;
use crate::filter::{BoolFilter, DateFilter, DateTimeFilter, StringFilter, UuidFilter};
use meander_core::authz::fields::Guard;

use super::activities::Activity;
use super::assignments::{Assignment, EncryptedDocument, PoaDocument};
use super::events::{EventParticipant, WorkshopParticipant};
use super::identity::User;
use super::tenancy::{LocalAssociation, Organization};

enum_filter!(ContactStatusFilter, entity::contacts::ContactStatus);
enum_filter!(
    ContactNoteTypeFilter,
    entity::contact_notes::ContactNoteType
);
enum_filter!(
    CaregiverRelationshipFilter,
    entity::caregivers::CaregiverRelationship
);
enum_filter!(
    RelativeRelationshipFilter,
    entity::contact_relatives::RelativeRelationship
);
enum_filter!(
    HomeVisitReportStatusFilter,
    entity::home_visit_reports::HomeVisitReportStatus
);

/// Digits, spaces and a leading plus: a phone number as people write it.
fn phone_char(c: char) -> bool {
    c.is_ascii_digit() || c == '+' || c == ' '
}

entity_api! {
    /// A person receiving support from peer mentors (the organization may call them "Medlem" or
    /// "Bruker"). Personal details are readable only by org admins, coordinators of the contact's
    /// local association and the peer mentors linked to the contact.
    node: Contact, module: contacts, one: contact, many: contacts, query: ContactsQuery,
    filter: ContactFilter {
        id: UuidFilter => Id,
        local_association_id: UuidFilter => LocalAssociationId,
        primary_peer_mentor_id: UuidFilter => PrimaryPeerMentorId,
        first_name: StringFilter => FirstName,
        last_name: StringFilter => LastName,
        status: ContactStatusFilter => Status,
        municipality: StringFilter => Municipality,
        membership_number: StringFilter => MembershipNumber,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: ContactOrderField / ContactOrderBy { LastName => LastName, FirstName => FirstName, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization the contact belongs to.
        organization: organizations => Organization via organization_id,
        /// The local association responsible for the contact.
        local_association: local_associations => LocalAssociation via local_association_id,
        /// The contact's primary peer mentor, if matched and in your scope.
        primary_peer_mentor: users => User via primary_peer_mentor_id,
    },
    has_many: {
        /// Notes about the contact in your scope, oldest first.
        notes: contact_notes => ContactNote by ContactId order CreatedAt,
        /// The contact's caregivers and next of kin.
        caregivers: caregivers => Caregiver by ContactId order CreatedAt,
        /// Links to the contact's registered relatives.
        relatives: contact_relatives => ContactRelative by ContactId order CreatedAt,
        /// Home visit reports about the contact in your scope, by visit date.
        home_visit_reports: home_visit_reports => HomeVisitReport by ContactId order VisitDate,
        /// Your own private notes about the contact.
        personal_notes: personal_notes => PersonalNote by ContactId order CreatedAt,
        /// Assignments concerning the contact in your scope.
        assignments: assignments => Assignment by ContactId order CreatedAt,
        /// Powers of attorney and medical records concerning the contact in your scope.
        poa_documents: poa_documents => PoaDocument by ContactId order CreatedAt,
        /// Activities with the contact as primary contact in your scope, oldest first.
        activities: activities => Activity by ContactId order ActivityDate,
        /// Encrypted documents about the contact in your scope, oldest first.
        encrypted_documents: encrypted_documents => EncryptedDocument by ContactId order CreatedAt,
        /// The contact's event participations in your scope, oldest first.
        event_participations: event_participants => EventParticipant by ContactId order CreatedAt,
        /// The contact's workshop participations in your scope, oldest first.
        workshop_participations: workshop_participants => WorkshopParticipant by ContactId order CreatedAt,
    },
    mutations: ContactsMutation {
        inputs: CreateContactInput / UpdateContactInput,
        create: create_contact, update: update_contact, delete: delete_contact,
        required: {
            /// Local association responsible for the contact.
            local_association_id: uuid::Uuid,
            /// Given name.
            first_name: String,
            /// Family name.
            last_name: String,
        },
        defaulted: {
            /// Lifecycle status (default active).
            status: entity::contacts::ContactStatus = entity::contacts::ContactStatus::Active,
            /// Values of the organization's custom contact fields, keyed by field key (default {}).
            custom_fields: serde_json::Value = serde_json::json!({}),
        },
        optional: {
            /// Primary peer mentor (a peer mentor registering a contact names themselves).
            primary_peer_mentor_id: uuid::Uuid,
            /// Phone number (sensitive).
            phone: String,
            /// Email address (sensitive).
            email: String,
            /// Street address (sensitive).
            street_address: String,
            /// Postal code, four digits (sensitive).
            postal_code: String,
            /// Postal town (sensitive).
            city: String,
            /// Municipality (kommune).
            municipality: String,
            /// Date of birth (sensitive).
            birth_date: chrono::NaiveDate,
            /// Health notes (special-category data).
            health_notes: String,
            /// How the contact prefers to be reached.
            preferred_channel: entity::contacts::ContactPreferredChannel,
            /// Membership number in the organization.
            membership_number: String,
            /// When the contact consented to the registration of their personal data.
            consent_given_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: {},
        validate: {
            first_name: not_blank("required_fields"),
            first_name: max_len(100, "name_length"),
            last_name: not_blank("required_fields"),
            last_name: max_len(100, "name_length"),
            phone: pattern(8, 20, phone_char, "phone_format"),
            email: email("email_format"),
            email: max_len(254, "email_format"),
            street_address: max_len(200, "address_length"),
            postal_code: pattern(4, 4, |c| c.is_ascii_digit(), "postal_code_format"),
            city: max_len(100, "address_length"),
            municipality: max_len(100, "address_length"),
            health_notes: max_len(4000, "health_notes_length"),
            membership_number: max_len(50, "membership_number_length"),
        },
    },
    extra: {
        /// Phone number: org admins, coordinators of the contact's local association and linked peer mentors.
        async fn phone(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            crate::loaders::guard(ctx, Guard::ContactDetails((&self.0).into())).await?;
            Ok(self.0.phone.as_deref())
        }
        /// Email address: org admins, coordinators of the contact's local association and linked peer mentors.
        async fn email(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            crate::loaders::guard(ctx, Guard::ContactDetails((&self.0).into())).await?;
            Ok(self.0.email.as_deref())
        }
        /// Street address: org admins, coordinators of the contact's local association and linked peer mentors.
        async fn street_address(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            crate::loaders::guard(ctx, Guard::ContactDetails((&self.0).into())).await?;
            Ok(self.0.street_address.as_deref())
        }
        /// Postal code: org admins, coordinators of the contact's local association and linked peer mentors.
        async fn postal_code(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            crate::loaders::guard(ctx, Guard::ContactDetails((&self.0).into())).await?;
            Ok(self.0.postal_code.as_deref())
        }
        /// Postal town: org admins, coordinators of the contact's local association and linked peer mentors.
        async fn city(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            crate::loaders::guard(ctx, Guard::ContactDetails((&self.0).into())).await?;
            Ok(self.0.city.as_deref())
        }
        /// Date of birth: org admins, coordinators of the contact's local association and linked peer mentors.
        async fn birth_date(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<chrono::NaiveDate>> {
            crate::loaders::guard(ctx, Guard::ContactDetails((&self.0).into())).await?;
            Ok(self.0.birth_date)
        }
        /// Health notes: org admins, coordinators of the contact's local association and linked peer mentors.
        async fn health_notes(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            crate::loaders::guard(ctx, Guard::ContactDetails((&self.0).into())).await?;
            Ok(self.0.health_notes.as_deref())
        }
    },
}

entity_api! {
    /// A structured note about a contact, written by a peer mentor or coordinator.
    node: ContactNote, module: contact_notes, one: contact_note, many: contact_notes, query: ContactNotesQuery,
    filter: ContactNoteFilter {
        contact_id: UuidFilter => ContactId,
        created_by_id: UuidFilter => CreatedById,
        note_type: ContactNoteTypeFilter => NoteType,
        follow_up_required: BoolFilter => FollowUpRequired,
        follow_up_due_date: DateFilter => FollowUpDueDate,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: ContactNoteOrderField / ContactNoteOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The contact the note is about.
        contact: contacts => Contact via contact_id,
        /// The note's author, when in your scope.
        author: users => User via created_by_id,
    },
    has_many: {},
    mutations: ContactNotesMutation {
        inputs: CreateContactNoteInput / UpdateContactNoteInput,
        create: create_contact_note, update: update_contact_note, delete: delete_contact_note,
        required: {
            /// The contact the note is about.
            contact_id: uuid::Uuid,
            /// Text of the note.
            body: String,
        },
        defaulted: {
            /// What the note records (default interaction).
            note_type: entity::contact_notes::ContactNoteType = entity::contact_notes::ContactNoteType::Interaction,
            /// Whether a follow-up is needed (default false).
            follow_up_required: bool = false,
        },
        optional: {
            /// Short title.
            title: String,
            /// Date the follow-up should be done by.
            follow_up_due_date: chrono::NaiveDate,
            /// When the follow-up was done.
            follow_up_completed_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: {},
        validate: {
            body: not_blank("required_fields"),
            body: max_len(10000, "note_length"),
            title: max_len(200, "title_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// A caregiver or next of kin of a contact. Phone and email follow the contact's rule.
    node: Caregiver, module: caregivers, one: caregiver, many: caregivers, query: CaregiversQuery,
    filter: CaregiverFilter {
        contact_id: UuidFilter => ContactId,
        relationship: CaregiverRelationshipFilter => Relationship,
        is_primary: BoolFilter => IsPrimary,
        is_emergency_contact: BoolFilter => IsEmergencyContact,
        last_name: StringFilter => LastName,
    },
    order: CaregiverOrderField / CaregiverOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The contact cared for.
        contact: contacts => Contact via contact_id,
    },
    has_many: {},
    mutations: CaregiversMutation {
        inputs: CreateCaregiverInput / UpdateCaregiverInput,
        create: create_caregiver, update: update_caregiver, delete: delete_caregiver,
        required: {
            /// The contact cared for.
            contact_id: uuid::Uuid,
            /// Given name.
            first_name: String,
            /// Family name.
            last_name: String,
            /// How the caregiver is related to the contact.
            relationship: entity::caregivers::CaregiverRelationship,
        },
        defaulted: {
            /// Whether this is the primary caregiver (default false).
            is_primary: bool = false,
            /// Whether to call this person in an emergency (default false).
            is_emergency_contact: bool = false,
            /// Whether the caregiver lives with the contact (default false).
            lives_with_contact: bool = false,
        },
        optional: {
            /// Phone number (sensitive).
            phone: String,
            /// Email address (sensitive).
            email: String,
            /// Notes about the caregiver's role (never health data).
            notes: String,
        },
        fixed: {},
        validate: {
            first_name: not_blank("required_fields"),
            first_name: max_len(100, "name_length"),
            last_name: not_blank("required_fields"),
            last_name: max_len(100, "name_length"),
            phone: pattern(8, 20, phone_char, "phone_format"),
            email: email("email_format"),
            notes: max_len(2000, "note_length"),
        },
    },
    extra: {
        /// Phone number: the readers of the contact's personal details.
        async fn phone(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            crate::loaders::guard(ctx, Guard::CaregiverDetails { caregiver: self.0.id, contact: self.0.contact_id }).await?;
            Ok(self.0.phone.as_deref())
        }
        /// Email address: the readers of the contact's personal details.
        async fn email(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            crate::loaders::guard(ctx, Guard::CaregiverDetails { caregiver: self.0.id, contact: self.0.contact_id }).await?;
            Ok(self.0.email.as_deref())
        }
    },
}

entity_api! {
    /// A family member registered for a case, linked to contacts through contact relatives.
    node: Relative, module: relatives, one: relative, many: relatives, query: RelativesQuery,
    filter: RelativeFilter {
        local_association_id: UuidFilter => LocalAssociationId,
        first_name: StringFilter => FirstName,
        last_name: StringFilter => LastName,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: RelativeOrderField / RelativeOrderBy { LastName => LastName, FirstName => FirstName, CreatedAt => CreatedAt },
    belongs_to: {
        /// The local association following up the family.
        local_association: local_associations => LocalAssociation via local_association_id,
    },
    has_many: {
        /// The relative's links to contacts in your scope.
        contacts: contact_relatives => ContactRelative by RelativeId order CreatedAt,
    },
    mutations: RelativesMutation {
        inputs: CreateRelativeInput / UpdateRelativeInput,
        create: create_relative, update: update_relative, delete: delete_relative,
        required: {
            /// Local association following up the family.
            local_association_id: uuid::Uuid,
            /// Given name.
            first_name: String,
            /// Family name.
            last_name: String,
        },
        defaulted: {},
        optional: {
            /// Year of birth.
            birth_year: i32,
            /// Phone number (sensitive).
            phone: String,
            /// Email address (sensitive).
            email: String,
            /// Notes about the relative (never health data).
            notes: String,
        },
        fixed: {},
        validate: {
            first_name: not_blank("required_fields"),
            first_name: max_len(100, "name_length"),
            last_name: not_blank("required_fields"),
            last_name: max_len(100, "name_length"),
            birth_year: range(1900, 2100, "birth_year_range"),
            phone: pattern(8, 20, phone_char, "phone_format"),
            email: email("email_format"),
            notes: max_len(2000, "note_length"),
        },
    },
    extra: {
        /// Phone number: org admins, coordinators of the relative's local association and peer mentors linked to a contact of the relative.
        async fn phone(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            crate::loaders::guard(ctx, Guard::RelativeDetails((&self.0).into())).await?;
            Ok(self.0.phone.as_deref())
        }
        /// Email address: org admins, coordinators of the relative's local association and peer mentors linked to a contact of the relative.
        async fn email(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            crate::loaders::guard(ctx, Guard::RelativeDetails((&self.0).into())).await?;
            Ok(self.0.email.as_deref())
        }
    },
}

entity_api! {
    /// A relative linked to a contact (case).
    node: ContactRelative, module: contact_relatives, one: contact_relative, many: contact_relatives, query: ContactRelativesQuery,
    filter: ContactRelativeFilter {
        contact_id: UuidFilter => ContactId,
        relative_id: UuidFilter => RelativeId,
        relationship: RelativeRelationshipFilter => Relationship,
        is_next_of_kin: BoolFilter => IsNextOfKin,
    },
    order: ContactRelativeOrderField / ContactRelativeOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The contact (case).
        contact: contacts => Contact via contact_id,
        /// The relative.
        relative: relatives => Relative via relative_id,
    },
    has_many: {},
    mutations: ContactRelativesMutation {
        inputs: CreateContactRelativeInput / UpdateContactRelativeInput,
        create: create_contact_relative, update: update_contact_relative, delete: delete_contact_relative,
        required: {
            /// The contact (case).
            contact_id: uuid::Uuid,
            /// The relative.
            relative_id: uuid::Uuid,
            /// How the relative is related to the contact.
            relationship: entity::contact_relatives::RelativeRelationship,
        },
        defaulted: {
            /// Whether the relative is the case's main contact person (default false).
            is_primary_contact_person: bool = false,
            /// Whether the relative is the contact's legal next of kin (default false).
            is_next_of_kin: bool = false,
        },
        optional: {},
        fixed: {},
        validate: {},
    },
    extra: {},
}

entity_api! {
    /// One of your private notes, optionally about a contact. Nobody else can read it.
    node: PersonalNote, module: personal_notes, one: personal_note, many: personal_notes, query: PersonalNotesQuery,
    filter: PersonalNoteFilter {
        contact_id: UuidFilter => ContactId,
        is_pinned: BoolFilter => IsPinned,
        title: StringFilter => Title,
        updated_at: DateTimeFilter => UpdatedAt,
        created_at: DateTimeFilter => CreatedAt,
    },
    order: PersonalNoteOrderField / PersonalNoteOrderBy { UpdatedAt => UpdatedAt, CreatedAt => CreatedAt },
    belongs_to: {
        /// The contact the note is about, when in your scope.
        contact: contacts => Contact via contact_id,
    },
    has_many: {},
    mutations: PersonalNotesMutation {
        inputs: CreatePersonalNoteInput / UpdatePersonalNoteInput,
        create: create_personal_note, update: update_personal_note, delete: delete_personal_note,
        required: {
            /// Text of the note.
            body: String,
        },
        defaulted: {
            /// Whether the note is pinned (default false).
            is_pinned: bool = false,
        },
        optional: {
            /// The contact the note is about.
            contact_id: uuid::Uuid,
            /// Short title.
            title: String,
        },
        fixed: {},
        validate: {
            body: not_blank("required_fields"),
            body: max_len(10000, "note_length"),
            title: max_len(200, "title_length"),
        },
    },
    extra: {},
}

entity_api! {
    /// The report a peer mentor writes after a home visit. The observed health status follows
    /// the contact's health-notes rule (and the visiting mentor may always read it).
    node: HomeVisitReport, module: home_visit_reports, one: home_visit_report, many: home_visit_reports, query: HomeVisitReportsQuery,
    filter: HomeVisitReportFilter {
        contact_id: UuidFilter => ContactId,
        peer_mentor_id: UuidFilter => PeerMentorId,
        status: HomeVisitReportStatusFilter => Status,
        visit_date: DateFilter => VisitDate,
        follow_up_required: BoolFilter => FollowUpRequired,
        course_interest: BoolFilter => CourseInterest,
    },
    order: HomeVisitReportOrderField / HomeVisitReportOrderBy { VisitDate => VisitDate, CreatedAt => CreatedAt },
    belongs_to: {
        /// The contact visited.
        contact: contacts => Contact via contact_id,
        /// The peer mentor who made the visit.
        peer_mentor: users => User via peer_mentor_id,
        /// The coordinator who reviewed the report.
        reviewed_by: users => User via reviewed_by_id,
    },
    has_many: {},
    mutations: HomeVisitReportsMutation {
        inputs: CreateHomeVisitReportInput / UpdateHomeVisitReportInput,
        create: create_home_visit_report, update: update_home_visit_report, delete: delete_home_visit_report,
        required: {
            /// The contact visited (the visiting mentor is you).
            contact_id: uuid::Uuid,
            /// Date of the visit.
            visit_date: chrono::NaiveDate,
        },
        defaulted: {
            /// Where the report is in its review (default draft).
            status: entity::home_visit_reports::HomeVisitReportStatus = entity::home_visit_reports::HomeVisitReportStatus::Draft,
            /// Whether the contact is interested in a course (default false).
            course_interest: bool = false,
            /// Whether the visit calls for a follow-up (default false).
            follow_up_required: bool = false,
        },
        optional: {
            /// Observed health status (special-category data).
            health_status: String,
            /// Courses or topics of interest.
            course_interest_notes: String,
            /// Assistive device situation.
            assistive_device_status: entity::home_visit_reports::HomeVisitAssistiveDeviceStatus,
            /// Assistive device details.
            assistive_device_notes: String,
            /// Follow-up actions agreed.
            follow_up_actions: String,
            /// Date the follow-up should be done by (not before the visit).
            follow_up_due_date: chrono::NaiveDate,
            /// When the mentor submitted the report.
            submitted_at: chrono::DateTime<chrono::Utc>,
            /// The coordinator who reviewed the report.
            reviewed_by_id: uuid::Uuid,
            /// When the report was reviewed.
            reviewed_at: chrono::DateTime<chrono::Utc>,
        },
        fixed: {},
        validate: {
            health_status: max_len(4000, "health_notes_length"),
            course_interest_notes: max_len(2000, "note_length"),
            assistive_device_notes: max_len(2000, "note_length"),
            follow_up_actions: max_len(4000, "note_length"),
        },
    },
    extra: {
        /// Observed health status: the visiting mentor, and org admins and coordinators who may read the contact's details.
        async fn health_status(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            crate::loaders::guard(ctx, Guard::VisitHealth((&self.0).into())).await?;
            Ok(self.0.health_status.as_deref())
        }
    },
}

entity_api! {
    /// A guided conversation prompt card peer mentors use in sessions.
    node: ConversationCard, module: conversation_cards, one: conversation_card, many: conversation_cards, query: ConversationCardsQuery,
    filter: ConversationCardFilter {
        category: StringFilter => Category,
        title: StringFilter => Title,
        locale: StringFilter => Locale,
        is_active: BoolFilter => IsActive,
    },
    order: ConversationCardOrderField / ConversationCardOrderBy { Category => Category, SortOrder => SortOrder, CreatedAt => CreatedAt },
    belongs_to: {},
    has_many: {},
    mutations: ConversationCardsMutation {
        inputs: CreateConversationCardInput / UpdateConversationCardInput,
        create: create_conversation_card, update: update_conversation_card, delete: delete_conversation_card,
        required: {
            /// Topic group, e.g. "Hverdagsliv".
            category: String,
            /// Title of the card.
            title: String,
            /// The opening prompt or question.
            prompt: String,
        },
        defaulted: {
            /// Follow-up questions as a JSON array of strings (default []).
            follow_up_questions: serde_json::Value = serde_json::json!([]),
            /// Locale of the text (default nb-NO).
            locale: String = "nb-NO".to_string(),
            /// Position within the category (default 0).
            sort_order: i32 = 0,
            /// Whether the card is shown (default true).
            is_active: bool = true,
        },
        optional: {
            /// Guidance for the mentor.
            mentor_guidance: String,
        },
        fixed: {},
        validate: {
            category: not_blank("required_fields"),
            category: max_len(100, "category_length"),
            title: not_blank("required_fields"),
            title: max_len(200, "title_length"),
            prompt: not_blank("required_fields"),
            prompt: max_len(2000, "prompt_length"),
            mentor_guidance: max_len(4000, "note_length"),
            sort_order: range(0, 10000, "sort_order_range"),
        },
    },
    extra: {},
}

/// Root query fields of the contacts domain.
#[derive(MergedObject, Default)]
pub struct ContactsDomainQuery(
    ContactsQuery,
    ContactNotesQuery,
    CaregiversQuery,
    RelativesQuery,
    ContactRelativesQuery,
    PersonalNotesQuery,
    HomeVisitReportsQuery,
    ConversationCardsQuery,
);

/// Mutations of the contacts domain.
#[derive(MergedObject, Default)]
pub struct ContactsDomainMutation(
    ContactsMutation,
    ContactNotesMutation,
    CaregiversMutation,
    RelativesMutation,
    ContactRelativesMutation,
    PersonalNotesMutation,
    HomeVisitReportsMutation,
    ConversationCardsMutation,
);
