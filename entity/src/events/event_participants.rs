//! `event_participants` (scope T): a user or a contact signed up for an event, with attendance.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Sign-up and attendance status of an event participant.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum EventParticipantStatus {
    /// Signed up; attendance not confirmed yet.
    #[sea_orm(string_value = "signed_up")]
    SignedUp,
    /// Attendance confirmed; counts as a participant in Bufdir reporting.
    #[sea_orm(string_value = "attended")]
    Attended,
    /// Withdrew the sign-up before the event.
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
    /// Signed up but did not turn up.
    #[sea_orm(string_value = "no_show")]
    NoShow,
}

/// One participant of an event: either a registered user or a contact (exactly one of the two),
/// at most once per event.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "EventParticipantsRow")
)]
#[sea_orm(table_name = "event_participants")]
pub struct Model {
    /// Unique identifier of the participation.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the participation belongs to (the event's organization).
    pub organization_id: Uuid,
    /// The event signed up for.
    pub event_id: Uuid,
    /// The participating user (None when the participant is a contact).
    pub user_id: Option<Uuid>,
    /// The participating contact (None when the participant is a user).
    pub contact_id: Option<Uuid>,
    /// Sign-up and attendance status.
    pub status: EventParticipantStatus,
    /// When the participant signed up.
    pub signed_up_at: DateTimeUtc,
    /// When attendance was confirmed (set with status `attended`).
    pub attended_at: Option<DateTimeUtc>,
    /// When the sign-up was withdrawn (set with status `withdrawn`).
    pub withdrawn_at: Option<DateTimeUtc>,
    /// Short remark from the participant or organizer (dietary needs, accessibility, companion).
    pub comment: Option<String>,
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
        fk_name = "fk_event_participants_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::events::Entity",
        from = "Column::EventId",
        to = "crate::events::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_event_participants_event_id"
    )]
    Events,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_event_participants_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::contacts::Entity",
        from = "Column::ContactId",
        to = "crate::contacts::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_event_participants_contact_id"
    )]
    Contacts,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::events::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Events.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<crate::contacts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contacts.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
