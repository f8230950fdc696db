//! The GraphQL surface of every table, one `entity_api!` per table, grouped by domain like the
//! entities. The macro is the one mechanism all tables go through:
//! - the object type: the entity's columns (flattened from the SeaORM model, whose doc comments
//!   are the field descriptions; secret and guarded columns are skipped there), to-one relation
//!   fields (`ById` loader) and to-many connections (`ByColumn` loader, paginated in SQL);
//! - the filter input (`and`/`or`/`not` over per-column filters), the order enum (indexed
//!   columns), and the root fields `thing(id)` and `things(first, after, last, before, filter,
//!   orderBy)`, all reading through `authz::scoped`;
//! - the federation key `@key(fields: "id")` on the object type, resolved in
//!   `Query._entities` through the same loader as `thing(id)` (README, *Federation*);
//! - unless the table is read-only or has its own write path (`mutations: none`: append-only
//!   and computed tables; tables written only through their workflows in `core/src/workflows/`),
//!   `createThing`, `updateThing` and `deleteThing` with input types, per-field validation rules,
//!   reference checks on every foreign key, and `authz::writes::Writer` (scope before and after,
//!   tenant and owner from the viewer, audit), each in one transaction.
//!
//! Relations go both ways: every `belongs_to` entry has its inverse `has_many` on the target,
//! grouped by the same fk column (nullable fks too); a connection is named after the source
//! table, and by role when the fk is not the row's owner or several fks reach one target
//! (`User.proxyRegisteredActivities`, `User.organizedEvents`); `tests/relations.rs` checks it.
//! Exception: the tenant fk `organization_id` (on nearly every table) has no inverse on
//! `Organization` beyond its structural children, since root connections are tenant-scoped.
//!
//! Syntax (every clause present, possibly empty):
//! ```text
//! entity_api! {
//!     /// Type description.
//!     node: Thing, module: things, one: thing, many: things, query: ThingsQuery,
//!     filter: ThingFilter { name: StringFilter => Name, ... },
//!     order: ThingOrderField / ThingOrderBy { Name => Name, CreatedAt => CreatedAt },
//!     belongs_to: { /// doc
//!                   owner: users => User via user_id, ... },
//!     has_many: { /// doc
//!                 parts: parts => Part by ThingId order CreatedAt, ... },
//!     mutations: ThingsMutation {
//!         inputs: CreateThingInput / UpdateThingInput,
//!         create: create_thing, update: update_thing, delete: delete_thing, // each optional
//!         required: { name: String },            // non-null, must be given on create
//!         defaulted: { is_active: bool = true }, // non-null, optional on create
//!         optional: { note: String },            // nullable; `null` clears it on update
//!         fixed: { status: Status::Draft },      // set by the server on create, not an input
//!                                                // (`RequestTime`: the request's instant)
//!         validate: { name: max_len(200, "name_length") }, // `meander_core::validation` rules
//!     },                                         // or `mutations: none,`
//!     extra: { /* more resolvers on Thing, e.g. guarded fields */ },
//! }
//! ```

/// A `fixed:` value of `entity_api!`: a constant, or [`RequestTime`] for the writing request's
/// instant on the domain clock (so no generated mutation reads the system time itself).
pub trait Fixed<T> {
    fn fixed(self, now: chrono::DateTime<chrono::Utc>) -> T;
}

impl<T> Fixed<T> for T {
    fn fixed(self, _now: chrono::DateTime<chrono::Utc>) -> T {
        self
    }
}

/// The writing request's instant, as a `fixed:` value.
pub struct RequestTime;

impl Fixed<chrono::DateTime<chrono::Utc>> for RequestTime {
    fn fixed(self, now: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
        now
    }
}

/// Stamps out the GraphQL API of one table; see the module docs.
macro_rules! entity_api {
    (
        $(#[$doc:meta])*
        node: $node:ident, module: $module:ident, one: $one:ident, many: $many:ident, query: $query:ident,
        filter: $filter:ident { $($ff:ident: $fty:ty => $fcol:ident),* $(,)? },
        order: $order:ident / $order_by:ident { $($ov:ident => $ocol:ident),* $(,)? },
        belongs_to: { $($(#[$bdoc:meta])* $brel:ident: $btarget:ident => $bnode:ident via $bfk:ident),* $(,)? },
        has_many: { $($(#[$hdoc:meta])* $hrel:ident: $htarget:ident => $hnode:ident by $hcol:ident order $hsort:ident),* $(,)? },
        mutations: $($mutations:ident)? $({ $($mut:tt)* })?,
        extra: { $($extra:tt)* } $(,)?
    ) => {
        $(#[$doc])*
        pub struct $node(pub entity::$module::Model);

        $(#[$doc])*
        #[async_graphql::Object]
        impl $node {
            /// Unique identifier.
            async fn id(&self) -> uuid::Uuid {
                self.0.id
            }

            #[graphql(flatten)]
            async fn columns(&self) -> &entity::$module::Model {
                &self.0
            }

            $(
                $(#[$bdoc])*
                async fn $brel(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<$bnode>> {
                    let id: Option<uuid::Uuid> = self.0.$bfk.into();
                    Ok($crate::loaders::one::<entity::$btarget::Entity>(ctx, id).await?.map($bnode))
                }
            )*

            $(
                $(#[$hdoc])*
                async fn $hrel(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                    #[graphql(desc = "Page size (default and maximum from the server's configuration).")]
                    first: Option<i32>,
                ) -> async_graphql::Result<$crate::connection::Page<$hnode>> {
                    use entity::$htarget::{Column, Entity};
                    use sea_orm::{ColumnTrait, QueryFilter};
                    use $crate::context::ContextExt;
                    let (rows, more) = $crate::loaders::many::<Entity>(
                        ctx, Column::$hcol, Column::$hsort, self.0.id, first,
                    ).await?;
                    let count = ::meander_core::authz::scoped::<Entity>(ctx.viewer()?, ::meander_core::authz::Action::Read)?
                        .filter(Column::$hcol.eq(self.0.id));
                    Ok($crate::connection::page(rows, false, more, count, $hnode))
                }
            )*

            $($extra)*
        }

        #[doc = concat!("Filter on ", stringify!($module), "; the fields combine with AND.")]
        #[derive(async_graphql::InputObject, Default, Clone)]
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
            pub fn condition(&self) -> sea_orm::Condition {
                #[allow(unused_imports)]
                use entity::$module::Column;
                #[allow(unused_mut)]
                let mut c = sea_orm::Condition::all();
                $(c = $crate::filter::add(c, &self.$ff, Column::$fcol);)*
                if let Some(all) = &self.and {
                    for f in all {
                        c = c.add(f.condition());
                    }
                }
                if let Some(any) = &self.or {
                    let mut o = sea_orm::Condition::any();
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

        #[doc = concat!("Sortable (indexed) columns of ", stringify!($module), ".")]
        #[derive(async_graphql::Enum, Copy, Clone, Eq, PartialEq)]
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
        #[derive(async_graphql::InputObject, Clone, Copy)]
        pub struct $order_by {
            pub field: $order,
            #[graphql(default)]
            pub direction: $crate::filter::OrderDirection,
        }

        #[derive(Default)]
        pub struct $query;

        #[async_graphql::Object]
        impl $query {
            #[doc = concat!("One row of ", stringify!($module), " by id; null when it does not exist or is outside your scope.")]
            async fn $one(&self, ctx: &async_graphql::Context<'_>, id: uuid::Uuid) -> async_graphql::Result<Option<$node>> {
                // Through the same scoped loader as relation fields, so aliases batch too.
                Ok($crate::loaders::one::<entity::$module::Entity>(ctx, Some(id)).await?.map($node))
            }

            /// The federation entity resolver (`@key(fields: "id")`, `Query._entities`): the
            /// same scoped loader as the by-id field, so a representation outside the viewer's
            /// scope is null and those of one type in one request are one statement.
            #[graphql(entity)]
            async fn entity_by_id(&self, ctx: &async_graphql::Context<'_>, id: uuid::Uuid) -> async_graphql::Result<Option<$node>> {
                Ok($crate::loaders::one::<entity::$module::Entity>(ctx, Some(id)).await?.map($node))
            }

            #[doc = concat!("Rows of ", stringify!($module), " within your scope, as a Relay connection.")]
            #[allow(clippy::too_many_arguments)]
            async fn $many(
                &self,
                ctx: &async_graphql::Context<'_>,
                first: Option<i32>,
                after: Option<String>,
                last: Option<i32>,
                before: Option<String>,
                filter: Option<$filter>,
                order_by: Option<$order_by>,
            ) -> async_graphql::Result<$crate::connection::Page<$node>> {
                use sea_orm::QueryFilter;
                use $crate::context::ContextExt;
                let viewer = ctx.viewer()?;
                let mut select = ::meander_core::authz::scoped::<entity::$module::Entity>(viewer, ::meander_core::authz::Action::Read)?;
                if let Some(f) = &filter {
                    select = select.filter(f.condition());
                }
                let (sort, desc) = match order_by {
                    Some(o) => (o.field.column(), o.direction == $crate::filter::OrderDirection::Desc),
                    None => (entity::$module::Column::CreatedAt, false),
                };
                $crate::connection::paginate(
                    ctx, select, sort, desc,
                    $crate::connection::PageArgs { first, after, last, before },
                    $node,
                ).await
            }
        }

        entity_api!(@mutations $module, $node, [$($brel: $btarget via $bfk),*], $($mutations)? $({ $($mut)* })?);
    };

    (@mutations $module:ident, $node:ident, [$($brel:ident: $btarget:ident via $bfk:ident),*], none) => {};

    (@mutations $module:ident, $node:ident, [$($brel:ident: $btarget:ident via $bfk:ident),*], $mutation:ident {
        inputs: $create_input:ident / $update_input:ident,
        $(create: $create:ident,)? $(update: $update:ident,)? $(delete: $delete:ident,)?
        required: { $($(#[$rdoc:meta])* $rf:ident: $rt:ty),* $(,)? },
        defaulted: { $($(#[$ddoc:meta])* $df:ident: $dt:ty = $dv:expr),* $(,)? },
        optional: { $($(#[$odoc:meta])* $of:ident: $ot:ty),* $(,)? },
        fixed: { $($xf:ident: $xv:expr),* $(,)? },
        validate: { $($vf:ident: $vrule:ident($($varg:expr),*)),* $(,)? } $(,)?
    }) => {
        #[doc = concat!("A new row of ", stringify!($module), "; organization, owner, ids and timestamps come from the server.")]
        #[derive(async_graphql::InputObject)]
        pub struct $create_input {
            $($(#[$rdoc])* pub $rf: $rt,)*
            $($(#[$ddoc])* pub $df: Option<$dt>,)*
            $($(#[$odoc])* pub $of: Option<$ot>,)*
        }

        impl $create_input {
            /// The columns the client named (`write_rules` judges each).
            #[allow(dead_code, clippy::vec_init_then_push, unused_mut)]
            fn given_columns(&self) -> Vec<&'static str> {
                let mut out: Vec<&'static str> = Vec::new();
                $(out.push(stringify!($rf));)*
                $(if self.$df.is_some() { out.push(stringify!($df)); })*
                $(if self.$of.is_some() { out.push(stringify!($of)); })*
                out
            }

            #[allow(dead_code)] // tables without a create mutation still share the input shape
            #[allow(unused_variables)] // `now` is for `fixed:` values, which most tables lack
            fn into_active_model(self, now: chrono::DateTime<chrono::Utc>) -> entity::$module::ActiveModel {
                #[allow(unused_imports)]
                use sea_orm::ActiveValue::Set;
                #[allow(unused_mut)]
                let mut am = <entity::$module::ActiveModel as sea_orm::ActiveModelTrait>::default();
                $(am.$rf = Set(self.$rf);)*
                $(am.$df = Set(self.$df.unwrap_or_else(|| $dv));)*
                $(am.$of = Set(self.$of);)*
                $(am.$xf = Set($crate::model::Fixed::fixed($xv, now));)*
                am
            }
        }

        #[doc = concat!("Changes to a row of ", stringify!($module), ": omitted fields stay as they are; `null` clears an optional field.")]
        #[derive(async_graphql::InputObject)]
        pub struct $update_input {
            $($(#[$rdoc])* pub $rf: Option<$rt>,)*
            $($(#[$ddoc])* pub $df: Option<$dt>,)*
            $($(#[$odoc])* pub $of: async_graphql::MaybeUndefined<$ot>,)*
        }

        impl $update_input {
            /// The columns the client named (`write_rules` judges each).
            #[allow(dead_code, unused_mut)]
            fn given_columns(&self) -> Vec<&'static str> {
                let mut out: Vec<&'static str> = Vec::new();
                $(if self.$rf.is_some() { out.push(stringify!($rf)); })*
                $(if self.$df.is_some() { out.push(stringify!($df)); })*
                $(if !self.$of.is_undefined() { out.push(stringify!($of)); })*
                out
            }

            #[allow(dead_code)] // create-only tables share the shape
            fn apply(self, am: &mut entity::$module::ActiveModel) {
                #[allow(unused_imports)]
                use sea_orm::ActiveValue::Set;
                $(if let Some(v) = self.$rf { am.$rf = Set(v); })*
                $(if let Some(v) = self.$df { am.$df = Set(v); })*
                $(match self.$of {
                    async_graphql::MaybeUndefined::Value(v) => am.$of = Set(Some(v)),
                    async_graphql::MaybeUndefined::Null => am.$of = Set(None),
                    async_graphql::MaybeUndefined::Undefined => {}
                })*
                let _ = am;
            }
        }

        impl $node {
            /// Field rules, then every foreign key the write sets must name a row in scope.
            #[allow(dead_code)] // delete-only tables
            async fn check_input(
                txn: &sea_orm::DatabaseTransaction,
                viewer: &::meander_core::authz::Viewer,
                am: &entity::$module::ActiveModel,
            ) -> ::meander_core::error::ApiResult<()> {
                let _ = (txn, viewer);
                $(::meander_core::validation::$vrule(stringify!($vf), &am.$vf, $($varg),*)?;)*
                $(
                    if let sea_orm::ActiveValue::Set(v) = &am.$bfk {
                        let id: Option<uuid::Uuid> = (*v).into();
                        ::meander_core::authz::writes::ensure_reference::<entity::$btarget::Entity>(txn, viewer, stringify!($bfk), id).await?;
                    }
                )*
                Ok(())
            }
        }

        #[derive(Default)]
        pub struct $mutation;

        #[async_graphql::Object]
        impl $mutation {
            $(#[doc = concat!("Creates a row of ", stringify!($module), " in your organization (audited).")]
            async fn $create(&self, ctx: &async_graphql::Context<'_>, input: $create_input) -> async_graphql::Result<$node> {
                use $crate::context::ContextExt;
                // The permission first: without it, nothing about the input is worth checking.
                ::meander_core::authz::row_condition::<entity::$module::Entity>(ctx.viewer()?, ::meander_core::authz::Action::Create)?;
                let row = $crate::in_transaction!(ctx, |txn, writer| {
                    let given = input.given_columns();
                    let am = input.into_active_model(writer.now);
                    writer.check_columns::<entity::$module::Entity>(&txn, None, &am, &given).await?;
                    $node::check_input(&txn, writer.viewer, &am).await?;
                    writer.insert::<entity::$module::Entity>(&txn, am).await?
                });
                // Writes to the tables a viewer is built from (roles, grants, memberships,
                // settings) drop the cached viewers at once.
                ctx.app().viewers.after_write(stringify!($module));
                Ok($node(row))
            })?

            $(#[doc = concat!("Updates a row of ", stringify!($module), " in your scope (audited).")]
            async fn $update(&self, ctx: &async_graphql::Context<'_>, id: uuid::Uuid, input: $update_input) -> async_graphql::Result<$node> {
                use sea_orm::IntoActiveModel;
                use $crate::context::ContextExt;
                let row = $crate::in_transaction!(ctx, |txn, writer| {
                    let before = writer
                        .find_for::<entity::$module::Entity>(&txn, ::meander_core::authz::Action::Update, id)
                        .await?;
                    let given = input.given_columns();
                    let mut am = before.clone().into_active_model();
                    input.apply(&mut am);
                    writer.check_columns::<entity::$module::Entity>(&txn, Some(&before), &am, &given).await?;
                    $node::check_input(&txn, writer.viewer, &am).await?;
                    writer.update::<entity::$module::Entity>(&txn, am).await?
                });
                // Writes to the tables a viewer is built from (roles, grants, memberships,
                // settings) drop the cached viewers at once.
                ctx.app().viewers.after_write(stringify!($module));
                Ok($node(row))
            })?

            $(#[doc = concat!("Deletes a row of ", stringify!($module), " in your scope (soft delete, audited); returns the row as it was.")]
            async fn $delete(&self, ctx: &async_graphql::Context<'_>, id: uuid::Uuid) -> async_graphql::Result<$node> {
                use $crate::context::ContextExt;
                let row = $crate::in_transaction!(ctx, |txn, writer| {
                    writer.delete::<entity::$module::Entity>(&txn, id).await?
                });
                // Writes to the tables a viewer is built from (roles, grants, memberships,
                // settings) drop the cached viewers at once.
                ctx.app().viewers.after_write(stringify!($module));
                Ok($node(row))
            })?
        }
    };
}

pub mod access;
pub mod activities;
pub mod assignments;
pub mod contacts;
pub mod content;
pub mod events;
pub mod expenses;
pub mod honoraria;
pub mod identity;
pub mod peer_mentors;
pub mod preferences;
pub mod reporting;
pub mod tenancy;
pub mod training;
