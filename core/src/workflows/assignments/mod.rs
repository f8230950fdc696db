//! Encrypted assignments (issue 5): a coordinator dispatches an assignment whose payload the
//! client encrypted to the recipient mentor's key (the server stores ciphertext and a key
//! reference, never plaintext); the recipient confirms delivery, opens it (first open = one read
//! receipt), accepts or declines it, and completes it; the coordinator may cancel it.
//!
//! Status machine (rule `assignment_status_transition`):
//!
//! ```text
//! draft -> dispatched -> delivered -> read -> accepted -> completed
//!            |  \___________|_________/ \
//!            |              |            `-> declined            (dispatched|delivered|read)
//!            `--------------+---- cancelled (coordinator: draft|dispatched|delivered|read|accepted)
//! ```
//!
//! - Dispatch (`dispatch_new`, `dispatch_draft`): DISPATCH_ASSIGNMENTS; the local association
//!   must be in the dispatcher's scope, and the recipient a mentor of that local association
//!   (`recipient_in_local_association`) whose profile passes seed 002's
//!   `encrypted_assignment_consent_gate` and `paused_mentor_hidden_from_assignment_matching`
//!   (`peer_mentors::ensure_can_receive_encrypted_assignment`). The mentor gets a notification
//!   (title only, never payload).
//! - Every status change is a claim (`Writer::claim_move`: `UPDATE ... WHERE status IN
//!   (<allowed from>)`, judged by the assignments' state machine): of two concurrent changes
//!   exactly one wins, the other is refused with `assignment_status_transition`. Every change
//!   appends one `assignment_dispatches` row.
//! - `open`: only the recipient, only while their profile accepts encrypted assignments (the
//!   AUTHZ field rule; FORBIDDEN otherwise). The first open writes exactly one
//!   `assignment_read_receipts` row (`Writer::record` keeping an existing row on the unique
//!   index), so concurrent opens still produce one receipt.
//! - `respond`: accept (after reading) or decline, one `assignment_consents` row per answer.
//! - `complete`: the recipient or a dispatcher in scope; counts once (the claim) toward the
//!   mentor's counter and honorarium thresholds through
//!   `peer_mentors::count_completed_assignment`.
//!
//! Each operation first takes the assignment's row lock (`Writer::lock_row`): PostgreSQL then
//! serializes changes of one assignment, and SQLite starts the transaction as a writer (a
//! deferred transaction that read first and writes second can fail with SQLITE_BUSY under
//! concurrency). Correctness does not depend on it: the claims and the unique index decide.
//!
//! Writes all go through the `Writer`: the new assignment and the consent through
//! `Writer::insert` (tenant, scope, audit); status changes through `Writer::claim_move`; trail
//! rows and read receipts, which the acting user holds no CREATE permission for, through
//! `Writer::record`, after the row was loaded through `authz::scoped`/`Writer::find_for`. Each
//! is appended to the audit chain with the actor and request.

//!
//! Layout: this file holds the shared vocabulary (inputs, results, limits); `rules` the field
//! rules; `trail` the recipient checks, the dispatch trail, one status move and the notice;
//! `dispatch` the coordinator's operations; `recipient` the mentor's.

mod dispatch;
mod recipient;
mod rules;
mod trail;

pub use dispatch::*;
pub use recipient::*;
use rules::*;
pub use trail::*;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Value,
};
use serde_json::json;
use uuid::Uuid;

use super::notifications::{Notice, Scenario, Trigger, notify};
use super::peer_mentors::{self as lifecycle};
use crate::{
    authz::{Action, Viewer, scoped, writes::Writer, writes::ensure_reference},
    error::{ApiError, ApiResult},
    validation,
};
use entity::assignments as assignments_table;
use entity::{
    assignment_consents as consents, assignment_dispatches as dispatches,
    assignment_honorarium_records as honorarium_records, assignment_read_receipts as receipts,
    local_associations, notifications, peer_mentor_profiles as profiles,
    user_organization_memberships as memberships, users,
};

pub use consents::AssignmentConsentDecision as Decision;
pub use dispatches::AssignmentDispatchChannel as Channel;
pub use entity::assignments::{AssignmentPriority as Priority, AssignmentStatus as Status};

/// The permission to dispatch, cancel and (for others) complete assignments.
pub const DISPATCH_ASSIGNMENTS: &str = "DISPATCH_ASSIGNMENTS";
/// Longest `title` (never personal data).
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest base64 ciphertext accepted inline.
pub const CIPHERTEXT_MAX_CHARS: usize = 1_000_000;
/// Longest key reference.
pub const KEY_REFERENCE_MAX_CHARS: usize = 200;
/// Longest encryption scheme name.
pub const SCHEME_MAX_CHARS: usize = 100;
/// Longest cancellation or decline reason.
pub const REASON_MAX_CHARS: usize = 500;
/// Longest consent text version.
pub const CONSENT_VERSION_MAX_CHARS: usize = 50;
/// Longest device platform name on a read receipt.
pub const DEVICE_PLATFORM_MAX_CHARS: usize = 50;

const RULE_TRANSITION: &str = "assignment_status_transition";

/// A new assignment to dispatch at once.
#[derive(Debug, Clone)]
pub struct NewAssignment {
    pub local_association_id: Uuid,
    pub peer_mentor_id: Uuid,
    pub contact_id: Option<Uuid>,
    pub title: String,
    /// Base64 ciphertext encrypted on the client to the recipient's key.
    pub ciphertext: String,
    pub key_reference: String,
    pub encryption_scheme: String,
    pub priority: Priority,
    pub due_date: Option<NaiveDate>,
}

/// An assignment after a status change, with the trail row the change appended.
#[derive(Debug, Clone)]
pub struct Transitioned {
    pub assignment: assignments_table::Model,
    /// None when nothing changed (an idempotent repeat, e.g. a second delivery confirmation).
    pub dispatch: Option<dispatches::Model>,
}

/// What the recipient gets from `open`.
#[derive(Debug, Clone)]
pub struct Opened {
    pub assignment: assignments_table::Model,
    pub receipt: receipts::Model,
    /// Whether this call wrote the receipt (false: it existed already).
    pub first_open: bool,
}

/// A mentor's answer with the assignment after it.
#[derive(Debug, Clone)]
pub struct Responded {
    pub assignment: assignments_table::Model,
    pub consent: consents::Model,
}

/// A completed assignment and what it did to the mentor's counter.
#[derive(Debug, Clone)]
pub struct Completed {
    pub assignment: assignments_table::Model,
    /// The mentor's `assignment_count_current_period` after counting (None: no live profile).
    pub assignment_count: Option<i32>,
    /// Honorarium thresholds this completion crossed (`assignment_threshold_honorar`).
    pub honorarium_records: Vec<honorarium_records::Model>,
}
