//! Peer mentor lifecycle: role assignment and the profile (one_profile_per_peer_mentor).

use super::*;

pub async fn live_profile<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    user: Uuid,
) -> ApiResult<Option<profiles::Model>> {
    Ok(profiles::Entity::find()
        .filter(profiles::Column::OrganizationId.eq(organization))
        .filter(profiles::Column::UserId.eq(user))
        .filter(profiles::Column::DeletedAt.is_null())
        .one(db)
        .await?)
}

/// The permissions `role` grants in `organization`: platform defaults, then the
/// organization's overrides.
pub(super) async fn role_grants<C: ConnectionTrait>(
    db: &C,
    role: Uuid,
    organization: Uuid,
) -> ApiResult<Vec<String>> {
    let rows = role_permissions::Entity::find()
        .find_also_related(permissions::Entity)
        .filter(role_permissions::Column::RoleId.eq(role))
        .filter(
            Condition::any()
                .add(role_permissions::Column::OrganizationId.is_null())
                .add(role_permissions::Column::OrganizationId.eq(organization)),
        )
        .filter(role_permissions::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let mut effective: BTreeMap<String, bool> = BTreeMap::new();
    for org_rows in [false, true] {
        for (rp, perm) in &rows {
            if let Some(perm) = perm
                && rp.organization_id.is_some() == org_rows
            {
                effective.insert(perm.name.clone(), rp.is_granted);
            }
        }
    }
    Ok(effective
        .into_iter()
        .filter_map(|(name, granted)| granted.then_some(name))
        .collect())
}

/// No escalation: never a platform role, and every permission the role grants must be one the
/// assigner holds with at least the role's reach. One allowance: a role of reach `own` may carry
/// CREATE permissions on resources the assigner can read (self-service records only the
/// assignee creates for themselves, e.g. assignment consents and read receipts, which no admin
/// may create on a mentor's behalf).
pub(super) fn ensure_no_escalation(
    viewer: &Viewer,
    role: &roles::Model,
    grants: &[String],
) -> ApiResult<()> {
    if role.reach == roles::RoleReach::Platform {
        return Err(ApiError::forbidden(format!(
            "{} is a platform role, assigned by the platform only (no_escalation)",
            role.key
        )));
    }
    let reach = Reach::from(role.reach);
    for p in grants {
        let held = viewer
            .reaches(p)
            .and_then(|r| r.iter().max().copied())
            .is_some_and(|max| max >= reach);
        let self_service = reach == Reach::Own
            && p.strip_prefix("CREATE_")
                .is_some_and(|resource| viewer.can(&format!("READ_{resource}")));
        if !held && !self_service {
            return Err(ApiError::forbidden(format!(
                "role {} grants {p}, which you do not hold (no_escalation)",
                role.key
            )));
        }
    }
    Ok(())
}

pub(super) fn require_manage_roles(viewer: &Viewer) -> ApiResult<Uuid> {
    if !viewer.can("MANAGE_ROLES") {
        return Err(ApiError::forbidden("missing permission MANAGE_ROLES"));
    }
    viewer
        .organization_id
        .ok_or_else(|| ApiError::forbidden("role administration needs an organization session"))
}

pub(super) fn isolation(field: &str, what: &str) -> ApiError {
    ApiError::bad_input(
        field,
        "tenant_isolation",
        format!("{field} does not name {what} in your organization"),
    )
}

/// `one_profile_per_peer_mentor`: the live profile of `user`, created (active, with its first
/// availability row) or reactivated when inactive.
pub async fn ensure_profile(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    organization: Uuid,
    user: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<profiles::Model> {
    if let Some(existing) = live_profile(txn, organization, user).await? {
        if existing.status != Status::Inactive {
            return Ok(existing);
        }
        return change_status(
            txn,
            &Actor::User(writer),
            existing,
            StatusChange {
                to: Status::Active,
                reason: Some("peer_mentor role assigned again".into()),
                resume_at: None,
                source: AvailabilitySource::System,
                certification_expired: false,
                now,
            },
        )
        .await;
    }
    let period_start = current_period_start(txn, organization, now).await?;
    let am = profiles::ActiveModel {
        user_id: Set(user),
        status: Set(Status::Active),
        assignment_count_current_period: Set(0),
        assignment_period_start: Set(Some(period_start)),
        certification_status: Set(CertificationStatus::Pending),
        accepts_encrypted_assignments: Set(false),
        is_visible_on_map: Set(false),
        ..Default::default()
    };
    // Two concurrent assignments: the unique (organization, user) index lets one insert win.
    let sp = txn.begin().await?;
    let created = match writer.insert::<profiles::Entity>(&sp, am).await {
        Ok(p) => {
            sp.commit().await?;
            p
        }
        Err(e) => {
            sp.rollback().await?;
            return match live_profile(txn, organization, user).await? {
                Some(p) => Ok(p),
                None => Err(e),
            };
        }
    };
    let history = availability::ActiveModel {
        user_id: Set(user),
        peer_mentor_profile_id: Set(created.id),
        previous_status: Set(None),
        status: Set(Status::Active),
        reason: Set(Some("peer_mentor role assigned".into())),
        source: Set(AvailabilitySource::System),
        effective_from: Set(now),
        effective_until: Set(None),
        ..Default::default()
    };
    writer.insert::<availability::Entity>(txn, history).await?;
    Ok(created)
}

/// Assigns `role_id` to `user_id` in the viewer's organization (MANAGE_ROLES, no escalation),
/// optionally narrowed to a local association; the peer_mentor role also creates the profile.
pub async fn assign_role(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    user_id: Uuid,
    role_id: Uuid,
    local_association_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<(user_roles::Model, Option<profiles::Model>)> {
    let viewer = writer.viewer;
    let org = require_manage_roles(viewer)?;
    let role = scoped::<roles::Entity>(viewer, Action::Read)?
        .filter(roles::Column::Id.eq(role_id))
        .one(txn)
        .await?
        .ok_or_else(|| isolation("roleId", "a role"))?;
    let grants = role_grants(txn, role.id, org).await?;
    ensure_no_escalation(viewer, &role, &grants)?;
    scoped::<users::Entity>(viewer, Action::Read)?
        .filter(users::Column::Id.eq(user_id))
        .one(txn)
        .await?
        .ok_or_else(|| isolation("userId", "a member"))?;
    if let Some(la) = local_association_id {
        scoped::<local_associations::Entity>(viewer, Action::Read)?
            .filter(local_associations::Column::Id.eq(la))
            .one(txn)
            .await?
            .ok_or_else(|| isolation("localAssociationId", "a local association"))?;
    }
    let la_match = match local_association_id {
        Some(la) => user_roles::Column::LocalAssociationId.eq(la),
        None => user_roles::Column::LocalAssociationId.is_null(),
    };
    let held = user_roles::Entity::find()
        .filter(user_roles::Column::UserId.eq(user_id))
        .filter(user_roles::Column::RoleId.eq(role.id))
        .filter(user_roles::Column::OrganizationId.eq(org))
        .filter(la_match)
        .filter(user_roles::Column::RevokedAt.is_null())
        .filter(user_roles::Column::DeletedAt.is_null())
        .one(txn)
        .await?;
    if held.is_some() {
        return Err(ApiError::Conflict(format!(
            "the user already holds the role {} there",
            role.key
        )));
    }
    let assignment = writer
        .insert::<user_roles::Entity>(
            txn,
            user_roles::ActiveModel {
                user_id: Set(user_id),
                role_id: Set(role.id),
                local_association_id: Set(local_association_id),
                valid_until: Set(None),
                revoked_at: Set(None),
                ..Default::default()
            },
        )
        .await?;
    let profile = if role.key == PEER_MENTOR_ROLE {
        Some(ensure_profile(txn, writer, org, user_id, now).await?)
    } else {
        None
    };
    Ok((assignment, profile))
}

/// Revokes a role assignment of the viewer's organization (MANAGE_ROLES, no escalation); when
/// the user's last peer_mentor role goes, the profile becomes inactive.
pub async fn revoke_role(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    user_role_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<(user_roles::Model, Option<profiles::Model>)> {
    let viewer = writer.viewer;
    let org = require_manage_roles(viewer)?;
    let row = writer
        .find_for::<user_roles::Entity>(txn, Action::Update, user_role_id)
        .await?;
    if row.revoked_at.is_some() {
        return Err(ApiError::Conflict("the role is already revoked".into()));
    }
    let role = roles::Entity::find_by_id(row.role_id)
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound)?;
    let grants = role_grants(txn, role.id, org).await?;
    ensure_no_escalation(viewer, &role, &grants)?;
    // Claim the row: of two concurrent revocations one wins, the other is a conflict.
    let claimed = writer
        .claim::<user_roles::Entity>(
            txn,
            row.id,
            Condition::all().add(user_roles::Column::RevokedAt.is_null()),
        )
        .await?;
    if !claimed {
        return Err(ApiError::Conflict("the role is already revoked".into()));
    }
    let mut am = row.clone().into_active_model();
    am.revoked_at = Set(Some(now));
    let revoked = writer.update::<user_roles::Entity>(txn, am).await?;
    let mut profile = None;
    if role.key == PEER_MENTOR_ROLE {
        let still_mentor = user_roles::Entity::find()
            .filter(user_roles::Column::UserId.eq(row.user_id))
            .filter(user_roles::Column::RoleId.eq(role.id))
            .filter(user_roles::Column::OrganizationId.eq(org))
            .filter(user_roles::Column::RevokedAt.is_null())
            .filter(user_roles::Column::DeletedAt.is_null())
            .one(txn)
            .await?
            .is_some();
        if let Some(p) = live_profile(txn, org, row.user_id).await? {
            profile = Some(if still_mentor || p.status == Status::Inactive {
                p
            } else {
                change_status(
                    txn,
                    &Actor::User(writer),
                    p,
                    StatusChange {
                        to: Status::Inactive,
                        reason: Some("peer_mentor role revoked".into()),
                        resume_at: None,
                        source: AvailabilitySource::System,
                        certification_expired: false,
                        now,
                    },
                )
                .await?
            });
        }
    }
    Ok((revoked, profile))
}
