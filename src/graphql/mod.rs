//! The GraphQL schema: queries, mutations, and the SDL export kept in `schema.graphql`.

pub mod audit;
pub mod auth;
pub mod connection;
pub mod context;
pub mod entities;
pub mod filter;
pub mod loaders;
pub mod roles;
pub mod types;
pub mod viewer;

use async_graphql::{EmptySubscription, MergedObject, Schema};

/// Root query type: every query field of the gateway.
#[derive(MergedObject, Default)]
pub struct Query(
    viewer::ViewerQuery,
    audit::AuditQuery,
    entities::OrganizationsQuery,
    entities::LocalAssociationsQuery,
    entities::UsersQuery,
);

/// Root mutation type.
#[derive(MergedObject, Default)]
pub struct Mutation(auth::AuthMutation, roles::RolesMutation);

pub type AppSchema = Schema<Query, Mutation, EmptySubscription>;

/// Builds the schema; per-request data (viewer, loaders) is added to each request.
/// Without introspection, "did you mean" suggestions are off too: they would leak the schema.
/// Query limits are enforced by the HTTP layer before this schema sees a request
/// (`app::limits`): the built-in limits ignore page sizes and cannot name the limit.
pub fn build_schema(introspection: bool) -> AppSchema {
    let builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription);
    let builder = if introspection {
        builder
    } else {
        builder.disable_introspection().disable_suggestions()
    };
    builder.finish()
}

/// The SDL as committed in `schema.graphql`.
pub fn sdl() -> String {
    build_schema(true).sdl()
}
