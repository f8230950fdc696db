//! Contacts: people receiving support, their notes, caregivers and relatives, personal notes, home visit reports, conversation cards.

pub mod caregivers;
pub mod contact_notes;
pub mod contact_relatives;
pub mod contacts;
pub mod conversation_cards;
pub mod home_visit_reports;
pub mod personal_notes;
pub mod relatives;

// The `contacts` table module shares its name with this domain module, which the crate-root glob
// re-export cannot shadow; re-export the table's items so `entity::contacts::Entity` (and
// `crate::contacts::Entity` in relations) name the table, as for every other table.
pub use self::contacts::{
    ActiveModel, Column, ContactPreferredChannel, ContactStatus, Entity, Model, PrimaryKey,
    Relation,
};
