//! `integration_configs` (scope T): an organization's connection to an external system
//! (Xledger, Microsoft Dynamics, Cornerstone, Consio, HLF's Dynamics-based "Min Side" portal).
//! The API credentials are stored encrypted and are write-only: no query ever returns them.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// External system an integration connects to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum IntegrationProvider {
    /// Xledger accounting (travel expense and honorarium postings).
    #[sea_orm(string_value = "xledger")]
    Xledger,
    /// Microsoft Dynamics 365 (membership and CRM data).
    #[sea_orm(string_value = "dynamics")]
    Dynamics,
    /// Cornerstone learning management (courses and certifications).
    #[sea_orm(string_value = "cornerstone")]
    Cornerstone,
    /// Consio membership system.
    #[sea_orm(string_value = "consio")]
    Consio,
    /// HLF's Dynamics-based "Min Side" member portal.
    #[sea_orm(string_value = "hlf_min_side")]
    HlfMinSide,
    /// Any other system reached through a generic HTTP connector.
    #[sea_orm(string_value = "other")]
    Other,
}

/// What an integration is used for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum IntegrationPurpose {
    /// Accounting: approved expenses and honorariums are posted to the ledger.
    #[sea_orm(string_value = "accounting")]
    Accounting,
    /// Membership register: members and local associations are kept in step.
    #[sea_orm(string_value = "membership")]
    Membership,
    /// Learning management: course enrollments and certifications.
    #[sea_orm(string_value = "learning")]
    Learning,
    /// Member portal: activities and contacts are shown in the organization's own portal.
    #[sea_orm(string_value = "member_portal")]
    MemberPortal,
}

/// Configuration of one external system integration of an organization.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "IntegrationConfigsRow")
)]
#[sea_orm(table_name = "integration_configs")]
pub struct Model {
    /// Unique identifier of the integration configuration.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the integration belongs to.
    pub organization_id: Uuid,
    /// External system the integration connects to.
    pub provider: IntegrationProvider,
    /// What the integration is used for.
    pub purpose: IntegrationPurpose,
    /// Display name of the integration, unique within the organization (e.g. "Xledger regnskap").
    pub name: String,
    /// Base URL of the external system's API (None when the provider's default endpoint is used).
    pub base_url: Option<String>,
    /// Account, company or tenant identifier at the external system (not a secret).
    pub external_account_id: Option<String>,
    /// API credentials (keys, client secrets), encrypted at rest; secret, never exposed:
    /// they can only be written.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub credentials_encrypted: Option<String>,
    /// When the credentials were last set (None = no credentials stored yet).
    pub credentials_updated_at: Option<DateTimeUtc>,
    /// Connector settings as a JSON object (field mappings, account codes, sync options).
    #[sea_orm(column_type = "JsonBinary")]
    pub settings: Json,
    /// Minutes between scheduled sync runs (None = manual sync only).
    pub sync_interval_minutes: Option<i32>,
    /// Whether the integration is switched on; disabled integrations are never synced.
    pub is_enabled: bool,
    /// When the last sync attempt started (None = never synced).
    pub last_sync_at: Option<DateTimeUtc>,
    /// Outcome of the last sync attempt (None = never synced).
    pub last_sync_status: Option<crate::sync_logs::SyncLogStatus>,
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
        fk_name = "fk_integration_configs_organization_id"
    )]
    Organizations,
    #[sea_orm(has_many = "crate::sync_logs::Entity")]
    SyncLogs,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::sync_logs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SyncLogs.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
