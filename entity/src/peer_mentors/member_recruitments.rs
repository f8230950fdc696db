//! `member_recruitments` (scope T): the outcome of a referral: a click on a peer mentor's
//! referral link or QR code, the registration that followed, and the new member.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::referral_links::ReferralLinkChannel;

/// How far a referral got.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum MemberRecruitmentStatus {
    /// The link or QR code was opened.
    #[sea_orm(string_value = "clicked")]
    Clicked,
    /// The invited person completed registration.
    #[sea_orm(string_value = "registered")]
    Registered,
    /// The organization confirmed the new membership (e.g. first dues paid).
    #[sea_orm(string_value = "member_confirmed")]
    MemberConfirmed,
    /// The registration was abandoned or rejected.
    #[sea_orm(string_value = "abandoned")]
    Abandoned,
}

/// One referral outcome attributed to a peer mentor.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "MemberRecruitmentsRow")
)]
#[sea_orm(table_name = "member_recruitments")]
pub struct Model {
    /// Unique identifier of the recruitment record.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the member was recruited to.
    pub organization_id: Uuid,
    /// The peer mentor credited with the referral.
    pub user_id: Uuid,
    /// Referral link that was used (None for referrals registered manually).
    pub referral_link_id: Option<Uuid>,
    /// The newly registered user (None until registration completes).
    pub recruited_user_id: Option<Uuid>,
    /// Local association the new member joined.
    pub local_association_id: Option<Uuid>,
    /// How far the referral got.
    pub status: MemberRecruitmentStatus,
    /// Channel the referral came through.
    pub channel: Option<ReferralLinkChannel>,
    /// When the link was opened.
    pub clicked_at: DateTimeUtc,
    /// When the invited person registered (None until then).
    pub registered_at: Option<DateTimeUtc>,
    /// When the membership was confirmed (None until then).
    pub confirmed_at: Option<DateTimeUtc>,
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
        fk_name = "fk_member_recruitments_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_member_recruitments_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::RecruitedUserId",
        to = "crate::users::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_member_recruitments_recruited_user_id"
    )]
    RecruitedUser,
    #[sea_orm(
        belongs_to = "crate::referral_links::Entity",
        from = "Column::ReferralLinkId",
        to = "crate::referral_links::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_member_recruitments_referral_link_id"
    )]
    ReferralLinks,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_member_recruitments_local_association_id"
    )]
    LocalAssociations,
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

impl Related<crate::referral_links::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReferralLinks.def()
    }
}

impl Related<crate::local_associations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LocalAssociations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
