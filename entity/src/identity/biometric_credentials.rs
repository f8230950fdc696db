//! `biometric_credentials` (scope U): a device-level biometric enrollment (Face ID,
//! fingerprint) that lets a user unlock the app on that device after a full sign-in. The
//! biometric data itself never leaves the device; the server keeps the device key's public half
//! and a reference to the key in the device's secure enclave / keystore.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Kind of biometric the device uses.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum BiometricType {
    /// Face recognition (Face ID, Android face unlock).
    #[sea_orm(string_value = "face")]
    Face,
    /// Fingerprint (Touch ID, Android fingerprint).
    #[sea_orm(string_value = "fingerprint")]
    Fingerprint,
    /// Iris recognition.
    #[sea_orm(string_value = "iris")]
    Iris,
}

/// Operating system of the enrolled device.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum BiometricDevicePlatform {
    /// Apple iOS / iPadOS.
    #[sea_orm(string_value = "ios")]
    Ios,
    /// Google Android.
    #[sea_orm(string_value = "android")]
    Android,
}

/// A user's biometric enrollment on one device.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "BiometricCredentialsRow")
)]
#[sea_orm(table_name = "biometric_credentials")]
pub struct Model {
    /// Unique identifier of the enrollment.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the enrollment was made in.
    pub organization_id: Uuid,
    /// The enrolled user.
    pub user_id: Uuid,
    /// Stable identifier of the device, as reported by the app.
    pub device_id: String,
    /// Name of the device, as reported by the app (e.g. "Olas iPhone").
    pub device_name: Option<String>,
    /// Operating system of the device.
    pub platform: BiometricDevicePlatform,
    /// Kind of biometric used on the device.
    pub biometric_type: BiometricType,
    /// Alias of the device key in the secure enclave / keystore (a reference, not key material).
    pub key_reference: String,
    /// Public half of the device key (base64), used to verify unlock challenges; not secret.
    pub public_key: String,
    /// When the biometric unlock was enrolled.
    pub enrolled_at: DateTimeUtc,
    /// When the biometric unlock was last used.
    pub last_used_at: Option<DateTimeUtc>,
    /// When the enrollment was revoked (None = usable); a revoked enrollment never unlocks again.
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
        fk_name = "fk_biometric_credentials_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_biometric_credentials_user_id"
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
