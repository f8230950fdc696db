//! Activities: field rules and who the activity belongs to.

use super::*;

// Field rules

/// The fields of one activity to register (already defaulted by the operation where it has
/// defaults; `None` duration means "the activity type's default").
#[derive(Debug, Clone)]
pub struct NewActivity {
    pub activity_type_id: Uuid,
    pub activity_date: DateTime<Utc>,
    pub duration_minutes: Option<i32>,
    pub contact_id: Option<Uuid>,
    pub local_association_id: Option<Uuid>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    pub participant_count: Option<i32>,
    pub event_id: Option<Uuid>,
    pub has_reimbursement: bool,
    pub calendar_event_id: Option<String>,
    pub metadata: Option<Json>,
    /// DRAFT or PENDING_REVIEW (`status_enum`).
    pub status: Status,
}

/// `status_enum`: a new activity starts as a draft or submitted for review; the other statuses
/// are reached only through the approval workflow.
pub fn check_initial_status(status: Status) -> ApiResult<()> {
    match status {
        Status::Draft | Status::PendingReview => Ok(()),
        other => Err(bad(
            "status",
            "status_enum",
            format!(
                "a new activity starts as DRAFT or PENDING_REVIEW, not {}; approval decides the rest",
                status_name(other).to_uppercase()
            ),
        )),
    }
}

/// `title_length`: 1 to 200 characters when given (not blank).
pub fn check_title(title: Option<&str>) -> ApiResult<()> {
    validation::text_between("title", title, 1, TITLE_MAX_CHARS, "title_length")
}

/// `description_length`: at most 5000 characters.
pub fn check_description(description: Option<&str>) -> ApiResult<()> {
    validation::text_max(
        "description",
        description,
        DESCRIPTION_MAX_CHARS,
        "description_length",
    )
}

/// `duration_range`: 1 to 1440 minutes.
pub fn check_duration(minutes: Option<i32>) -> ApiResult<()> {
    let (min, max) = (*DURATION_RANGE.start(), *DURATION_RANGE.end());
    validation::number_between("duration_minutes", minutes, min, max, "duration_range")
}

/// `participant_count_positive`: at least 1.
pub fn check_participants(count: Option<i32>) -> ApiResult<()> {
    validation::at_least("participant_count", count, 1, "participant_count_positive")
}

/// `activity_date_not_future`: at most 24 hours ahead of the server clock.
pub fn check_date(date: DateTime<Utc>, now: DateTime<Utc>) -> ApiResult<()> {
    if date > now + Duration::hours(FUTURE_TOLERANCE_HOURS) {
        return Err(bad(
            "activityDate",
            "activity_date_not_future",
            format!("activityDate may be at most {FUTURE_TOLERANCE_HOURS} hours in the future"),
        ));
    }
    Ok(())
}

/// The field rules that need no database: status, text lengths, numbers, date.
pub fn check_fields(new: &NewActivity, now: DateTime<Utc>) -> ApiResult<()> {
    check_initial_status(new.status)?;
    check_title(new.title.as_deref())?;
    check_description(new.description.as_deref())?;
    check_duration(new.duration_minutes)?;
    check_participants(new.participant_count)?;
    check_date(new.activity_date, now)
}

/// `activity_type_enum`: the type is an active activity type of the viewer's organization.
pub async fn activity_type<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    id: Uuid,
) -> ApiResult<types::Model> {
    let found = match scoped::<types::Entity>(viewer, Action::Read) {
        Ok(select) => {
            select
                .filter(types::Column::Id.eq(id))
                .filter(types::Column::IsActive.eq(true))
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    found.ok_or_else(|| {
        bad(
            "activityTypeId",
            "activity_type_enum",
            "activityTypeId must name an active activity type of your organization",
        )
    })
}

/// `required_fields`: what the activity type requires (contact, location, description).
pub fn check_required(
    t: &types::Model,
    contact: Option<Uuid>,
    location: Option<&str>,
    description: Option<&str>,
) -> ApiResult<()> {
    let blank = |s: Option<&str>| s.is_none_or(|s| s.trim().is_empty());
    if t.requires_contact && contact.is_none() {
        return Err(bad(
            "contactId",
            "required_fields",
            format!("an activity of type \"{}\" needs a contact", t.name),
        ));
    }
    if t.requires_location && blank(location) {
        return Err(bad(
            "location",
            "required_fields",
            format!("an activity of type \"{}\" needs a location", t.name),
        ));
    }
    if t.requires_description && blank(description) {
        return Err(bad(
            "description",
            "required_fields",
            format!("an activity of type \"{}\" needs a description", t.name),
        ));
    }
    Ok(())
}

/// `valid_contact_reference`: the contact exists and the viewer can see it (the same answer
/// for both, so nothing leaks).
pub async fn contact<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    id: Uuid,
) -> ApiResult<contacts::Model> {
    let found = match scoped::<contacts::Entity>(viewer, Action::Read) {
        Ok(select) => select.filter(contacts::Column::Id.eq(id)).one(db).await?,
        Err(_) => None,
    };
    found.ok_or_else(|| {
        bad(
            "contactId",
            "valid_contact_reference",
            "contactId does not name a contact you can see",
        )
    })
}

/// The title generated from the type and the contact's name (`Hjemmebesøk – Kari Hansen`).
pub fn generated_title(t: &types::Model, contact: Option<&contacts::Model>) -> String {
    let title = match contact {
        Some(c) => format!("{} – {} {}", t.name, c.first_name, c.last_name),
        None => t.name.clone(),
    };
    title.chars().take(TITLE_MAX_CHARS).collect()
}

// Who the activity belongs to

/// The local associations `user` is an active member of in `organization`, primary first.
pub async fn member_local_associations<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    user: Uuid,
) -> ApiResult<Vec<Uuid>> {
    let rows = memberships::Entity::find()
        .filter(memberships::Column::UserId.eq(user))
        .filter(memberships::Column::OrganizationId.eq(organization))
        .filter(memberships::Column::Status.eq(memberships::MembershipStatus::Active))
        .filter(memberships::Column::LocalAssociationId.is_not_null())
        .filter(memberships::Column::DeletedAt.is_null())
        .order_by_desc(memberships::Column::IsPrimary)
        .order_by_asc(memberships::Column::CreatedAt)
        .all(db)
        .await?;
    let mut out: Vec<Uuid> = Vec::new();
    for la in rows.into_iter().filter_map(|m| m.local_association_id) {
        if !out.contains(&la) {
            out.push(la);
        }
    }
    Ok(out)
}

/// `mentor_deactivated`: activities are registered on someone's behalf (proxy, bulk) only for
/// a mentor whose profile has not been deactivated: a deactivated mentor no longer works as a
/// peer mentor, and their counters and reports must not move behind their back. A paused
/// mentor keeps what they did before the pause registrable.
pub(super) async fn ensure_active_mentor<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    mentor: Uuid,
) -> ApiResult<()> {
    let status = peer_mentors::live_profile(db, organization, mentor)
        .await?
        .map(|p| p.status);
    match status {
        Some(peer_mentors::Status::Inactive) | None => Err(bad(
            "peerMentorId",
            "mentor_deactivated",
            "the peer mentor is deactivated: activities are registered on behalf of active \
             peer mentors only",
        )),
        Some(_) => Ok(()),
    }
}

/// Whether `user` is an active user holding the peer mentor role in `organization`.
pub async fn is_peer_mentor<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    user: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let active = users::Entity::find()
        .filter(users::Column::Id.eq(user))
        .filter(users::Column::Status.eq(users::UserStatus::Active))
        .filter(users::Column::DeletedAt.is_null())
        .count(db)
        .await?
        > 0;
    if !active {
        return Ok(false);
    }
    let mut role_ids = Query::select();
    role_ids
        .column(roles::Column::Id)
        .from(roles::Entity)
        .and_where(roles::Column::Key.eq(PEER_MENTOR_ROLE))
        .and_where(roles::Column::DeletedAt.is_null())
        .cond_where(
            Condition::any()
                .add(roles::Column::OrganizationId.is_null())
                .add(roles::Column::OrganizationId.eq(organization)),
        );
    Ok(user_roles::Entity::find()
        .filter(user_roles::Column::UserId.eq(user))
        .filter(user_roles::Column::OrganizationId.eq(organization))
        .filter(user_roles::Column::RoleId.in_subquery(role_ids))
        .filter(user_roles::Column::RevokedAt.is_null())
        .filter(user_roles::Column::DeletedAt.is_null())
        .filter(
            Condition::any()
                .add(user_roles::Column::ValidUntil.is_null())
                .add(user_roles::Column::ValidUntil.gt(now)),
        )
        .count(db)
        .await?
        > 0)
}

/// How an activity comes to be.
#[derive(Debug, Clone)]
pub enum Registration {
    /// The viewer registers their own activity (wizard or quick log).
    Own,
    /// A coordinator registers on behalf of a peer mentor (`owner_attribution_on_proxy`).
    Proxy {
        peer_mentor_id: Uuid,
        reason: Option<String>,
    },
    /// One entry of a bulk registration batch.
    Bulk {
        batch_id: Uuid,
        local_association_id: Uuid,
        peer_mentor_id: Uuid,
    },
    /// The viewer's own activity created offline and synced now.
    Offline,
}

/// Whether the viewer holds `permission` for their whole organization (org admins).
pub(super) fn organization_wide(viewer: &Viewer, permission: &str) -> bool {
    viewer
        .reaches(permission)
        .is_some_and(|r| r.contains(&Reach::Organization))
}

pub(super) fn pick_local_association(
    allowed: &[Uuid],
    contact: Option<&contacts::Model>,
) -> Option<Uuid> {
    contact
        .map(|c| c.local_association_id)
        .filter(|la| allowed.contains(la))
        .or_else(|| allowed.first().copied())
}

/// The owner and local association of a new activity: `valid_user_reference`,
/// `proxy_fields_consistency`, `coordinator_proxy_scope`, and for own activities
/// `organization_scope_isolation` (only one of your own local associations).
pub(super) async fn owner_and_local_association(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    organization: Uuid,
    registration: &Registration,
    requested: Option<Uuid>,
    contact: Option<&contacts::Model>,
    now: DateTime<Utc>,
) -> ApiResult<(Uuid, Option<Uuid>)> {
    match registration {
        Registration::Own | Registration::Offline => {
            let mut allowed = member_local_associations(txn, organization, viewer.user_id).await?;
            for la in &viewer.local_association_ids {
                if !allowed.contains(la) {
                    allowed.push(*la);
                }
            }
            let la = match requested {
                Some(la) if allowed.contains(&la) => Some(la),
                Some(_) => {
                    return Err(bad(
                        "localAssociationId",
                        "organization_scope_isolation",
                        "localAssociationId must be one of your own local associations",
                    ));
                }
                None => pick_local_association(&allowed, contact),
            };
            Ok((viewer.user_id, la))
        }
        Registration::Proxy { peer_mentor_id, .. } => {
            let mentor = *peer_mentor_id;
            if mentor == viewer.user_id {
                return Err(bad(
                    "peerMentorId",
                    "proxy_fields_consistency",
                    "a proxy registration is made for another peer mentor; register your own \
                     activities with registerActivity",
                ));
            }
            if !is_peer_mentor(txn, organization, mentor, now).await? {
                return Err(bad(
                    "peerMentorId",
                    "valid_user_reference",
                    "peerMentorId does not name an active peer mentor of your organization",
                ));
            }
            ensure_active_mentor(txn, organization, mentor).await?;
            let mentor_las = member_local_associations(txn, organization, mentor).await?;
            let allowed: Vec<Uuid> = if organization_wide(viewer, "PROXY_REGISTER_ACTIVITIES") {
                mentor_las
            } else {
                mentor_las
                    .into_iter()
                    .filter(|la| viewer.local_association_ids.contains(la))
                    .collect()
            };
            if allowed.is_empty() {
                return Err(bad(
                    "peerMentorId",
                    "coordinator_proxy_scope",
                    "you can register on behalf of peer mentors of your own local associations only",
                ));
            }
            let la = match requested {
                Some(la) if allowed.contains(&la) => la,
                Some(_) => {
                    return Err(bad(
                        "localAssociationId",
                        "coordinator_proxy_scope",
                        "localAssociationId must be a local association you share with the peer mentor",
                    ));
                }
                None => pick_local_association(&allowed, contact).expect("allowed is not empty"),
            };
            Ok((mentor, Some(la)))
        }
        Registration::Bulk {
            local_association_id,
            peer_mentor_id,
            ..
        } => {
            let mentor = *peer_mentor_id;
            if !is_peer_mentor(txn, organization, mentor, now).await? {
                return Err(bad(
                    "peerMentorId",
                    "valid_user_reference",
                    "peerMentorId does not name an active peer mentor of your organization",
                ));
            }
            ensure_active_mentor(txn, organization, mentor).await?;
            let mentor_las = member_local_associations(txn, organization, mentor).await?;
            if !mentor_las.contains(local_association_id) {
                return Err(bad(
                    "peerMentorId",
                    "coordinator_proxy_scope",
                    "the peer mentor is not a member of the batch's local association",
                ));
            }
            Ok((mentor, Some(*local_association_id)))
        }
    }
}
