//! Seeding: the permission catalog and system roles (always, idempotent), and the demo data set
//! (development only, deterministic ids so tests and docs can name them).
#![allow(clippy::type_complexity)] // demo rows are written as tuples, one line per row

mod demo;

pub use demo::{DEMO_LOGINS_HELP, DEMO_PASSWORD, demo, demo_id};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};
use uuid::Uuid;

use entity::{permissions, role_permissions, roles};
use meander_core::authz::catalog;

/// Stable id for a catalog row, so every database (and replica) agrees on it.
pub fn catalog_id(kind: &str, name: &str) -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_OID,
        format!("meander:{kind}:{name}").as_bytes(),
    )
}

/// Inserts missing permissions, system roles and their default grants. Existing rows (and an
/// org's overrides) are left alone, so it is safe on every start.
pub async fn catalog<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let txn = db.begin().await?;
    let existing: Vec<String> = permissions::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect();
    for (name, action, resource, description) in catalog::permissions() {
        if existing.contains(&name) {
            continue;
        }
        permissions::ActiveModel {
            id: Set(catalog_id("permission", &name)),
            name: Set(name.clone()),
            action: Set(action),
            resource: Set(resource),
            description: Set(Some(description)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    for (key, name, reach) in catalog::SYSTEM_ROLES {
        let role_id = catalog_id("role", key);
        if roles::Entity::find_by_id(role_id)
            .one(&txn)
            .await?
            .is_none()
        {
            roles::ActiveModel {
                id: Set(role_id),
                organization_id: Set(None),
                key: Set(key.to_string()),
                name: Set(name.to_string()),
                description: Set(None),
                is_system: Set(true),
                reach: Set(match *reach {
                    "platform" => roles::RoleReach::Platform,
                    "organization" => roles::RoleReach::Organization,
                    "local_association" => roles::RoleReach::LocalAssociation,
                    _ => roles::RoleReach::Own,
                }),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let granted: Vec<Uuid> = role_permissions::Entity::find()
            .filter(role_permissions::Column::RoleId.eq(role_id))
            .filter(role_permissions::Column::OrganizationId.is_null())
            .all(&txn)
            .await?
            .into_iter()
            .map(|rp| rp.permission_id)
            .collect();
        for perm in catalog::default_permissions(key) {
            let permission_id = catalog_id("permission", &perm);
            if granted.contains(&permission_id) {
                continue;
            }
            role_permissions::ActiveModel {
                id: Set(catalog_id("role_permission", &format!("{key}:{perm}"))),
                role_id: Set(role_id),
                permission_id: Set(permission_id),
                organization_id: Set(None),
                is_granted: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}
