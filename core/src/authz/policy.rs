//! Row scopes: every entity declares how its rows relate to a viewer, and `row_condition`
//! turns (viewer, entity, action) into a SQL condition. Every read path (by id, lists, counts,
//! loaders) and every write path goes through `scoped()`/`row_condition()`; nothing filters
//! rows after fetching them.

use sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, Select,
    sea_query::{Expr, Query},
};
use uuid::Uuid;

use super::viewer::{Reach, Viewer};
use crate::error::{ApiError, ApiResult};
use entity::user_organization_memberships as memberships;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
}

impl Action {
    pub fn verb(self) -> &'static str {
        match self {
            Self::Read => "READ",
            Self::Create => "CREATE",
            Self::Update => "UPDATE",
            Self::Delete => "DELETE",
        }
    }
}

/// How a row belongs to an organization.
pub enum Tenant<C> {
    /// `organization_id` column (tenant tables).
    Column(C),
    /// Nullable organization column: NULL rows are platform rows every tenant may read
    /// (system roles, default role permissions).
    NullableColumn(C),
    /// The row is the organization itself.
    IsOrganization(C),
    /// The row is a user; it belongs to every organization the user is a member of.
    Member(C),
    /// Platform catalog rows with no tenant (permissions).
    Global,
}

/// Which of the tenant's rows a reach narrower than the organization may see.
pub enum Narrow<C> {
    /// All of the tenant's rows (configuration the app shows).
    Tenant,
    /// Rows whose local-association column is one of the viewer's.
    LocalAssociation(C),
    /// Rows whose user column is the viewer.
    Owner(C),
    /// Rows whose user column names a member of one of the viewer's local associations.
    MemberOfLocalAssociations(C),
    /// Rows matching a condition computed from the viewer (e.g. contacts linked to a mentor
    /// through a subquery). The function must only produce SQL, never fetch rows.
    Custom(fn(&Viewer) -> Condition),
    /// None of them.
    Nothing,
}

/// An entity's row-scope declaration: tenant link plus the narrowing for each reach.
pub struct Scope<C> {
    pub tenant: Tenant<C>,
    pub organization: Narrow<C>,
    pub local_association: Narrow<C>,
    pub own: Narrow<C>,
}

/// Implemented once per entity (by `secured!`); the only way the gateway reads or writes rows.
pub trait Secured: EntityTrait {
    /// Permission suffix, e.g. `USERS` in `READ_USERS`.
    const RESOURCE: &'static str;
    /// Append-only tables refuse update and delete whatever the permissions say.
    const APPEND_ONLY: bool = false;
    fn scope() -> Scope<Self::Column>;
    fn id_column() -> Self::Column;
    fn deleted_column() -> Option<Self::Column>;
    /// Review columns: they record someone else's decision about the row (approval, payment,
    /// countersignature), so the row's subject (the user column of its `own` scope) may not
    /// change them, whatever their update permission (rule `no_self_review`).
    fn review_columns() -> Vec<Self::Column> {
        Vec::new()
    }
    /// Column permissions, state machine (see `write_rules`); the defaults restrict nothing
    /// beyond the conventions `write_rules::column_verdict` applies to every table.
    fn write_rules() -> super::write_rules::Rules<Self::Column> {
        super::write_rules::Rules::DEFAULT
    }
    /// The user a row is about: the declared subject, else the column of its `Owner` scope.
    fn subject_column() -> Option<Self::Column> {
        if let Some(c) = Self::write_rules().subject {
            return Some(c);
        }
        match Self::scope().own {
            Narrow::Owner(c) => Some(c),
            _ => None,
        }
    }
}

/// Declares an entity's scope in one line per reach.
#[macro_export]
macro_rules! secured {
    ($module:path, $resource:literal, tenant: $tenant:expr, org: $org:expr, local: $local:expr, own: $own:expr $(, append_only: $ao:expr)? $(, soft_delete: $sd:expr)? $(, review: [$($review:ident),* $(,)?])? $(, writes: $writes:expr)? $(,)?) => {
        const _: () = {
            use $module as m;
            #[allow(unused_imports)]
            use $crate::authz::policy::{Narrow::*, Tenant::*};
            #[allow(unused_imports)]
            use m::Column::*;
            impl $crate::authz::policy::Secured for m::Entity {
                const RESOURCE: &'static str = $resource;
                $(const APPEND_ONLY: bool = $ao;)?
                fn scope() -> $crate::authz::policy::Scope<m::Column> {
                    $crate::authz::policy::Scope { tenant: $tenant, organization: $org, local_association: $local, own: $own }
                }
                fn id_column() -> m::Column {
                    m::Column::Id
                }
                fn deleted_column() -> Option<m::Column> {
                    secured!(@deleted $($sd)?)
                }
                $(fn review_columns() -> Vec<m::Column> {
                    vec![$($review),*]
                })?
                $(fn write_rules() -> $crate::authz::write_rules::Rules<m::Column> {
                    #[allow(unused_imports)]
                    use $crate::authz::write_rules::{Admission, By::*, Cap, Limit, Machine, Rules};
                    $writes
                })?
            }
        };
    };
    (@deleted) => { Some(DeletedAt) };
    (@deleted $sd:expr) => { $sd };
}

/// The condition selecting the rows `viewer` may `action`. Fails with FORBIDDEN only when the
/// viewer lacks the permission for the whole entity, or its organization has not enabled the
/// entity's feature area (`features`); rows out of scope simply do not match.
pub fn row_condition<E: Secured>(viewer: &Viewer, action: Action) -> ApiResult<Condition> {
    super::features::check_table(viewer, E::default().table_name())?;
    if E::APPEND_ONLY && matches!(action, Action::Update | Action::Delete) {
        return Err(ApiError::forbidden(format!(
            "{} is append-only: rows are never updated or deleted",
            E::RESOURCE.to_lowercase()
        )));
    }
    let permission = format!("{}_{}", action.verb(), E::RESOURCE);
    let Some(reaches) = viewer.reaches(&permission) else {
        return Err(ApiError::forbidden(format!(
            "missing permission {permission}"
        )));
    };
    let scope = E::scope();
    let mut any = Condition::any();
    for reach in reaches {
        // Each grant with its own local associations: a role narrowed to one association
        // narrows only itself (`Viewer::for_grant`).
        let grant = viewer.for_grant(&permission, *reach);
        any = any.add(reach_condition::<E>(&grant, &scope, *reach, action));
    }
    let mut all = Condition::all().add(any);
    if let Some(deleted) = E::deleted_column() {
        all = all.add(deleted.is_null());
    }
    Ok(all)
}

/// The widest staff reach (platform, organization, then local association) through which
/// `viewer` may `action` the row `id`, if any: one query per staff reach held, widest first.
pub async fn staff_reach<E: Secured>(
    db: &impl sea_orm::ConnectionTrait,
    viewer: &Viewer,
    action: Action,
    id: Uuid,
) -> ApiResult<Option<Reach>> {
    let permission = format!("{}_{}", action.verb(), E::RESOURCE);
    let Some(reaches) = viewer.reaches(&permission) else {
        return Ok(None);
    };
    let scope = E::scope();
    for reach in [
        Reach::Platform,
        Reach::Organization,
        Reach::LocalAssociation,
    ] {
        if !reaches.contains(&reach) {
            continue;
        }
        let grant = viewer.for_grant(&permission, reach);
        let found = E::find()
            .filter(reach_condition::<E>(&grant, &scope, reach, action))
            .filter(E::id_column().eq(id))
            .one(db)
            .await?;
        if found.is_some() {
            return Ok(Some(reach));
        }
    }
    Ok(None)
}

/// `E::find()` narrowed to what `viewer` may `action`.
pub fn scoped<E: Secured>(viewer: &Viewer, action: Action) -> ApiResult<Select<E>> {
    Ok(E::find().filter(row_condition::<E>(viewer, action)?))
}

fn never() -> Condition {
    Condition::all().add(Expr::cust("1 = 0"))
}

fn always() -> Condition {
    Condition::all()
}

fn reach_condition<E: Secured>(
    viewer: &Viewer,
    scope: &Scope<E::Column>,
    reach: Reach,
    action: Action,
) -> Condition {
    if reach == Reach::Platform {
        // Tenant data reaches the platform only through an active support grant of that
        // tenant, and only for reading; platform rows (NULL tenant) are the platform's own.
        let supported = |c: &E::Column| {
            if viewer.support_organization_ids.is_empty() {
                never()
            } else {
                Condition::all().add(c.is_in(viewer.support_organization_ids.clone()))
            }
        };
        return match &scope.tenant {
            Tenant::Column(c) if action == Action::Read => supported(c),
            Tenant::Column(_) => never(),
            Tenant::NullableColumn(c) if action == Action::Read => {
                Condition::any().add(c.is_null()).add(supported(c))
            }
            Tenant::NullableColumn(c) => Condition::all().add(c.is_null()),
            // People are tenant data too: the platform reads the users of organizations under
            // an active support grant (audited per request), and itself.
            Tenant::Member(c) if action == Action::Read => {
                let mut any = Condition::any().add(c.eq(viewer.user_id));
                for org in &viewer.support_organization_ids {
                    any = any.add(c.in_subquery(members_of(*org, None)));
                }
                any
            }
            // A person's identity is shared by every organization they belong to: support under
            // a grant of one of them corrects it (`write_rules::Rules::identity`), as the person
            // does; no other platform write reaches tenant people.
            Tenant::Member(c) if action == Action::Update => {
                let mut any = Condition::any().add(c.eq(viewer.user_id));
                for org in &viewer.support_organization_ids {
                    any = any.add(c.in_subquery(members_of(*org, None)));
                }
                any
            }
            Tenant::Member(_) => never(),
            _ => always(),
        };
    }
    let Some(org) = viewer.organization_id else {
        return never();
    };
    let tenant = match &scope.tenant {
        Tenant::Column(c) | Tenant::IsOrganization(c) => Condition::all().add(c.eq(org)),
        // Platform rows (NULL) are shared by every tenant: readable, never writable by one.
        Tenant::NullableColumn(c) if action == Action::Read => {
            Condition::any().add(c.is_null()).add(c.eq(org))
        }
        Tenant::NullableColumn(c) => Condition::all().add(c.eq(org)),
        Tenant::Member(c) => Condition::all().add(c.in_subquery(members_of(org, None))),
        Tenant::Global => always(),
    };
    let narrow = match reach {
        Reach::Organization => &scope.organization,
        Reach::LocalAssociation => &scope.local_association,
        Reach::Own | Reach::Platform => &scope.own,
    };
    let narrowing = match narrow {
        Narrow::Tenant => always(),
        Narrow::LocalAssociation(c) if viewer.local_association_ids.is_empty() => {
            let _ = c;
            never()
        }
        Narrow::LocalAssociation(c) => {
            Condition::all().add(c.is_in(viewer.local_association_ids.clone()))
        }
        Narrow::Owner(c) => Condition::all().add(c.eq(viewer.user_id)),
        Narrow::MemberOfLocalAssociations(c) => Condition::all()
            .add(c.in_subquery(members_of(org, Some(&viewer.local_association_ids)))),
        Narrow::Custom(f) => f(viewer),
        Narrow::Nothing => never(),
    };
    Condition::all().add(tenant).add(narrowing)
}

/// `SELECT user_id FROM user_organization_memberships WHERE ...` for the tenant (and LAs).
fn members_of(
    org: Uuid,
    local_associations: Option<&[Uuid]>,
) -> sea_orm::sea_query::SelectStatement {
    let mut q = Query::select();
    q.column(memberships::Column::UserId)
        .from(memberships::Entity)
        .and_where(memberships::Column::OrganizationId.eq(org))
        .and_where(memberships::Column::DeletedAt.is_null());
    if let Some(las) = local_associations {
        q.and_where(memberships::Column::LocalAssociationId.is_in(las.to_vec()));
    }
    q
}
