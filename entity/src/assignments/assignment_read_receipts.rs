//! `assignment_read_receipts` (scope T, append-only): the first time the recipient mentor opened
//! the decrypted content of an assignment; at most one per assignment and reader.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Confirmation that a mentor opened an assignment's decrypted content.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "AssignmentReadReceiptsRow")
)]
#[sea_orm(table_name = "assignment_read_receipts")]
pub struct Model {
    /// Unique identifier of the read receipt.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the receipt belongs to.
    pub organization_id: Uuid,
    /// Assignment that was read.
    pub assignment_id: Uuid,
    /// Dispatch the mentor read the content from (None = unknown).
    pub dispatch_id: Option<Uuid>,
    /// Mentor who opened the content (the assignment's recipient).
    pub user_id: Uuid,
    /// When the content was first opened.
    pub read_at: DateTimeUtc,
    /// Platform of the device the content was opened on (e.g. "ios", "android", "web").
    pub device_platform: Option<String>,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last updated (equals `created_at`: the table is append-only).
    pub updated_at: DateTimeUtc,
    /// User who created the row (None for system writes).
    pub created_by_id: Option<Uuid>,
    /// User who last updated the row (None for system writes).
    pub updated_by_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_assignment_read_receipts_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::assignments::Entity",
        from = "Column::AssignmentId",
        to = "crate::assignments::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_assignment_read_receipts_assignment_id"
    )]
    Assignments,
    #[sea_orm(
        belongs_to = "crate::assignment_dispatches::Entity",
        from = "Column::DispatchId",
        to = "crate::assignment_dispatches::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_assignment_read_receipts_dispatch_id"
    )]
    AssignmentDispatches,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_assignment_read_receipts_user_id"
    )]
    Users,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::assignments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Assignments.def()
    }
}

impl Related<crate::assignment_dispatches::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AssignmentDispatches.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
