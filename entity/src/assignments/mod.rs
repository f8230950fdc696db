//! Assignments: encrypted dispatch from coordinators to peer mentors, dispatch states, read receipts, consents, encrypted and POA documents.

pub mod assignment_consents;
pub mod assignment_dispatches;
pub mod assignment_read_receipts;
pub mod assignments;
pub mod encrypted_documents;
pub mod poa_documents;

// The `assignments` table module shares its name with this domain module, which the crate-root glob
// re-export cannot shadow; re-export the table's items so `entity::assignments::Entity` (and
// `crate::assignments::Entity` in relations) name the table, as for every other table.
pub use self::assignments::{
    ActiveModel, AssignmentPriority, AssignmentStatus, Column, Entity, Model, PrimaryKey, Relation,
};
