//! Events and workshops: group activities with sign-up, workshop sessions, participants, notes and tasks.
