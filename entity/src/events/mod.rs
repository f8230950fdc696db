//! Events and workshops: group activities with sign-up, workshop sessions, participants, notes and tasks.

pub mod event_participants;
pub mod events;
pub mod workshop_notes;
pub mod workshop_participants;
pub mod workshop_sessions;
pub mod workshop_tasks;
