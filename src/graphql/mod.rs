//! The GraphQL schema: queries, mutations, and the SDL export kept in `schema.graphql`.

pub mod audit;
pub mod auth;
pub mod connection;
pub mod context;
pub mod filter;
pub mod loaders;
pub mod model;
pub mod roles;
pub mod viewer;

use async_graphql::{EmptySubscription, MergedObject, Schema};

/// Root query type: every query field of the gateway.
#[derive(MergedObject, Default)]
pub struct Query(
    viewer::ViewerQuery,
    audit::AuditQuery,
    model::tenancy::TenancyQuery,
    model::identity::IdentityQuery,
    model::preferences::PreferencesQuery,
);

/// Root mutation type.
#[derive(MergedObject, Default)]
pub struct Mutation(
    auth::AuthMutation,
    roles::RolesMutation,
    model::tenancy::TenancyMutation,
    model::identity::IdentityMutation,
    model::preferences::PreferencesMutation,
);

pub type AppSchema = Schema<Query, Mutation, EmptySubscription>;

/// Builds the schema; per-request data (viewer, loaders) is added to each request.
pub fn build_schema(introspection: bool) -> AppSchema {
    let builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription);
    let builder = if introspection {
        builder
    } else {
        builder.disable_introspection()
    };
    builder.finish()
}

/// The SDL as committed in `schema.graphql`.
pub fn sdl() -> String {
    build_schema(true).sdl()
}
