//! The GraphQL schema: queries, mutations, the `notificationAdded` subscription
//! (`subscription`), and the SDL export kept in `schema.graphql`.

pub mod audit;
pub mod auth;
pub mod connection;
pub mod context;
pub mod federation;
pub mod filter;
pub mod loaders;
pub mod model;
pub mod roles;
pub mod spec;
pub mod subscription;
pub mod support;
pub mod viewer;
pub mod workflows;

use async_graphql::{MergedObject, Schema, futures_util};

/// Root query type: every query field of the gateway.
#[derive(MergedObject, Default)]
pub struct Query(
    viewer::ViewerQuery,
    audit::AuditQuery,
    model::tenancy::TenancyQuery,
    model::identity::IdentityQuery,
    model::preferences::PreferencesQuery,
    model::access::AccessQuery,
    model::content::ContentQuery,
    model::contacts::ContactsDomainQuery,
    model::assignments::AssignmentsDomainQuery,
    workflows::peer_mentors::PeerMentorLifecycleQuery,
    workflows::reporting::ReportingWorkflowQuery,
    workflows::activities::ActivityWorkflowQuery,
    model::training::TrainingQuery,
    model::peer_mentors::PeerMentorsQuery,
    model::events::EventsQuery,
    model::reporting::ReportingQuery,
    model::activities::ActivitiesDomainQuery,
    model::expenses::ExpensesQuery,
);

/// Root mutation type.
#[derive(MergedObject, Default)]
pub struct Mutation(
    auth::AuthMutation,
    roles::RolesMutation,
    support::SupportMutation,
    model::tenancy::TenancyMutation,
    model::identity::IdentityMutation,
    model::preferences::PreferencesMutation,
    model::access::AccessMutation,
    model::content::ContentMutation,
    model::contacts::ContactsDomainMutation,
    model::assignments::AssignmentsDomainMutation,
    workflows::peer_mentors::PeerMentorLifecycleMutation,
    workflows::assignments::AssignmentWorkflowMutation,
    workflows::reporting::ReportingWorkflowMutation,
    workflows::activities::ActivityWorkflowMutation,
    model::training::TrainingMutation,
    model::peer_mentors::PeerMentorsMutation,
    model::events::EventsMutation,
    model::reporting::ReportingMutation,
    model::activities::ActivitiesDomainMutation,
    model::expenses::ExpensesMutation,
);

pub type AppSchema = Schema<Query, Mutation, subscription::Subscription>;

/// Builds the schema; per-request data (viewer, loaders) is added to each request.
/// Without introspection, "did you mean" suggestions are off too: they would leak the schema.
/// Query limits are enforced by the HTTP layer before this schema sees a request
/// (`app::limits`): the built-in limits ignore page sizes and cannot name the limit.
pub fn build_schema(introspection: bool) -> AppSchema {
    let builder = Schema::build(
        Query::default(),
        Mutation::default(),
        subscription::Subscription,
    );
    // An Apollo Federation v2 subgraph: every `entity_api!` type carries `@key(fields: "id")`
    // and `Query._entities` / `Query._service` exist (README, *Federation*).
    let builder = builder.extension(spec::Conformance).enable_federation();
    let builder = if introspection {
        builder
    } else {
        builder.disable_introspection().disable_suggestions()
    };
    builder.finish()
}

// The ways into the schema, as plain (non-generic) functions returning boxed futures and
// streams. `Schema::execute` is generic over the root types: a caller in another crate would
// instantiate the whole resolver tree there and compile it again (a release build shares no
// generic instances between crates). Through these, it is compiled once, in this crate, and the
// caller sees only a `dyn Future` (one allocation per operation).

/// Runs one query or mutation.
pub fn execute(
    schema: &AppSchema,
    request: async_graphql::Request,
) -> futures_util::future::BoxFuture<'_, async_graphql::Response> {
    Box::pin(schema.execute(request))
}

/// Runs a subscription (or any operation) as a stream of responses, with the connection's data.
pub fn execute_stream(
    schema: &AppSchema,
    request: async_graphql::Request,
    session_data: std::sync::Arc<async_graphql::Data>,
) -> futures_util::stream::BoxStream<'static, async_graphql::Response> {
    use futures_util::StreamExt;
    schema
        .execute_stream_with_session_data(request, session_data)
        .boxed()
}

/// The SDL of a built schema (non-generic, like `execute`).
pub fn sdl_of(schema: &AppSchema) -> String {
    schema.sdl()
}

/// The SDL as committed in `schema.graphql`.
pub fn sdl() -> String {
    sdl_of(&build_schema(true))
}

/// The subgraph SDL for Apollo Federation composition, as `Query._service { sdl }` answers it
/// (with `@key` directives and the `@link` to the federation spec; no subscriptions).
pub fn federation_sdl() -> String {
    build_schema(true).sdl_with_options(
        async_graphql::SDLExportOptions::new()
            .federation()
            .compose_directive(),
    )
}
