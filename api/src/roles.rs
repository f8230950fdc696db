//! Role administration mutations for org admins (rules in `authz::roles`).

use async_graphql::{Context, InputObject, Object, Result};
use uuid::Uuid;

use super::{context::ContextExt, model::identity::Role};
use meander_core::authz::roles::{self, NewRole};

/// A custom role for the viewer's organization.
#[derive(InputObject)]
pub struct CreateRoleInput {
    /// Stable key: 2-50 characters a-z, 0-9, _.
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    /// How far the role's permissions reach: ORGANIZATION, LOCAL_ASSOCIATION or OWN.
    pub reach: entity::roles::RoleReach,
    /// Permission names (`ACTION_RESOURCE`); each must be one you hold.
    pub permissions: Vec<String>,
}

#[derive(Default)]
pub struct RolesMutation;

#[Object]
impl RolesMutation {
    /// Creates a custom role in your organization. Needs MANAGE_ROLES.
    async fn create_role(&self, ctx: &Context<'_>, input: CreateRoleInput) -> Result<Role> {
        let role = crate::in_transaction!(ctx, |txn, writer| {
            roles::create_role(
                &txn,
                &writer,
                NewRole {
                    key: input.key,
                    name: input.name,
                    description: input.description,
                    reach: input.reach,
                    permissions: input.permissions,
                },
            )
            .await?
        });
        ctx.app().viewers.clear();
        Ok(Role(role))
    }

    /// Grants or removes a permission of a role in your organization only (other organizations
    /// keep the defaults). Needs MANAGE_ROLES; you can only grant what you hold.
    async fn set_role_permission(
        &self,
        ctx: &Context<'_>,
        role_id: Uuid,
        permission: String,
        granted: bool,
    ) -> Result<Role> {
        let role = crate::in_transaction!(ctx, |txn, writer| {
            roles::set_role_permission(&txn, &writer, role_id, &permission, granted).await?
        });
        // Permissions of many viewers may have changed.
        ctx.app().viewers.clear();
        Ok(Role(role))
    }
}
