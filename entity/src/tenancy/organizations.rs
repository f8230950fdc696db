//! `organizations` (scope G): the tenant root (NHF, Blindeforbundet, HLF, ...).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What kind of body an organization is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum OrganizationKind {
    /// A patient organization (e.g. Barnekreftforeningen).
    #[sea_orm(string_value = "patient_organization")]
    PatientOrganization,
    /// A disability organization (e.g. NHF, Blindeforbundet, HLF).
    #[sea_orm(string_value = "disability_organization")]
    DisabilityOrganization,
    /// An umbrella organization grouping other organizations.
    #[sea_orm(string_value = "umbrella")]
    Umbrella,
    /// Any other kind of organization.
    #[sea_orm(string_value = "other")]
    Other,
}

/// A tenant: an organization using the platform.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "OrganizationsRow")
)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    /// Unique identifier of the organization.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Display name of the organization.
    pub name: String,
    /// Unique URL-safe short name of the organization.
    #[sea_orm(unique)]
    pub slug: String,
    /// Norwegian organization number (organisasjonsnummer), unique when set.
    #[sea_orm(unique)]
    pub org_number: Option<String>,
    /// What kind of organization this is.
    pub kind: OrganizationKind,
    /// Whether the organization is active on the platform.
    pub is_active: bool,
    /// Default locale for the organization's users (e.g. "nb-NO"); messages are written in it.
    pub default_locale: String,
    /// IANA time zone of the organization (default "Europe/Oslo"): its days, periods and report
    /// boundaries are counted in it.
    #[sea_orm(default_value = "Europe/Oslo")]
    pub time_zone: String,
    /// Hash of the imported source record, for idempotent bulk re-import.
    #[sea_orm(unique)]
    pub import_hash: Option<String>,
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
    #[sea_orm(has_many = "crate::national_associations::Entity")]
    NationalAssociations,
    #[sea_orm(has_many = "crate::regions::Entity")]
    Regions,
    #[sea_orm(has_many = "crate::local_associations::Entity")]
    LocalAssociations,
    #[sea_orm(has_one = "crate::organization_settings::Entity")]
    OrganizationSettings,
    #[sea_orm(has_many = "crate::organization_features::Entity")]
    OrganizationFeatures,
    #[sea_orm(has_many = "crate::org_labels::Entity")]
    OrgLabels,
    #[sea_orm(has_many = "crate::user_organization_memberships::Entity")]
    UserOrganizationMemberships,
}

impl Related<crate::national_associations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::NationalAssociations.def()
    }
}

impl Related<crate::regions::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Regions.def()
    }
}

impl Related<crate::local_associations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LocalAssociations.def()
    }
}

impl Related<crate::organization_settings::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrganizationSettings.def()
    }
}

impl Related<crate::organization_features::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrganizationFeatures.def()
    }
}

impl Related<crate::org_labels::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrgLabels.def()
    }
}

impl Related<crate::user_organization_memberships::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserOrganizationMemberships.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
