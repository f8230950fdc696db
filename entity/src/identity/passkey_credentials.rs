//! `passkey_credentials` (scope U): WebAuthn/FIDO2 credentials for phishing-resistant,
//! passwordless sign-in. One row per registered authenticator; the server keeps only the
//! credential id and public key (never private key material).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A WebAuthn/FIDO2 passkey registered by a user.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "PasskeyCredentialsRow")
)]
#[sea_orm(table_name = "passkey_credentials")]
pub struct Model {
    /// Unique identifier of the passkey row.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the passkey was registered in.
    pub organization_id: Uuid,
    /// The user who owns the passkey.
    pub user_id: Uuid,
    /// WebAuthn credential id (base64url), unique across the platform.
    #[sea_orm(unique)]
    pub credential_id: String,
    /// COSE-encoded public key of the credential (base64url); not secret.
    pub public_key: String,
    /// Signature counter last reported by the authenticator (a decrease signals a cloned key).
    pub sign_count: i64,
    /// Authenticator model identifier (AAGUID) when the authenticator reports one.
    pub aaguid: Option<String>,
    /// Transports the authenticator supports, as a JSON array (e.g. ["internal", "hybrid"]).
    #[sea_orm(column_type = "JsonBinary")]
    pub transports: Json,
    /// Attestation format given at registration (e.g. "none", "packed", "apple").
    pub attestation_format: Option<String>,
    /// Whether the credential may be backed up / synced (WebAuthn BE flag).
    pub backup_eligible: bool,
    /// Whether the credential is currently backed up / synced (WebAuthn BS flag).
    pub backed_up: bool,
    /// Name the user gave the passkey (e.g. "iCloud-nøkkelring").
    pub nickname: Option<String>,
    /// When the passkey was last used to sign in.
    pub last_used_at: Option<DateTimeUtc>,
    /// When the passkey was revoked (None = usable); a revoked passkey never signs in again.
    pub revoked_at: Option<DateTimeUtc>,
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
        fk_name = "fk_passkey_credentials_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_passkey_credentials_user_id"
    )]
    Users,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Users.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
