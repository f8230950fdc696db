//! `referral_links` (scope T): a peer mentor's personal invite link / QR code for recruiting new
//! members.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Channel a referral link is meant to be shared through.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum ReferralLinkChannel {
    /// A plain link shared by the mentor.
    #[sea_orm(string_value = "link")]
    Link,
    /// A QR code shown or printed (e.g. at a stand).
    #[sea_orm(string_value = "qr_code")]
    QrCode,
    /// Sent by text message.
    #[sea_orm(string_value = "sms")]
    Sms,
    /// Sent by email.
    #[sea_orm(string_value = "email")]
    Email,
    /// Shared on social media.
    #[sea_orm(string_value = "social_media")]
    SocialMedia,
}

/// A peer mentor's personal referral link.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[cfg_attr(
    feature = "graphql",
    derive(async_graphql::SimpleObject),
    graphql(name = "ReferralLinksRow")
)]
#[sea_orm(table_name = "referral_links")]
pub struct Model {
    /// Unique identifier of the referral link.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Organization (tenant) the new members are recruited to.
    pub organization_id: Uuid,
    /// The peer mentor who shares the link.
    pub user_id: Uuid,
    /// Public invite token in the link and QR code, unique within the organization (4 to 32
    /// upper-case letters, digits or hyphens).
    pub code: String,
    /// Channel the link is meant for.
    pub channel: ReferralLinkChannel,
    /// Campaign the link belongs to (e.g. "Medlemsverving høst 2025").
    pub campaign: Option<String>,
    /// Local association new members join by default through this link.
    pub local_association_id: Option<Uuid>,
    /// Whether the link still accepts sign-ups.
    pub is_active: bool,
    /// When the link stops working (None = no expiry).
    pub expires_at: Option<DateTimeUtc>,
    /// How many times the link was opened (maintained by the platform).
    pub click_count: i32,
    /// How many registrations came through the link (maintained by the platform).
    pub registration_count: i32,
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
        fk_name = "fk_referral_links_organization_id"
    )]
    Organizations,
    #[sea_orm(
        belongs_to = "crate::users::Entity",
        from = "Column::UserId",
        to = "crate::users::Column::Id",
        on_delete = "Restrict",
        fk_name = "fk_referral_links_user_id"
    )]
    Users,
    #[sea_orm(
        belongs_to = "crate::local_associations::Entity",
        from = "Column::LocalAssociationId",
        to = "crate::local_associations::Column::Id",
        on_delete = "SetNull",
        fk_name = "fk_referral_links_local_association_id"
    )]
    LocalAssociations,
    #[sea_orm(has_many = "crate::member_recruitments::Entity")]
    MemberRecruitments,
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

impl Related<crate::local_associations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::LocalAssociations.def()
    }
}

impl Related<crate::member_recruitments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MemberRecruitments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
