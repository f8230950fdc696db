//! Assignments: encrypted dispatch from coordinators to peer mentors, dispatch states, read receipts, consents, encrypted and POA documents.

pub mod assignment_consents;
pub mod assignment_dispatches;
pub mod assignment_read_receipts;
#[allow(clippy::module_inception)] // module name = table name (see below)
pub mod assignments;
pub mod encrypted_documents;
pub mod poa_documents;
