//! `driver_confidentiality_declarations` (scope T): confidentiality declarations signed by peer
//! mentors acting as drivers, confirming they will not disclose what they learn about passengers.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How a driver confidentiality declaration was signed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum DriverDeclarationSignatureMethod {
    /// Accepted in the app by the signed-in driver.
    #[sea_orm(string_value = "in_app")]
    InApp,
    /// Signed electronically with BankID.
    #[sea_orm(string_value = "bankid")]
    Bankid,
    /// Signed on paper and registered by a coordinator.
    #[sea_orm(string_value = "paper")]
    Paper,
}

/// A driver's signed confidentiality declaration for one version of the declaration text.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "DriverConfidentialityDeclarationsRow")
)]
#[sea_orm(table_name = "driver_confidentiality_declarations")]
pub struct Model {
    /// Unique identifier of the declaration.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the declaration is given to.
    pub organization_id: Uuid,
    /// The driver who signed.
    pub user_id: Uuid,
    /// Version of the declaration text signed (e.g. "2025-01").
    pub declaration_version: String,
    /// When the declaration was signed.
    pub signed_at: DateTimeUtc,
    /// How the declaration was signed.
    pub signature_method: DriverDeclarationSignatureMethod,
    /// Last day the declaration is valid (None = until revoked).
    pub valid_until: Option<Date>,
    /// URL or storage reference of the signed document.
    pub document_url: Option<String>,
    /// Coordinator who registered or witnessed a paper signature.
    pub witnessed_by_id: Option<Uuid>,
    /// When the declaration was revoked (None while in force).
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
        fk_name = "fk_driver_confidentiality_declarations_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_driver_confidentiality_declarations_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::WitnessedById",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_driver_confidentiality_declarations_witnessed_by_id"
    )]
    WitnessedBy,
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
