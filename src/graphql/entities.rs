//! Root query fields per entity, all stamped from one macro: `thing(id)` (null when out of
//! scope) and `things(first, after, last, before, filter, orderBy)` (a Relay connection).
//! Both read through `authz::scoped`, so scope, filters, cursors and counts agree.

use async_graphql::{Context, Enum, InputObject, Object, Result};
use sea_orm::{Condition, QueryFilter};
use uuid::Uuid;

use super::{
    connection::{Page, PageArgs, paginate},
    filter::{BoolFilter, DateTimeFilter, OrderDirection, StringFilter, UuidFilter, add},
    loaders,
    types::*,
};
use crate::authz::{Action, scoped};
use crate::graphql::context::ContextExt;

macro_rules! entity_queries {
    (
        $query:ident, $module:ident, $node:ident,
        one: $one:ident, many: $many:ident,
        filter: $filter:ident { $($ff:ident: $fty:ty => $fcol:ident),* $(,)? },
        order: $order:ident / $order_by:ident { $($ov:ident => $ocol:ident),* $(,)? }
    ) => {
        #[doc = concat!("Filter on ", stringify!($module), "; fields combine with AND.")]
        #[derive(InputObject, Default, Clone)]
        pub struct $filter {
            $(pub $ff: Option<$fty>,)*
            /// All of these.
            pub and: Option<Vec<$filter>>,
            /// Any of these.
            pub or: Option<Vec<$filter>>,
            /// Not this.
            pub not: Option<Box<$filter>>,
        }

        impl $filter {
            pub fn condition(&self) -> Condition {
                use entity::$module::Column;
                let mut c = Condition::all();
                $(c = add(c, &self.$ff, Column::$fcol);)*
                if let Some(all) = &self.and {
                    for f in all {
                        c = c.add(f.condition());
                    }
                }
                if let Some(any) = &self.or {
                    let mut o = Condition::any();
                    for f in any {
                        o = o.add(f.condition());
                    }
                    c = c.add(o);
                }
                if let Some(n) = &self.not {
                    c = c.add(n.condition().not());
                }
                c
            }
        }

        #[doc = concat!("Sortable columns of ", stringify!($module), " (indexed).")]
        #[derive(Enum, Copy, Clone, Eq, PartialEq)]
        pub enum $order {
            $($ov,)*
        }

        impl $order {
            fn column(self) -> entity::$module::Column {
                match self {
                    $(Self::$ov => entity::$module::Column::$ocol,)*
                }
            }
        }

        #[doc = concat!("Ordering of ", stringify!($module), "; ties break on id.")]
        #[derive(InputObject, Clone, Copy)]
        pub struct $order_by {
            pub field: $order,
            #[graphql(default)]
            pub direction: OrderDirection,
        }

        #[derive(Default)]
        pub struct $query;

        #[Object]
        impl $query {
            #[doc = concat!("One row of ", stringify!($module), " by id; null when it does not exist or is out of your scope.")]
            async fn $one(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<$node>> {
                // Through the same scoped loader as relation fields, so aliases batch too.
                Ok(loaders::one::<entity::$module::Entity>(ctx, Some(id)).await?.map($node))
            }

            #[doc = concat!("Rows of ", stringify!($module), " within your scope, as a Relay connection.")]
            #[allow(clippy::too_many_arguments)]
            async fn $many(
                &self,
                ctx: &Context<'_>,
                first: Option<i32>,
                after: Option<String>,
                last: Option<i32>,
                before: Option<String>,
                filter: Option<$filter>,
                order_by: Option<$order_by>,
            ) -> Result<Page<$node>> {
                let viewer = ctx.viewer()?;
                let mut select = scoped::<entity::$module::Entity>(viewer, Action::Read)?;
                if let Some(f) = &filter {
                    select = select.filter(f.condition());
                }
                let (sort, desc) = match order_by {
                    Some(o) => (o.field.column(), o.direction == OrderDirection::Desc),
                    None => (entity::$module::Column::CreatedAt, false),
                };
                paginate(ctx, select, sort, desc, PageArgs { first, after, last, before }, $node).await
            }
        }
    };
}

entity_queries!(OrganizationsQuery, organizations, Organization, one: organization, many: organizations,
    filter: OrganizationFilter { id: UuidFilter => Id, name: StringFilter => Name, slug: StringFilter => Slug, is_active: BoolFilter => IsActive, created_at: DateTimeFilter => CreatedAt },
    order: OrganizationOrderField / OrganizationOrderBy { Name => Name, Slug => Slug, CreatedAt => CreatedAt });

entity_queries!(LocalAssociationsQuery, local_associations, LocalAssociation, one: local_association, many: local_associations,
    filter: LocalAssociationFilter { id: UuidFilter => Id, organization_id: UuidFilter => OrganizationId, region_id: UuidFilter => RegionId, name: StringFilter => Name, municipality: StringFilter => Municipality, is_active: BoolFilter => IsActive },
    order: LocalAssociationOrderField / LocalAssociationOrderBy { Name => Name, CreatedAt => CreatedAt });

entity_queries!(UsersQuery, users, User, one: user, many: users,
    filter: UserFilter { id: UuidFilter => Id, first_name: StringFilter => FirstName, last_name: StringFilter => LastName, created_at: DateTimeFilter => CreatedAt },
    order: UserOrderField / UserOrderBy { LastName => LastName, FirstName => FirstName, CreatedAt => CreatedAt });
