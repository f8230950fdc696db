//! Authorization: the viewer, the permission catalog, and row scopes applied in SQL.
//! `scopes/` declares, per table, how its rows relate to a viewer and what writes may change
//! (`write_rules`); `writes` is the write path.

pub mod catalog;
pub mod features;
pub mod fields;
pub mod policy;
pub mod roles;
pub mod scopes;
pub mod support;
pub mod viewer;
pub mod write_rules;
pub mod writes;
mod writes_claims;
mod writes_limits;
pub mod writes_system;

pub use policy::{Action, Secured, row_condition, scoped};
pub use viewer::{Reach, Viewer, ViewerCache};
