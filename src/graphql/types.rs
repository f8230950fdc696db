//! GraphQL object types over the entities. Secret columns (password and token hashes) have no
//! field at all; guarded fields go through `authz::fields`.

use async_graphql::{Context, Object, Result};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, QueryFilter};
use uuid::Uuid;

use super::{
    connection::{Page, page},
    context::ContextExt,
    loaders,
};
use crate::authz::{Action, fields, scoped};
use entity::{local_associations, organizations, roles, users};

/// A member organization (NHF, Blindeforbundet, HLF, ...): the tenant root.
pub struct Organization(pub organizations::Model);

#[Object]
impl Organization {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    /// Display name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// URL-safe unique short name.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// Norwegian organization number.
    async fn org_number(&self) -> Option<&str> {
        self.0.org_number.as_deref()
    }
    async fn kind(&self) -> organizations::OrganizationKind {
        self.0.kind
    }
    async fn is_active(&self) -> bool {
        self.0.is_active
    }
    /// Default locale of the organization's users, e.g. nb-NO.
    async fn default_locale(&self) -> &str {
        &self.0.default_locale
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// The organization's local associations in your scope, by name (paginated in SQL).
    async fn local_associations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
    ) -> Result<Page<LocalAssociation>> {
        use local_associations::{Column, Entity};
        let (rows, more) =
            loaders::many::<Entity>(ctx, Column::OrganizationId, Column::Name, self.0.id, first)
                .await?;
        let count = scoped::<Entity>(ctx.viewer()?, Action::Read)?
            .filter(Column::OrganizationId.eq(self.0.id));
        Ok(page(rows, false, more, count, LocalAssociation))
    }
}

/// A local chapter (lokallag): the lowest tier of an organization.
pub struct LocalAssociation(pub local_associations::Model);

#[Object]
impl LocalAssociation {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    async fn organization_id(&self) -> Uuid {
        self.0.organization_id
    }
    async fn region_id(&self) -> Option<Uuid> {
        self.0.region_id
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }
    async fn municipality(&self) -> Option<&str> {
        self.0.municipality.as_deref()
    }
    async fn county(&self) -> Option<&str> {
        self.0.county.as_deref()
    }
    async fn is_active(&self) -> bool {
        self.0.is_active
    }
    /// The owning organization.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        Ok(
            loaders::one::<organizations::Entity>(ctx, Some(self.0.organization_id))
                .await?
                .map(Organization),
        )
    }
}

/// A person using Meander: peer mentor, coordinator or administrator.
pub struct User(pub users::Model);

#[Object]
impl User {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    async fn first_name(&self) -> &str {
        &self.0.first_name
    }
    async fn last_name(&self) -> &str {
        &self.0.last_name
    }
    /// Email: readable by the user, org admins and coordinators of the same local association.
    async fn email(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        fields::user_contact_details(ctx.db(), ctx.viewer()?, self.0.id).await?;
        Ok(Some(&self.0.email))
    }
    /// Phone: readable by the user, org admins and coordinators of the same local association.
    async fn phone(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        fields::user_contact_details(ctx.db(), ctx.viewer()?, self.0.id).await?;
        Ok(self.0.phone.as_deref())
    }
    /// Preferred locale, e.g. nb-NO.
    async fn locale(&self) -> &str {
        &self.0.locale
    }
    async fn status(&self) -> users::UserStatus {
        self.0.status
    }
    async fn last_login_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_login_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A named set of permissions: a system role or one of the organization's custom roles.
pub struct Role(pub roles::Model);

#[Object]
impl Role {
    async fn id(&self) -> Uuid {
        self.0.id
    }
    /// Stable key (global_admin, org_admin, coordinator, peer_mentor or a custom key).
    async fn key(&self) -> &str {
        &self.0.key
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// True for the platform's system roles.
    async fn is_system(&self) -> bool {
        self.0.is_system
    }
    /// How far the role's permissions reach in rows.
    async fn reach(&self) -> roles::RoleReach {
        self.0.reach
    }
    /// The owning organization; null for system roles.
    async fn organization_id(&self) -> Option<Uuid> {
        self.0.organization_id
    }
}
