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

/// What a notification says and what it is about.
pub struct Notice {
    pub category: notifications::NotificationCategory,
    pub channel: notifications::NotificationChannel,
    pub title: String,
    pub body: String,
    pub related: Option<(&'static str, Uuid)>,
    pub data: serde_json::Value,
    pub rule: &'static str,
}

/// Writes one notification row for `user` (delivery to devices is the notification engine's;
/// the row starts `pending`), unless they opted out of it (`wants`: `None`). The only place
/// workflows write notifications: it also queues the wake-up of the recipient's
/// `notificationAdded` subscriptions (`crate::wakeups`).
pub async fn notify(
    txn: &DatabaseTransaction,
    by: Option<Uuid>,
    organization: Uuid,
    user: Uuid,
    notice: &Notice,
    now: DateTime<Utc>,
) -> ApiResult<Option<notifications::Model>> {
    if !wants(txn, organization, user, notice).await? {
        return Ok(None);
    }
    let am = notifications::ActiveModel {
        user_id: Set(user),
        scenario_id: Set(None),
        channel: Set(notice.channel),
        category: Set(notice.category),
        title: Set(notice.title.clone()),
        body: Set(notice.body.clone()),
        related_entity_type: Set(notice.related.map(|(t, _)| t.to_string())),
        related_entity_id: Set(notice.related.map(|(_, id)| id)),
        data: Set(notice.data.clone()),
        status: Set(notifications::NotificationStatus::Pending),
        ..Default::default()
    };
    let row = System::acting(now, by)
        .insert::<notifications::Entity>(txn, by, organization, am, notice.rule)
        .await?;
    // The recipient's subscribers on this instance are woken once the operation is over
    // (after this transaction committed); other instances find the row by polling.
    crate::wakeups::notification_written(user);
    Ok(Some(row))
}

/// `notification_opt_in`: whether `user` takes `notice`. Refused by an opt-out of the channel
/// (`notification_preferences` without a scenario, `isEnabled: false`) or, for push, when every
/// registered device of theirs has the notice's category switched off (assignment alerts,
/// activity reminders, certificate expiry warnings, event updates, achievements). System and
/// expense notices, and users who said nothing, are always written.
pub(super) async fn wants(
    txn: &DatabaseTransaction,
    organization: Uuid,
    user: Uuid,
    notice: &Notice,
) -> ApiResult<bool> {
    use entity::{notification_preferences as prefs, push_notification_configs as push};
    use notifications::{NotificationCategory as Category, NotificationChannel as Channel};
    if matches!(notice.category, Category::System) {
        return Ok(true);
    }
    let opted_out = prefs::Entity::find()
        .filter(prefs::Column::OrganizationId.eq(organization))
        .filter(prefs::Column::UserId.eq(user))
        .filter(prefs::Column::Channel.eq(notice.channel))
        .filter(prefs::Column::ScenarioId.is_null())
        .filter(prefs::Column::IsEnabled.eq(false))
        .filter(prefs::Column::DeletedAt.is_null())
        .one(txn)
        .await?
        .is_some();
    if opted_out {
        return Ok(false);
    }
    if notice.channel != Channel::Push {
        return Ok(true);
    }
    let devices = push::Entity::find()
        .filter(push::Column::OrganizationId.eq(organization))
        .filter(push::Column::UserId.eq(user))
        .filter(push::Column::IsEnabled.eq(true))
        .filter(push::Column::TokenInvalidatedAt.is_null())
        .filter(push::Column::DeletedAt.is_null())
        .all(txn)
        .await?;
    let takes = |d: &push::Model| match notice.category {
        Category::Assignment => d.assignment_alerts,
        Category::Activity => d.activity_reminders,
        Category::Certification => d.certificate_expiry_warnings,
        Category::Event => d.event_updates,
        Category::Achievement => d.achievements,
        Category::Expense | Category::System => true,
    };
    Ok(devices.is_empty() || devices.iter().any(takes))
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
    };
    for c in &coordinators {
        notify(txn, by, profile.organization_id, *c, &notice, now).await?;
    }
    Ok(coordinators)
}
