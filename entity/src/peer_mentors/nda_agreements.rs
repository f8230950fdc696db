//! `nda_agreements` (scope T): legally binding non-disclosure agreements signed by peer mentors
//! who handle sensitive personal data, one per document version.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// State of a non-disclosure agreement.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum NdaAgreementStatus {
    /// Sent to the mentor; not signed yet.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Signed and in force.
    #[sea_orm(string_value = "signed")]
    Signed,
    /// Replaced by a signature of a newer document version.
    #[sea_orm(string_value = "superseded")]
    Superseded,
    /// Revoked by the organization or withdrawn by the mentor.
    #[sea_orm(string_value = "revoked")]
    Revoked,
}

/// How a non-disclosure agreement was signed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum NdaSignatureMethod {
    /// Accepted in the app by the signed-in mentor.
    #[sea_orm(string_value = "in_app")]
    InApp,
    /// Signed electronically with BankID.
    #[sea_orm(string_value = "bankid")]
    Bankid,
    /// Signed on paper and registered by a coordinator.
    #[sea_orm(string_value = "paper")]
    Paper,
}

/// A peer mentor's non-disclosure agreement for one document version.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "NdaAgreementsRow")
)]
#[sea_orm(table_name = "nda_agreements")]
pub struct Model {
    /// Unique identifier of the agreement.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the agreement is made with.
    pub organization_id: Uuid,
    /// The peer mentor bound by the agreement.
    pub user_id: Uuid,
    /// Title of the agreement document (e.g. "Taushetserklæring for likepersoner").
    pub document_title: String,
    /// Version of the agreement document.
    pub document_version: String,
    /// State of the agreement.
    pub status: NdaAgreementStatus,
    /// When the mentor signed (required once signed).
    pub signed_at: Option<DateTimeUtc>,
    /// How the agreement was signed (None while pending).
    pub signature_method: Option<NdaSignatureMethod>,
    /// Last day the agreement is in force (None = indefinitely).
    pub expires_on: Option<Date>,
    /// URL or storage reference of the signed document.
    pub document_url: Option<String>,
    /// Coordinator or org admin who countersigned on behalf of the organization.
    pub countersigned_by_id: Option<Uuid>,
    /// When the agreement was revoked or superseded.
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
        fk_name = "fk_nda_agreements_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_nda_agreements_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::CountersignedById",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_nda_agreements_countersigned_by_id"
    )]
    CountersignedBy,
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
