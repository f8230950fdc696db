//! `delegation_grants` (scope T, append-only): the record of a proxy registration: which
//! coordinator registered which activity on behalf of which peer mentor, in which local
//! association. Rows are never updated or deleted, so there is no `deleted_at`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A coordinator's proxy registration of an activity for a peer mentor.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "DelegationGrantsRow")
)]
#[sea_orm(table_name = "delegation_grants")]
pub struct Model {
    /// Unique identifier of the record.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the record belongs to.
    pub organization_id: Uuid,
    /// The activity registered by proxy (one record per activity).
    pub activity_id: Uuid,
    /// The coordinator who registered the activity.
    pub coordinator_id: Uuid,
    /// The peer mentor on whose behalf the activity was registered (its owner).
    pub peer_mentor_id: Uuid,
    /// The local association coordinator and peer mentor share; proxy registration across
    /// local associations is not permitted.
    pub local_association_id: Uuid,
    /// Why the coordinator registered on the mentor's behalf (e.g. "registrert etter telefon").
    pub reason: Option<String>,
    /// When the row was created (the time of the proxy registration).
    pub created_at: DateTimeUtc,
    /// When the row was last updated (equals `created_at`: the table is append-only).
    pub updated_at: DateTimeUtc,
    /// User who created the row (None for system writes).
    pub created_by_id: Option<Uuid>,
    /// User who last updated the row (None for system writes).
    pub updated_by_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::organizations::Entity",
        from = "Column::OrganizationId",
        to = "crate::organizations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_delegation_grants_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::activities::Entity",
        from = "Column::ActivityId",
        to = "crate::activities::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_delegation_grants_activity_id"
    )]
    Activities,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::CoordinatorId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_delegation_grants_coordinator_id"
    )]
    Coordinator,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::PeerMentorId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_delegation_grants_peer_mentor_id"
    )]
    PeerMentor,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_delegation_grants_local_association_id"
    )]
    LocalAssociations,
}

impl Related<crate::organizations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organizations.def()
    }
}

impl Related<crate::activities::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Activities.def()
    }
}

impl Related<crate::local_associations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LocalAssociations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
