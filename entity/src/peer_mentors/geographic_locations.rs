//! `geographic_locations` (scope T): a peer mentor's home-area centroid, held only with the
//! mentor's GDPR opt-in consent; used for the coordinators' map and geographic matching.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How a location was determined.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum GeographicLocationSource {
    /// The mentor placed the point on a map.
    #[sea_orm(string_value = "manual")]
    Manual,
    /// Centroid of the mentor's postal code area.
    #[sea_orm(string_value = "postal_code")]
    PostalCode,
    /// Rounded from the device position, with the mentor's permission.
    #[sea_orm(string_value = "device")]
    Device,
    /// Set by a coordinator on the mentor's behalf.
    #[sea_orm(string_value = "coordinator")]
    Coordinator,
}

/// A peer mentor's home-area location, stored only with GDPR consent.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "GeographicLocationsRow")
)]
#[sea_orm(table_name = "geographic_locations")]
pub struct Model {
    /// Unique identifier of the location.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the location belongs to.
    pub organization_id: Uuid,
    /// The peer mentor whose home area this is.
    pub user_id: Uuid,
    /// Human-readable name of the area (e.g. "Grünerløkka, Oslo"); never a street address.
    /// Hidden from everyone but the mentor once consent is withdrawn.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub area_name: Option<String>,
    /// Postal code of the area (hidden like `area_name`).
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub postal_code: Option<String>,
    /// Municipality (kommune) of the area (hidden like `area_name`).
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub municipality: Option<String>,
    /// Latitude of the area centroid (WGS 84); sensitive, readable only by coordinators and
    /// org admins while consent is given, and by the mentor.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub latitude: Option<f64>,
    /// Longitude of the area centroid (WGS 84); sensitive, readable only by coordinators and
    /// org admins while consent is given, and by the mentor.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub longitude: Option<f64>,
    /// Radius in meters the centroid was rounded to, so the home address cannot be derived.
    pub precision_meters: Option<i32>,
    /// How the location was determined.
    pub source: GeographicLocationSource,
    /// When the mentor gave GDPR consent to storing and showing the location (None = no consent;
    /// no coordinates are stored without it).
    pub consent_given_at: Option<DateTimeUtc>,
    /// Version of the consent text the mentor accepted.
    pub consent_version: Option<String>,
    /// When the mentor withdrew the consent (None while consent stands).
    pub consent_withdrawn_at: Option<DateTimeUtc>,
    /// When the location was last set or confirmed by the mentor.
    pub verified_at: Option<DateTimeUtc>,
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

impl Model {
    /// Whether the mentor's GDPR consent to the location currently stands.
    pub fn has_consent(&self) -> bool {
        self.consent_given_at.is_some() && self.consent_withdrawn_at.is_none()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_geographic_locations_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_geographic_locations_user_id"
    )]
    Users,
    #[sea_orm(has_many = "crate::peer_mentor_profiles::Entity")]
    PeerMentorProfiles,
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

impl Related<crate::peer_mentor_profiles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PeerMentorProfiles.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
