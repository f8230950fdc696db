//! Assignments: encrypted dispatch from coordinators to peer mentors, dispatch states, read receipts, consents, encrypted and POA documents.
