//! `support_access_grants` (scope T, append-only): a time-bounded grant, created by an
//! organization admin, that lets platform support (global admins) read the organization's
//! operational data. Read-only access, and every access is audited.
//!
//! Append-only: a grant is never edited or deleted. Ending one early is the only state change,
//! and it is recorded once: `revoked_at`, `revoked_by_id` and `revocation_reason` start NULL and
//! are set together, a single time, by the revocation path (never by a generic update, which
//! the policy refuses on this table). A grant is active while `starts_at <= now < expires_at`
//! and `revoked_at` is NULL.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A support access grant of one organization.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "SupportAccessGrantsRow")
)]
#[sea_orm(table_name = "support_access_grants")]
pub struct Model {
    /// Unique identifier of the grant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) whose data the grant opens.
    pub organization_id: Uuid,
    /// Global admin the grant is for (None = any member of platform support).
    pub granted_to_user_id: Option<Uuid>,
    /// Organization admin who granted the access.
    pub granted_by_id: Uuid,
    /// Why support needs access (shown to the support staff and kept for the audit trail).
    pub reason: String,
    /// Reference of the support case the grant belongs to (e.g. a ticket number).
    pub ticket_reference: Option<String>,
    /// When the access begins.
    pub starts_at: DateTimeUtc,
    /// When the access ends (after `starts_at`).
    pub expires_at: DateTimeUtc,
    /// When the grant was revoked before its expiry (None = not revoked); set once.
    pub revoked_at: Option<DateTimeUtc>,
    /// Who revoked the grant (None = not revoked); set once, together with `revoked_at`.
    pub revoked_by_id: Option<Uuid>,
    /// Why the grant was revoked (None = not revoked); set once, together with `revoked_at`.
    pub revocation_reason: Option<String>,
    /// When the row was created.
    pub created_at: DateTimeUtc,
    /// When the row was last updated (the creation, or the one-time revocation).
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
        fk_name = "fk_support_access_grants_organization_id"
    )]
    Organizations,
    /// The global admin the grant is for (the `Related<users>` link).
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::GrantedToUserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_support_access_grants_granted_to_user_id"
    )]
    GrantedToUser,
    /// The organization admin who granted it (no `Related` impl: users has one link above).
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::GrantedById",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_support_access_grants_granted_by_id"
    )]
    GrantedBy,
    /// Who revoked it (no `Related` impl).
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::RevokedById",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_support_access_grants_revoked_by_id"
    )]
    RevokedBy,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::GrantedToUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
