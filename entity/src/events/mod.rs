//! Events and workshops: group activities with sign-up, workshop sessions, participants, notes and tasks.

pub mod event_participants;
pub mod events;
pub mod workshop_notes;
pub mod workshop_participants;
pub mod workshop_sessions;
pub mod workshop_tasks;

// The `events` table module shares its name with this domain module, which the crate-root glob
// re-export cannot shadow; re-export the table's items so `crate::events::Entity` names the table.
pub use self::events::{
    ActiveModel, Column, Entity, EventKind, EventStatus, Model, PrimaryKey, Relation,
};
