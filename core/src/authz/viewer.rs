//! The viewer: who is calling, in which organization, with which roles, permissions and
//! local-association scope. Resolved from the verified token against the database and cached
//! per session for `auth.viewer_cache_seconds`, so most requests cost no query, while a revoked
//! session, a disabled user or a removed role is refused once the entry expires (and at once
//! on the instance that made the change, which evicts it).

use std::{
    borrow::Cow,
    collections::{BTreeMap, BTreeSet, HashMap},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
    sea_query::Query,
};
use uuid::Uuid;

use crate::{
    auth::{external::is_external_provider, jwt::Claims},
    clock::Clock,
    cluster::{Outbound, Signal},
    error::{ApiError, ApiResult},
};
use entity::{
    auth_sessions, organization_features as org_features, organization_settings as org_settings,
    permissions, role_permissions, roles, support_access_grants as support_grants,
    user_organization_memberships as memberships, user_roles, users,
};

/// How far a role's permissions reach in rows, widest last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reach {
    Own,
    LocalAssociation,
    Organization,
    Platform,
}

impl From<roles::RoleReach> for Reach {
    fn from(r: roles::RoleReach) -> Self {
        match r {
            roles::RoleReach::Own => Self::Own,
            roles::RoleReach::LocalAssociation => Self::LocalAssociation,
            roles::RoleReach::Organization => Self::Organization,
            roles::RoleReach::Platform => Self::Platform,
        }
    }
}

#[derive(Clone, Debug)]
pub struct ViewerRole {
    pub id: Uuid,
    pub key: String,
    pub name: String,
    pub reach: Reach,
}

#[derive(Clone, Debug)]
pub struct Viewer {
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub organization_id: Option<Uuid>,
    pub roles: Vec<ViewerRole>,
    /// Effective permission -> the reaches it is held with (one per granting role).
    pub grants: BTreeMap<String, BTreeSet<Reach>>,
    /// Every local association the viewer reaches through any role: their memberships' and
    /// those of role assignments narrowed to one association.
    pub local_association_ids: Vec<Uuid>,
    /// The local associations each (permission, reach) grant reaches, kept per role
    /// assignment: one narrowed to an association reaches that association only, the others
    /// the memberships' associations. See `for_grant`.
    pub grant_local_associations: BTreeMap<String, BTreeMap<Reach, BTreeSet<Uuid>>>,
    /// Organizations whose data a global admin may read under an active support grant.
    pub support_organization_ids: Vec<Uuid>,
    /// Feature areas the viewer's organization has enabled (`authz::features`).
    pub features: BTreeSet<String>,
}

impl Viewer {
    pub fn reaches(&self, permission: &str) -> Option<&BTreeSet<Reach>> {
        self.grants.get(permission).filter(|r| !r.is_empty())
    }

    pub fn can(&self, permission: &str) -> bool {
        self.reaches(permission).is_some()
    }

    pub fn has_role(&self, key: &str) -> bool {
        self.roles.iter().any(|r| r.key == key)
    }

    /// The viewer as one grant sees it: `local_association_ids` narrowed to the associations
    /// that `permission` is held with at `reach`, so a role narrowed to one association
    /// neither widens nor narrows the user's other roles. Borrowed when nothing narrows.
    pub fn for_grant(&self, permission: &str, reach: Reach) -> Cow<'_, Viewer> {
        let Some(las) = self
            .grant_local_associations
            .get(permission)
            .and_then(|by_reach| by_reach.get(&reach))
        else {
            return Cow::Borrowed(self);
        };
        if las.len() == self.local_association_ids.len()
            && self.local_association_ids.iter().all(|la| las.contains(la))
        {
            return Cow::Borrowed(self);
        }
        let mut narrowed = self.clone();
        narrowed.local_association_ids = las.iter().copied().collect();
        Cow::Owned(narrowed)
    }

    /// A member of `org` with no roles, no associations and no feature areas (unit tests).
    #[cfg(test)]
    pub fn test_member(org: Option<Uuid>) -> Self {
        Self {
            user_id: Uuid::nil(),
            session_id: Uuid::nil(),
            organization_id: org,
            roles: Vec::new(),
            grants: BTreeMap::new(),
            local_association_ids: Vec::new(),
            grant_local_associations: BTreeMap::new(),
            support_organization_ids: Vec::new(),
            features: BTreeSet::new(),
        }
    }
}

/// The tables `load_viewer` reads: a write to any of them may change a cached viewer.
pub const VIEWER_TABLES: &[&str] = &[
    "users",
    "user_organization_memberships",
    "user_roles",
    "roles",
    "role_permissions",
    "permissions",
    "support_access_grants",
    "organization_settings",
    "auth_sessions",
    "organization_features",
];

pub struct ViewerCache {
    ttl: Duration,
    /// Sessions, role assignments and support grants are valid "now" on the domain clock.
    clock: Clock,
    entries: Mutex<HashMap<Uuid, (Instant, Arc<Viewer>)>>,
    /// Tells the other replicas to drop what this one drops (`crate::cluster`).
    peers: Option<Outbound>,
}

impl ViewerCache {
    pub fn new(ttl: Duration, clock: Clock) -> Self {
        Self {
            ttl,
            clock,
            entries: Mutex::new(HashMap::new()),
            peers: None,
        }
    }

    /// Evictions made here are sent to the other replicas too.
    pub fn with_peers(mut self, peers: Outbound) -> Self {
        self.peers = Some(peers);
        self
    }

    fn tell_peers(&self, signal: Signal) {
        if let Some(p) = &self.peers {
            p.send(signal);
        }
    }

    /// A peer's eviction, applied here only.
    pub fn apply(&self, signal: Signal) {
        match signal {
            Signal::ViewersChanged => self.clear_here(),
            Signal::SessionEnded { session } => self.evict_session_here(session),
            Signal::UserChanged { user } => self.evict_user_here(user),
            Signal::Notified { .. } | Signal::Took { .. } | Signal::SessionWrote { .. } => {}
        }
    }

    pub async fn resolve(
        &self,
        db: &DatabaseConnection,
        claims: &Claims,
    ) -> ApiResult<Arc<Viewer>> {
        if let Some(v) = self.get(claims.sid)
            && v.user_id == claims.sub
            && v.organization_id == claims.org
        {
            return Ok(v);
        }
        let viewer = Arc::new(load_viewer(db, claims, self.clock.now()).await?);
        if !self.ttl.is_zero() {
            let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            if entries.len() > 10_000 {
                let ttl = self.ttl;
                entries.retain(|_, (at, _)| at.elapsed() < ttl);
            }
            entries.insert(claims.sid, (Instant::now(), viewer.clone()));
        }
        Ok(viewer)
    }

    fn get(&self, session: Uuid) -> Option<Arc<Viewer>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(&session)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    pub fn evict_session(&self, session: Uuid) {
        self.evict_session_here(session);
        self.tell_peers(Signal::SessionEnded { session });
    }

    fn evict_session_here(&self, session: Uuid) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&session);
    }

    pub fn evict_user(&self, user: Uuid) {
        self.evict_user_here(user);
        self.tell_peers(Signal::UserChanged { user });
    }

    fn evict_user_here(&self, user: Uuid) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, (_, v)| v.user_id != user);
    }

    /// After a committed write to `table`: drops every cached viewer when the table is one a
    /// viewer is built from (a role, its permissions, an assignment, a membership, support
    /// access), so no holder keeps a deleted role's permissions until the entry expires.
    pub fn after_write(&self, table: &str) {
        if VIEWER_TABLES.contains(&table) {
            self.clear();
        }
    }

    /// After a change to roles or role permissions, which may touch many viewers (on every
    /// replica).
    pub fn clear(&self) {
        self.clear_here();
        self.tell_peers(Signal::ViewersChanged);
    }

    fn clear_here(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

async fn load_viewer(
    db: &DatabaseConnection,
    claims: &Claims,
    now: DateTime<Utc>,
) -> ApiResult<Viewer> {
    let session = auth_sessions::Entity::find_by_id(claims.sid)
        .filter(auth_sessions::Column::UserId.eq(claims.sub))
        .filter(auth_sessions::Column::RevokedAt.is_null())
        .filter(auth_sessions::Column::DeletedAt.is_null())
        .filter(auth_sessions::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if claims.org != session.organization_id {
        return Err(ApiError::Unauthenticated);
    }
    // Platform roles never come from an external issuer: its sessions hold the organization's
    // roles only (and always have an organization).
    let external = is_external_provider(session.provider);
    if external && claims.org.is_none() {
        return Err(ApiError::Unauthenticated);
    }
    users::Entity::find_by_id(claims.sub)
        .filter(users::Column::Status.eq(users::UserStatus::Active))
        .filter(users::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let org = claims.org;

    let mut local_association_ids = BTreeSet::new();
    let mut features = BTreeSet::new();
    if let Some(org) = org {
        features.extend(
            org_features::Entity::find()
                .select_only()
                .column(org_features::Column::FeatureKey)
                .filter(org_features::Column::OrganizationId.eq(org))
                .filter(org_features::Column::IsEnabled.eq(true))
                .filter(org_features::Column::DeletedAt.is_null())
                .into_tuple::<String>()
                .all(db)
                .await?,
        );
        let rows = memberships::Entity::find()
            .filter(memberships::Column::UserId.eq(claims.sub))
            .filter(memberships::Column::OrganizationId.eq(org))
            .filter(memberships::Column::Status.eq(memberships::MembershipStatus::Active))
            .filter(memberships::Column::DeletedAt.is_null())
            .all(db)
            .await?;
        if rows.is_empty() {
            // Membership ended since the token was issued.
            return Err(ApiError::Unauthenticated);
        }
        local_association_ids.extend(rows.into_iter().filter_map(|m| m.local_association_id));
    }

    let org_match = match org {
        Some(o) if external => Condition::all().add(user_roles::Column::OrganizationId.eq(o)),
        Some(o) => Condition::any()
            .add(user_roles::Column::OrganizationId.eq(o))
            .add(user_roles::Column::OrganizationId.is_null()),
        None => Condition::all().add(user_roles::Column::OrganizationId.is_null()),
    };
    let held = user_roles::Entity::find()
        .find_also_related(roles::Entity)
        .filter(user_roles::Column::UserId.eq(claims.sub))
        .filter(org_match)
        .filter(user_roles::Column::RevokedAt.is_null())
        .filter(user_roles::Column::DeletedAt.is_null())
        .filter(
            Condition::any()
                .add(user_roles::Column::ValidUntil.is_null())
                .add(user_roles::Column::ValidUntil.gt(now)),
        )
        .filter(roles::Column::DeletedAt.is_null())
        .all(db)
        .await?;

    // Per role: the associations its assignments reach (a role held twice reaches both).
    let membership_las = local_association_ids.clone();
    let mut role_las: HashMap<Uuid, BTreeSet<Uuid>> = HashMap::new();
    let mut roles_held: Vec<ViewerRole> = Vec::new();
    for (ur, role) in held {
        let Some(role) = role else { continue };
        if external && role.reach == roles::RoleReach::Platform {
            continue;
        }
        // A role narrowed to a local association adds that association to the scope.
        let reached = role_las.entry(role.id).or_default();
        match ur.local_association_id {
            Some(la) => {
                local_association_ids.insert(la);
                reached.insert(la);
            }
            None => reached.extend(membership_las.iter().copied()),
        }
        if !roles_held.iter().any(|r| r.id == role.id) {
            roles_held.push(ViewerRole {
                id: role.id,
                key: role.key,
                name: role.name,
                reach: role.reach.into(),
            });
        }
    }

    let mut grants: BTreeMap<String, BTreeSet<Reach>> = BTreeMap::new();
    let mut grant_local_associations: BTreeMap<String, BTreeMap<Reach, BTreeSet<Uuid>>> =
        BTreeMap::new();
    if !roles_held.is_empty() {
        let role_ids: Vec<Uuid> = roles_held.iter().map(|r| r.id).collect();
        let org_rows = match org {
            Some(o) => Condition::any()
                .add(role_permissions::Column::OrganizationId.is_null())
                .add(role_permissions::Column::OrganizationId.eq(o)),
            None => Condition::all().add(role_permissions::Column::OrganizationId.is_null()),
        };
        let rows = role_permissions::Entity::find()
            .find_also_related(permissions::Entity)
            .filter(role_permissions::Column::RoleId.is_in(role_ids))
            .filter(org_rows)
            .filter(role_permissions::Column::DeletedAt.is_null())
            .all(db)
            .await?;
        // Per role: platform defaults first, then the organization's overrides on top.
        for role in &roles_held {
            let mut effective: BTreeMap<&str, bool> = BTreeMap::new();
            for pass_org_rows in [false, true] {
                for (rp, perm) in &rows {
                    let Some(perm) = perm else { continue };
                    if rp.role_id == role.id && rp.organization_id.is_some() == pass_org_rows {
                        effective.insert(perm.name.as_str(), rp.is_granted);
                    }
                }
            }
            for (name, granted) in effective {
                if granted {
                    grants
                        .entry(name.to_string())
                        .or_default()
                        .insert(role.reach);
                    grant_local_associations
                        .entry(name.to_string())
                        .or_default()
                        .entry(role.reach)
                        .or_default()
                        .extend(role_las.get(&role.id).into_iter().flatten().copied());
                }
            }
        }
    }

    // Platform support reaches a tenant's data only under an active grant from that tenant.
    let support_organization_ids = if roles_held.iter().any(|r| r.reach == Reach::Platform) {
        support_grants::Entity::find()
            .select_only()
            .column(support_grants::Column::OrganizationId)
            .filter(support_grants::Column::StartsAt.lte(now))
            .filter(support_grants::Column::ExpiresAt.gt(now))
            .filter(support_grants::Column::RevokedAt.is_null())
            // An organization that disabled support access honours no grant, old ones included.
            .filter(
                support_grants::Column::OrganizationId.not_in_subquery(
                    Query::select()
                        .column(org_settings::Column::OrganizationId)
                        .from(org_settings::Entity)
                        .and_where(
                            org_settings::Column::SupportAccessPolicy
                                .eq(org_settings::SupportAccessPolicy::Disabled),
                        )
                        .and_where(org_settings::Column::DeletedAt.is_null())
                        .to_owned(),
                ),
            )
            .filter(
                Condition::any()
                    .add(support_grants::Column::GrantedToUserId.is_null())
                    .add(support_grants::Column::GrantedToUserId.eq(claims.sub)),
            )
            .distinct()
            .into_tuple::<Uuid>()
            .all(db)
            .await?
    } else {
        Vec::new()
    };

    Ok(Viewer {
        user_id: claims.sub,
        session_id: claims.sid,
        organization_id: org,
        roles: roles_held,
        grants,
        local_association_ids: local_association_ids.into_iter().collect(),
        grant_local_associations,
        support_organization_ids,
        features,
    })
}
