//! `auth_sessions` (scope U): a signed-in session of a user on one device; revocable.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How the user authenticated for a session.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum AuthProvider {
    /// Email and password.
    #[sea_orm(string_value = "password")]
    Password,
    /// Norwegian BankID.
    #[sea_orm(string_value = "bankid")]
    Bankid,
    /// Vipps login.
    #[sea_orm(string_value = "vipps")]
    Vipps,
    /// Another external identity provider.
    #[sea_orm(string_value = "external")]
    External,
}

/// A session of a user in an active organization on one device.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "AuthSessionsRow")
)]
#[sea_orm(table_name = "auth_sessions")]
pub struct Model {
    /// Unique identifier of the session (the JWT session claim).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The signed-in user.
    pub user_id: Uuid,
    /// The organization active in the session (None for a global admin's platform session).
    pub organization_id: Option<Uuid>,
    /// How the user authenticated.
    pub provider: AuthProvider,
    /// Name of the device, as reported by the client.
    pub device_name: Option<String>,
    /// User agent of the client that opened the session.
    pub user_agent: Option<String>,
    /// IP address the session was opened from.
    pub ip_address: Option<String>,
    /// When the session was last used.
    pub last_seen_at: DateTimeUtc,
    /// When the session expires.
    pub expires_at: DateTimeUtc,
    /// When the session was revoked (None = not revoked).
    pub revoked_at: Option<DateTimeUtc>,
    /// Why the session was revoked (e.g. "logout", "token_reuse").
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
        fk_name = "fk_auth_sessions_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_auth_sessions_organization_id"
    )]
    Organizations,
    #[sea_orm(has_many = "crate::refresh_tokens::Entity")]
    RefreshTokens,
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

impl Related<crate::refresh_tokens::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RefreshTokens.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
