//! Domain workflows: the validation and business rules the seeds name, as plain functions over
//! a transaction and a viewer. GraphQL resolvers in `graphql::workflows` only translate inputs
//! and outputs; every rule lives here, named after the seed's rule.

pub mod activities;
pub mod assignments;
pub mod jobs;
pub mod kernel;
pub mod messages;
pub mod notifications;
pub mod peer_mentors;
pub mod reporting;
