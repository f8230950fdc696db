//! `events` (scope T): structured group activities (café meetings, recurring sessions, lectures)
//! with sign-up and attendance; participants are in `event_participants`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What kind of group activity an event is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// An informal café meeting (likepersonkafé) open to members and contacts.
    #[sea_orm(string_value = "cafe_meeting")]
    CafeMeeting,
    /// A recurring peer-support group session.
    #[sea_orm(string_value = "group_session")]
    GroupSession,
    /// A talk or information meeting with a speaker.
    #[sea_orm(string_value = "lecture")]
    Lecture,
    /// A social gathering or outing.
    #[sea_orm(string_value = "social")]
    Social,
    /// A meeting held online only.
    #[sea_orm(string_value = "digital_meeting")]
    DigitalMeeting,
    /// Any other group activity.
    #[sea_orm(string_value = "other")]
    Other,
}

/// Lifecycle status of an event.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    /// Being prepared; not yet visible for sign-up.
    #[sea_orm(string_value = "draft")]
    Draft,
    /// Published and open for sign-up.
    #[sea_orm(string_value = "published")]
    Published,
    /// Held; attendance has been (or is being) confirmed.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Called off; sign-ups are kept for the record.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

/// A group activity with several participants, organized in an organization or one of its local
/// associations. Attendance is counted for Bufdir reporting.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "EventsRow")
)]
#[sea_orm(table_name = "events")]
pub struct Model {
    /// Unique identifier of the event.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the event belongs to.
    pub organization_id: Uuid,
    /// Local association hosting the event (None for an organization-wide event).
    pub local_association_id: Option<Uuid>,
    /// User (coordinator or peer mentor) who organizes the event and is its contact person.
    pub organizer_id: Uuid,
    /// Title shown in event lists and invitations.
    pub title: String,
    /// Longer description of the programme, shown to those signing up.
    pub description: Option<String>,
    /// What kind of group activity the event is.
    pub kind: EventKind,
    /// Lifecycle status of the event.
    pub status: EventStatus,
    /// When the event starts.
    pub starts_at: DateTimeUtc,
    /// When the event ends (not before it starts).
    pub ends_at: DateTimeUtc,
    /// Venue or address where the event takes place (None for digital-only events).
    pub location: Option<String>,
    /// Whether participants can (also) join online.
    pub is_digital: bool,
    /// Link to the online meeting, when the event is digital.
    pub meeting_url: Option<String>,
    /// Maximum number of signed-up participants (None = unlimited; otherwise at least 1).
    pub capacity: Option<i32>,
    /// Last moment to sign up (None = until the event starts).
    pub signup_deadline: Option<DateTimeUtc>,
    /// Recurrence of a recurring session as an iCalendar RRULE (e.g. "FREQ=WEEKLY;BYDAY=TU"),
    /// None for a one-off event.
    pub recurrence_rule: Option<String>,
    /// Attendees who were not registered individually (e.g. walk-ins at a café meeting); added to
    /// the registered attendees in Bufdir participant counts. Zero or more.
    pub unregistered_attendee_count: i32,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last updated.
    pub updated_at: DateTimeUtc,
    /// User who created the row (None for system writes).
    pub created_by_id: Option<Uuid>,
    /// User who last updated the row (None for system writes).
    pub updated_by_id: Option<Uuid>,
    /// When the row was soft-deleted (None while live).
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_events_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_events_local_association_id"
    )]
    LocalAssociations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::OrganizerId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_events_organizer_id"
    )]
    Users,
    #[sea_orm(has_many = "crate::event_participants::Entity")]
    EventParticipants,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::local_associations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LocalAssociations.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<crate::event_participants::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::EventParticipants.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
