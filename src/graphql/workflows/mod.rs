//! GraphQL operations of the domain workflows (rules in `crate::workflows`).

pub mod activities;
pub mod assignments;
pub mod peer_mentors;
pub mod reporting;
