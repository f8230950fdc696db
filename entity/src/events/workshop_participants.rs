//! `workshop_participants` (scope T): enrollment of a user or a contact in a workshop session,
//! with attendance confirmation.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Enrollment and attendance status of a workshop participant.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum WorkshopParticipantStatus {
    /// Enrolled; attendance not confirmed yet.
    #[sea_orm(string_value = "enrolled")]
    Enrolled,
    /// Attendance confirmed by the facilitator.
    #[sea_orm(string_value = "attended")]
    Attended,
    /// Enrolled but absent.
    #[sea_orm(string_value = "absent")]
    Absent,
    /// Withdrew the enrollment before the session.
    #[sea_orm(string_value = "withdrawn")]
    Withdrawn,
}

/// One participant of a workshop session: either a registered user (e.g. a mentee peer mentor)
/// or a contact (exactly one of the two), at most once per session.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "WorkshopParticipantsRow")
)]
#[sea_orm(table_name = "workshop_participants")]
pub struct Model {
    /// Unique identifier of the enrollment.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the enrollment belongs to (the session's organization).
    pub organization_id: Uuid,
    /// The workshop session enrolled in.
    pub workshop_session_id: Uuid,
    /// The participating user (None when the participant is a contact).
    pub user_id: Option<Uuid>,
    /// The participating contact (None when the participant is a user).
    pub contact_id: Option<Uuid>,
    /// Enrollment and attendance status.
    pub status: WorkshopParticipantStatus,
    /// When the participant enrolled.
    pub enrolled_at: DateTimeUtc,
    /// When attendance was confirmed (set with status `attended`).
    pub attendance_confirmed_at: Option<DateTimeUtc>,
    /// Short remark about the participation (needs, goals for the session).
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
        fk_name = "fk_workshop_participants_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::workshop_sessions::Entity",
        from = "Column::WorkshopSessionId",
        to = "crate::workshop_sessions::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_workshop_participants_workshop_session_id"
    )]
    WorkshopSessions,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_workshop_participants_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::contacts::Entity",
        from = "Column::ContactId",
        to = "crate::contacts::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_workshop_participants_contact_id"
    )]
    Contacts,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::workshop_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WorkshopSessions.def()
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
