//! Authorization: the viewer, the permission catalog, and row scopes applied in SQL.
//! `scopes.rs` is the one table of how every entity's rows relate to a viewer.

pub mod catalog;
pub mod fields;
pub mod policy;
pub mod roles;
pub mod scopes;
pub mod viewer;
pub mod writes;

pub use policy::{Action, Secured, row_condition, scoped};
pub use viewer::{Reach, Viewer, ViewerCache};
