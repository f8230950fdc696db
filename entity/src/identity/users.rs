//! `users` (scope G): every person on the platform (mentor, coordinator, admin).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Lifecycle status of a user account.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// The user can sign in.
    #[sea_orm(string_value = "active")]
    Active,
    /// The account is disabled; sign-in and existing sessions are refused.
    #[sea_orm(string_value = "disabled")]
    Disabled,
    /// The user has been invited and has not completed sign-up yet.
    #[sea_orm(string_value = "invited")]
    Invited,
}

/// A person with an account; belongs to organizations through memberships.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "UsersRow")
)]
#[sea_orm(table_name = "users")]
pub struct Model {
    /// Unique identifier of the user.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Email address, stored lowercased, unique across the platform.
    #[sea_orm(unique)]
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub email: String,
    /// Password hash (argon2); secret, never exposed (None for external-login-only users).
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub password_hash: Option<String>,
    /// Given name of the user.
    pub first_name: String,
    /// Family name of the user.
    pub last_name: String,
    /// Phone number of the user.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub phone: Option<String>,
    /// Preferred locale of the user (e.g. "nb-NO").
    pub locale: String,
    /// Lifecycle status of the account.
    pub status: UserStatus,
    /// When the user last signed in successfully.
    pub last_login_at: Option<DateTimeUtc>,
    /// Hash of the imported source record, for idempotent bulk re-import.
    #[sea_orm(unique)]
    pub import_hash: Option<String>,
    /// `iss` of the external identity provider this user is linked to (None = not linked).
    /// Set on the first verified external sign-in; afterwards that issuer's tokens are matched
    /// on (`external_issuer`, `external_subject`), unique together, never on the email.
    /// Not readable through GraphQL: the subject can be a national identity number.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub external_issuer: Option<String>,
    /// `sub` of the linked external identity; set together with `external_issuer`.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub external_subject: Option<String>,
    /// When the external identity was linked; set together with `external_issuer`.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub external_linked_at: Option<DateTimeUtc>,
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
    #[sea_orm(has_many = "crate::user_organization_memberships::Entity")]
    UserOrganizationMemberships,
    #[sea_orm(has_many = "crate::user_roles::Entity")]
    UserRoles,
    #[sea_orm(has_many = "crate::auth_sessions::Entity")]
    AuthSessions,
}

impl Related<crate::user_organization_memberships::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserOrganizationMemberships.def()
    }
}

impl Related<crate::user_roles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserRoles.def()
    }
}

impl Related<crate::auth_sessions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AuthSessions.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
