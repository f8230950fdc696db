//! Role administration by org admins: custom roles and the org's overrides of role permissions.
//! Rules: needs MANAGE_ROLES; only the viewer's organization is touched (other orgs' custom roles
//! do not exist for them); nobody grants a permission they do not hold themselves; platform
//! roles are managed by the platform only. Every change is audited and drops cached viewers.

use sea_orm::{
    ColumnTrait, Condition, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use uuid::Uuid;

use super::{Action, Viewer, scoped, writes::Writer};
use crate::error::{ApiError, ApiResult};
use entity::{permissions, role_permissions, roles};

pub struct NewRole {
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    pub reach: roles::RoleReach,
    pub permissions: Vec<String>,
}

fn require_manage(viewer: &Viewer) -> ApiResult<Uuid> {
    if !viewer.can("MANAGE_ROLES") {
        return Err(ApiError::forbidden("missing permission MANAGE_ROLES"));
    }
    viewer
        .organization_id
        .ok_or_else(|| ApiError::forbidden("role administration needs an organization session"))
}

/// No escalation: every permission granted must be one the viewer holds.
fn require_held(viewer: &Viewer, permission: &str) -> ApiResult<()> {
    if viewer.can(permission) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "cannot grant {permission}: you do not hold it (no_escalation)"
        )))
    }
}

async fn permission_id(
    db: &impl sea_orm::ConnectionTrait,
    name: &str,
    field: &str,
) -> ApiResult<Uuid> {
    permissions::Entity::find()
        .filter(permissions::Column::Name.eq(name))
        .one(db)
        .await?
        .map(|p| p.id)
        .ok_or_else(|| {
            ApiError::bad_input(
                field,
                "permission_known",
                format!("unknown permission {name}"),
            )
        })
}

pub async fn create_role(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    input: NewRole,
) -> ApiResult<roles::Model> {
    let viewer = writer.viewer;
    let org = require_manage(viewer)?;
    let key_ok = (2..=50).contains(&input.key.len())
        && input
            .key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && input.key.starts_with(|c: char| c.is_ascii_lowercase());
    if !key_ok {
        return Err(ApiError::bad_input(
            "key",
            "role_key_format",
            "2-50 characters: a-z, 0-9 and _, starting with a letter",
        ));
    }
    if input.name.trim().is_empty() || input.name.len() > 100 {
        return Err(ApiError::bad_input(
            "name",
            "role_name_length",
            "1-100 characters",
        ));
    }
    if matches!(input.reach, roles::RoleReach::Platform) {
        return Err(ApiError::bad_input(
            "reach",
            "role_reach_tenant",
            "custom roles reach at most the organization",
        ));
    }
    for p in &input.permissions {
        require_held(viewer, p)?;
    }
    let taken = roles::Entity::find()
        .filter(roles::Column::Key.eq(input.key.as_str()))
        .filter(
            Condition::any()
                .add(roles::Column::OrganizationId.is_null())
                .add(roles::Column::OrganizationId.eq(org)),
        )
        .filter(roles::Column::DeletedAt.is_null())
        .count(txn)
        .await?;
    if taken > 0 {
        return Err(ApiError::Conflict(format!(
            "a role with key {} exists",
            input.key
        )));
    }
    let role = roles::ActiveModel {
        organization_id: Set(Some(org)),
        key: Set(input.key),
        name: Set(input.name.trim().to_string()),
        description: Set(input.description),
        is_system: Set(false),
        reach: Set(input.reach),
        deleted_at: Set(None),
        ..Default::default()
    };
    let details = serde_json::json!({ "permissions": input.permissions, "rule": "MANAGE_ROLES" });
    let role = writer
        .record::<roles::Entity>(txn, role, &[], details)
        .await?
        .ok_or(ApiError::NotFound)?;
    for p in &input.permissions {
        let permission_id = permission_id(txn, p, "permissions").await?;
        grant_row(txn, writer, org, role.id, permission_id, true).await?;
    }
    Ok(role)
}

/// Grants or removes `permission` for `role` in the viewer's organization (an org override).
pub async fn set_role_permission(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    role_id: Uuid,
    permission: &str,
    granted: bool,
) -> ApiResult<roles::Model> {
    let viewer = writer.viewer;
    let org = require_manage(viewer)?;
    // Read through the role scope: another org's custom role answers NOT_FOUND.
    let role = scoped::<roles::Entity>(viewer, Action::Read)?
        .filter(roles::Column::Id.eq(role_id))
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    if matches!(role.reach, roles::RoleReach::Platform) {
        return Err(ApiError::forbidden(
            "platform roles are managed by the platform",
        ));
    }
    if granted {
        require_held(viewer, permission)?;
    }
    let permission_id = permission_id(txn, permission, "permission").await?;
    grant_row(txn, writer, org, role.id, permission_id, granted).await?;
    Ok(role)
}

/// Upserts the org's override row for (role, permission), through the `Writer` (audited).
async fn grant_row(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    org: Uuid,
    role: Uuid,
    permission: Uuid,
    granted: bool,
) -> ApiResult<()> {
    let existing = role_permissions::Entity::find()
        .filter(role_permissions::Column::RoleId.eq(role))
        .filter(role_permissions::Column::PermissionId.eq(permission))
        .filter(role_permissions::Column::OrganizationId.eq(org))
        .one(txn)
        .await?;
    let details = serde_json::json!({ "roleId": role, "granted": granted, "rule": "MANAGE_ROLES" });
    match existing {
        Some(row) => {
            let mut row: role_permissions::ActiveModel = row.into();
            row.is_granted = Set(granted);
            row.deleted_at = Set(None);
            writer
                .revise::<role_permissions::Entity>(txn, row, details)
                .await?;
        }
        None => {
            let row = role_permissions::ActiveModel {
                role_id: Set(role),
                permission_id: Set(permission),
                organization_id: Set(Some(org)),
                is_granted: Set(granted),
                deleted_at: Set(None),
                ..Default::default()
            };
            writer
                .record::<role_permissions::Entity>(txn, row, &[], details)
                .await?;
        }
    }
    Ok(())
}
