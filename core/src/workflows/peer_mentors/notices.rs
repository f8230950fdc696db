//! Peer mentor lifecycle: system writes and notifications.

use super::*;

/// Inserts as the actor: through the `Writer` for a user, as a system write for the jobs.
pub(super) async fn insert_as<E>(
    txn: &DatabaseTransaction,
    actor: &Actor<'_>,
    organization: Uuid,
    am: E::ActiveModel,
    rule: &str,
) -> ApiResult<E::Model>
where
    E: Secured,
    E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
    E::Model: IntoActiveModel<E::ActiveModel>,
{
    match actor {
        Actor::User(w) => w.insert::<E>(txn, am).await,
        Actor::System(now) => {
            System::job(*now)
                .insert::<E>(txn, None, organization, am, rule)
                .await
        }
    }
}

/// Updates a profile as the actor (scope before and after for a user; audited either way).
pub(super) async fn update_profile_as(
    txn: &DatabaseTransaction,
    actor: &Actor<'_>,
    am: profiles::ActiveModel,
    rule: &str,
) -> ApiResult<profiles::Model> {
    match actor {
        Actor::User(w) => w.update::<profiles::Entity>(txn, am).await,
        Actor::System(now) => {
            System::job(*now)
                .update::<profiles::Entity>(txn, am, rule)
                .await
        }
    }
}

/// The coordinators of a mentor: holders of a local-association role in the organization whose
/// local associations (memberships or the role's own narrowing) include one of the mentor's.
pub async fn coordinators_of<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    mentor: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Uuid>> {
    let mentor_las: BTreeSet<Uuid> = memberships::Entity::find()
        .filter(memberships::Column::UserId.eq(mentor))
        .filter(memberships::Column::OrganizationId.eq(organization))
        .filter(memberships::Column::DeletedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|m| m.local_association_id)
        .collect();
    if mentor_las.is_empty() {
        return Ok(Vec::new());
    }
    let role_ids: Vec<Uuid> = roles::Entity::find()
        .filter(roles::Column::Reach.eq(roles::RoleReach::LocalAssociation))
        .filter(
            Condition::any()
                .add(roles::Column::OrganizationId.is_null())
                .add(roles::Column::OrganizationId.eq(organization)),
        )
        .filter(roles::Column::DeletedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    if role_ids.is_empty() {
        return Ok(Vec::new());
    }
    let holders = user_roles::Entity::find()
        .filter(user_roles::Column::RoleId.is_in(role_ids))
        .filter(user_roles::Column::OrganizationId.eq(organization))
        .filter(user_roles::Column::RevokedAt.is_null())
        .filter(user_roles::Column::DeletedAt.is_null())
        .filter(
            Condition::any()
                .add(user_roles::Column::ValidUntil.is_null())
                .add(user_roles::Column::ValidUntil.gt(now)),
        )
        .all(db)
        .await?;
    let mut found = BTreeSet::new();
    for h in &holders {
        if let Some(la) = h.local_association_id
            && mentor_las.contains(&la)
        {
            found.insert(h.user_id);
        }
    }
    let holder_ids: BTreeSet<Uuid> = holders.iter().map(|h| h.user_id).collect();
    if !holder_ids.is_empty() {
        let shared = memberships::Entity::find()
            .filter(memberships::Column::UserId.is_in(holder_ids))
            .filter(memberships::Column::OrganizationId.eq(organization))
            .filter(memberships::Column::DeletedAt.is_null())
            .filter(memberships::Column::LocalAssociationId.is_in(mentor_las))
            .all(db)
            .await?;
        found.extend(shared.into_iter().map(|m| m.user_id));
    }
    found.remove(&mentor);
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let active = users::Entity::find()
        .filter(users::Column::Id.is_in(found))
        .filter(users::Column::Status.eq(users::UserStatus::Active))
        .filter(users::Column::DeletedAt.is_null())
        .order_by_asc(users::Column::Id)
        .all(db)
        .await?;
    Ok(active.into_iter().map(|u| u.id).collect())
}

/// `coordinator_notified_on_pause`: one notification per coordinator of the mentor.
pub(super) async fn notify_pause(
    txn: &DatabaseTransaction,
    by: Option<Uuid>,
    profile: &profiles::Model,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Uuid>> {
    let coordinators = coordinators_of(txn, profile.organization_id, profile.user_id, now).await?;
    if coordinators.is_empty() {
        return Ok(coordinators);
    }
    let name = users::Entity::find_by_id(profile.user_id)
        .one(txn)
        .await?
        .map(|u| format!("{} {}", u.first_name, u.last_name))
        .unwrap_or_else(|| "A peer mentor".into());
    let automatic = profile.status == Status::AutoPaused;
    let notice = Notice {
        category: if automatic {
            notifications::NotificationCategory::Certification
        } else {
            notifications::NotificationCategory::System
        },
        channel: notifications::NotificationChannel::InApp,
        title: if automatic {
            format!("{name} was paused: certification expired")
        } else {
            format!("{name} is paused")
        },
        body: match reason {
            Some(r) => format!("{name} is not available for assignments. Reason: {r}"),
            None => format!("{name} is not available for assignments."),
        },
        related: Some(("peer_mentor_profiles", profile.id)),
        data: json!({
            "peerMentorProfileId": profile.id,
            "userId": profile.user_id,
            "status": status_name(profile.status),
            "resumeAt": profile.resume_at,
        }),
        rule: "coordinator_notified_on_pause",
        scenario: None,
    };
    for c in &coordinators {
        notify(txn, by, profile.organization_id, *c, &notice, now).await?;
    }
    Ok(coordinators)
}
