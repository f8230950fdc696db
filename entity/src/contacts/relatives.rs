//! `relatives` (scope T): family members registered for a case (Barnekreftforeningen), linked to
//! one or more contacts through `contact_relatives`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A family member or next-of-kin registered for a case.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "RelativesRow")
)]
#[sea_orm(table_name = "relatives")]
pub struct Model {
    /// Unique identifier of the relative.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the relative belongs to.
    pub organization_id: Uuid,
    /// Local association following up the family; its coordinators manage the relative.
    pub local_association_id: Uuid,
    /// Given name of the relative.
    pub first_name: String,
    /// Family name of the relative.
    pub last_name: String,
    /// Year of birth (e.g. for siblings offered age-based activities; None = unknown).
    pub birth_year: Option<i32>,
    /// Phone number of the relative; sensitive, same readers as the contact's details.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub phone: Option<String>,
    /// Email address of the relative; sensitive, same readers as the contact's details.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub email: Option<String>,
    /// Free-text notes about the relative (never health data).
    pub notes: Option<String>,
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
        fk_name = "fk_relatives_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_relatives_local_association_id"
    )]
    LocalAssociations,
    #[sea_orm(has_many = "crate::contact_relatives::Entity")]
    ContactRelatives,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::local_associations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LocalAssociations.def()
    }
}

impl Related<crate::contact_relatives::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ContactRelatives.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
