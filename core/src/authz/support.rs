//! Support access: an organization admin lets platform support (global admins) read the
//! organization's operational data for a bounded time. The grant is what `load_viewer` turns
//! into `support_organization_ids`; `policy` allows those reads only (never writes), and every
//! request made under a grant is written to the organization's audit log (`audit_support_read`).

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};
use serde_json::json;
use uuid::Uuid;

use super::viewer::Viewer;
use crate::{
    audit::{self, AuditRecord, SupportEvent},
    auth::session::ClientInfo,
    error::{ApiError, ApiResult},
    validation,
};
use entity::{
    organization_settings as settings, roles, support_access_grants as grants, user_roles,
};

/// Longest grant an organization can give, in hours (one week).
pub const MAX_GRANT_HOURS: i64 = 168;

pub struct NewGrant {
    /// One global admin, or None for any platform support member.
    pub granted_to_user_id: Option<Uuid>,
    pub reason: String,
    pub ticket_reference: Option<String>,
    pub hours: i64,
}

fn require_grant_permission(viewer: &Viewer) -> ApiResult<Uuid> {
    if !viewer.can("GRANT_SUPPORT_ACCESS") {
        return Err(ApiError::forbidden(
            "missing permission GRANT_SUPPORT_ACCESS",
        ));
    }
    viewer
        .organization_id
        .ok_or_else(|| ApiError::forbidden("sign in to an organization to grant support access"))
}

/// Creates an active grant for the viewer's organization.
pub async fn grant<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    viewer: &Viewer,
    client: &ClientInfo,
    input: NewGrant,
    now: DateTime<Utc>,
) -> ApiResult<grants::Model> {
    let org = require_grant_permission(viewer)?;
    validation::text_between(
        "reason",
        Some(&input.reason),
        1,
        500,
        "support_grant_reason",
    )?;
    validation::number_between(
        "hours",
        Some(input.hours),
        1,
        MAX_GRANT_HOURS,
        "support_grant_duration_range",
    )?;
    let txn = db.begin().await?;
    if support_disabled(&txn, org).await? {
        return Err(ApiError::ForbiddenField {
            field: "supportAccessPolicy".into(),
            rule: "support_access_policy_disabled".into(),
            message: "the organization's settings disable support access \
                      (supportAccessPolicy: DISABLED)"
                .into(),
        });
    }
    if let Some(user) = input.granted_to_user_id {
        let platform_admin = user_roles::Entity::find()
            .find_also_related(roles::Entity)
            .filter(user_roles::Column::UserId.eq(user))
            .filter(user_roles::Column::RevokedAt.is_null())
            .filter(user_roles::Column::DeletedAt.is_null())
            .all(&txn)
            .await?
            .into_iter()
            .any(|(_, r)| r.is_some_and(|r| r.reach == roles::RoleReach::Platform));
        if !platform_admin {
            return Err(ApiError::bad_input(
                "grantedToUserId",
                "support_grantee_platform_admin",
                "support access can only be granted to platform support (global admins)",
            ));
        }
    }
    let row = grants::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(org),
        granted_to_user_id: Set(input.granted_to_user_id),
        granted_by_id: Set(viewer.user_id),
        reason: Set(input.reason.trim().to_string()),
        ticket_reference: Set(input.ticket_reference),
        starts_at: Set(now),
        expires_at: Set(now + Duration::hours(input.hours)),
        revoked_at: Set(None),
        revoked_by_id: Set(None),
        revocation_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        created_by_id: Set(Some(viewer.user_id)),
        updated_by_id: Set(Some(viewer.user_id)),
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        AuditRecord::new(audit::Action::Support(SupportEvent::Granted))
            .organization(Some(org))
            .actor(viewer.user_id)
            .entity("support_access_grants", row.id)
            .details(json!({ "hours": input.hours, "grantedToUserId": row.granted_to_user_id }))
            .client(client),
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// Whether `org`'s settings say support access is never possible (`supportAccessPolicy:
/// DISABLED`). The viewer applies the same rule to grants made before the setting changed.
async fn support_disabled(db: &impl ConnectionTrait, org: Uuid) -> ApiResult<bool> {
    let disabled = settings::Entity::find()
        .filter(settings::Column::OrganizationId.eq(org))
        .filter(settings::Column::SupportAccessPolicy.eq(settings::SupportAccessPolicy::Disabled))
        .filter(settings::Column::DeletedAt.is_null())
        .one(db)
        .await?;
    Ok(disabled.is_some())
}

/// Ends an active grant of the viewer's organization early (the one change a grant allows).
pub async fn revoke<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    viewer: &Viewer,
    client: &ClientInfo,
    id: Uuid,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> ApiResult<grants::Model> {
    let org = require_grant_permission(viewer)?;
    let txn = db.begin().await?;
    let row = grants::Entity::find_by_id(id)
        .filter(grants::Column::OrganizationId.eq(org))
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    if row.revoked_at.is_some() {
        return Err(ApiError::Conflict("the grant is already revoked".into()));
    }
    let mut am: grants::ActiveModel = row.into();
    am.revoked_at = Set(Some(now));
    am.revoked_by_id = Set(Some(viewer.user_id));
    am.revocation_reason = Set(reason);
    am.updated_at = Set(now);
    am.updated_by_id = Set(Some(viewer.user_id));
    let row = am.update(&txn).await?;
    audit::append(
        &txn,
        AuditRecord::new(audit::Action::Support(SupportEvent::Revoked))
            .organization(Some(org))
            .actor(viewer.user_id)
            .entity("support_access_grants", row.id)
            .client(client),
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// Writes one audit event per organization whose data the request could read under a support
/// grant, naming the operation (support reads are never silent).
pub async fn audit_support_read<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    viewer: &Viewer,
    client: &ClientInfo,
    operation: Option<&str>,
) -> ApiResult<()> {
    for org in &viewer.support_organization_ids {
        audit::append(
            db,
            AuditRecord::new(audit::Action::Support(SupportEvent::Read))
                .organization(Some(*org))
                .actor(viewer.user_id)
                .details(json!({ "operation": operation }))
                .client(client),
        )
        .await?;
    }
    Ok(())
}
