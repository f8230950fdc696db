//! `refresh_tokens` (scope U): single-use rotating refresh tokens, stored as hashes.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One refresh token of a session; every use replaces it with a new one of the same family.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "RefreshTokensRow")
)]
#[sea_orm(table_name = "refresh_tokens")]
pub struct Model {
    /// Unique identifier of the refresh token.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The user the token was issued to.
    pub user_id: Uuid,
    /// The organization active in the token's session (None for a platform session).
    pub organization_id: Option<Uuid>,
    /// The session the token belongs to.
    pub session_id: Uuid,
    /// Family shared by all rotations of one login (reuse revokes the whole family).
    pub family_id: Uuid,
    /// Hash of the token value; secret, never exposed.
    #[sea_orm(unique)]
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub token_hash: String,
    /// The token this one replaced (None for the first token of a family).
    pub parent_id: Option<Uuid>,
    /// The token that replaced this one (None while unused).
    pub replaced_by_id: Option<Uuid>,
    /// When the token expires.
    pub expires_at: DateTimeUtc,
    /// When the token was used (rotated); a second use is a replay.
    pub used_at: Option<DateTimeUtc>,
    /// When the token was revoked (None = not revoked).
    pub revoked_at: Option<DateTimeUtc>,
    /// Why the token was revoked (e.g. "logout", "reuse_detected").
    pub revoked_reason: Option<String>,
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
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_refresh_tokens_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_refresh_tokens_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::auth_sessions::Entity",
        from = "Column::SessionId",
        to = "crate::auth_sessions::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_refresh_tokens_session_id"
    )]
    AuthSessions,
    /// The token this one replaced (self reference; no `Related` impl).
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::ParentId",
        to = "Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_refresh_tokens_parent_id"
    )]
    Parent,
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::auth_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AuthSessions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
