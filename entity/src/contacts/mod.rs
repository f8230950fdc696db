//! Contacts: people receiving support, their notes, caregivers and relatives, personal notes, home visit reports, conversation cards.

pub mod caregivers;
pub mod contact_notes;
pub mod contact_relatives;
#[allow(clippy::module_inception)] // module name = table name (see below)
pub mod contacts;
pub mod conversation_cards;
pub mod home_visit_reports;
pub mod personal_notes;
pub mod relatives;
