//! GraphQL operations of the encrypted-assignment workflow; the rules live in
//! `meander_core::workflows::assignments`. Each mutation runs in one transaction: nothing is
//! half-written when a rule rejects the input.
//!
//! Mutations: `dispatchAssignment`, `dispatchDraftAssignment`, `confirmAssignmentDelivered`,
//! `openAssignment`, `acceptAssignment`, `declineAssignment`, `completeAssignment`,
//! `cancelAssignment`.

use async_graphql::{Context, InputObject, Object, Result, SimpleObject};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::model::{
    assignments::{Assignment, AssignmentConsent, AssignmentDispatch, AssignmentReadReceipt},
    honoraria::AssignmentHonorariumRecord,
};
use meander_core::workflows::assignments::{
    self as flow, Channel, Decision, NewAssignment, Priority,
};

/// A new assignment, dispatched at once.
#[derive(InputObject)]
pub struct DispatchAssignmentInput {
    /// Local association handling the assignment (one of yours, unless you are an org admin).
    pub local_association_id: Uuid,
    /// Recipient: an active peer mentor of that local association whose profile accepts
    /// encrypted assignments (rule `encrypted_assignment_consent_gate`; paused mentors are
    /// refused with `paused_mentor_hidden_from_assignment_matching`).
    pub peer_mentor_id: Uuid,
    /// The contact the assignment concerns, when registered and in your scope.
    pub contact_id: Option<Uuid>,
    /// Non-identifying title (never personal data), at most 200 characters.
    pub title: String,
    /// The payload encrypted on the client to the recipient's key, base64. The server never
    /// sees the plaintext.
    pub ciphertext: String,
    /// Reference of the recipient key the payload was encrypted to (never key material).
    pub key_reference: String,
    /// Encryption scheme, e.g. x25519-xsalsa20-poly1305.
    pub encryption_scheme: String,
    /// How urgent the assignment is (default normal).
    pub priority: Option<Priority>,
    /// Date the assignment should be carried out by.
    pub due_date: Option<NaiveDate>,
    /// Channel of the dispatch notice (default push; the payload never travels in it).
    pub channel: Option<Channel>,
}

/// An assignment after a status change, with the trail row the change appended.
#[derive(SimpleObject)]
pub struct AssignmentTransitionPayload {
    pub assignment: Assignment,
    /// The `assignment_dispatches` row of this change (null when nothing changed, e.g. a
    /// repeated delivery confirmation).
    pub dispatch: Option<AssignmentDispatch>,
}

impl From<flow::Transitioned> for AssignmentTransitionPayload {
    fn from(t: flow::Transitioned) -> Self {
        Self {
            assignment: Assignment(t.assignment),
            dispatch: t.dispatch.map(AssignmentDispatch),
        }
    }
}

/// The opened assignment: its payload for the recipient to decrypt on the device.
#[derive(SimpleObject)]
pub struct OpenedAssignmentPayload {
    pub assignment: Assignment,
    /// The base64 ciphertext.
    pub ciphertext: String,
    /// Reference of the key the payload was encrypted to.
    pub key_reference: String,
    /// Encryption scheme of the payload.
    pub encryption_scheme: String,
    /// Your read receipt (written by your first open; later opens return the same one).
    pub read_receipt: AssignmentReadReceipt,
    /// Whether this open was the first (it wrote the receipt).
    pub first_open: bool,
}

/// The mentor's answer to an assignment.
#[derive(SimpleObject)]
pub struct AssignmentResponsePayload {
    pub assignment: Assignment,
    /// The `assignment_consents` row of the answer.
    pub consent: AssignmentConsent,
}

/// A completed assignment and what it did to the mentor's counter.
#[derive(SimpleObject)]
pub struct CompletedAssignmentPayload {
    pub assignment: Assignment,
    /// The mentor's completed-assignment count in the current period after this completion
    /// (null when the mentor has no peer mentor profile in the organization).
    pub assignment_count_current_period: Option<i32>,
    /// One record per honorarium threshold this completion crossed (rule
    /// `assignment_threshold_honorar`; empty when none).
    pub honorarium_records: Vec<AssignmentHonorariumRecord>,
}

/// Mutations of the encrypted-assignment workflow.
#[derive(Default)]
pub struct AssignmentWorkflowMutation;

#[Object]
impl AssignmentWorkflowMutation {
    /// Creates an encrypted assignment and dispatches it to a peer mentor (DISPATCH_ASSIGNMENTS).
    /// Appends the first `assignment_dispatches` row and notifies the mentor (title only).
    async fn dispatch_assignment(
        &self,
        ctx: &Context<'_>,
        input: DispatchAssignmentInput,
    ) -> Result<AssignmentTransitionPayload> {
        let channel = input.channel.unwrap_or(Channel::Push);
        let new = NewAssignment {
            local_association_id: input.local_association_id,
            peer_mentor_id: input.peer_mentor_id,
            contact_id: input.contact_id,
            title: input.title,
            ciphertext: input.ciphertext,
            key_reference: input.key_reference,
            encryption_scheme: input.encryption_scheme,
            priority: input.priority.unwrap_or(Priority::Normal),
            due_date: input.due_date,
        };
        let out = crate::in_transaction!(ctx, |txn, writer| {
            flow::dispatch_new(&txn, &writer, new, channel, writer.now).await?
        });
        Ok(out.into())
    }

    /// Dispatches a draft assignment of your scope (DISPATCH_ASSIGNMENTS); the recipient gate is
    /// checked now.
    async fn dispatch_draft_assignment(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        #[graphql(desc = "Channel of the dispatch notice (default push).")] channel: Option<
            Channel,
        >,
    ) -> Result<AssignmentTransitionPayload> {
        let channel = channel.unwrap_or(Channel::Push);
        let out = crate::in_transaction!(ctx, |txn, writer| {
            flow::dispatch_draft(&txn, &writer, id, channel, writer.now).await?
        });
        Ok(out.into())
    }

    /// The recipient's device confirms it received the assignment (dispatched -> delivered;
    /// a repeat changes nothing).
    async fn confirm_assignment_delivered(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> Result<AssignmentTransitionPayload> {
        let out = crate::in_transaction!(ctx, |txn, writer| {
            flow::confirm_delivered(&txn, &writer, id, writer.now).await?
        });
        Ok(out.into())
    }

    /// Returns the encrypted payload to the recipient peer mentor, only while their profile
    /// accepts encrypted assignments (FORBIDDEN otherwise). The first open writes exactly one
    /// read receipt (also under concurrent opens) and moves the assignment to `read`.
    async fn open_assignment(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        #[graphql(
            desc = "Platform of the device, e.g. ios, android, web (at most 50 characters)."
        )]
        device_platform: Option<String>,
    ) -> Result<OpenedAssignmentPayload> {
        let out = crate::in_transaction!(ctx, |txn, writer| {
            flow::open(&txn, &writer, id, device_platform, writer.now).await?
        });
        Ok(OpenedAssignmentPayload {
            ciphertext: out.assignment.ciphertext.clone(),
            key_reference: out.assignment.key_reference.clone(),
            encryption_scheme: out.assignment.encryption_scheme.clone(),
            assignment: Assignment(out.assignment),
            read_receipt: AssignmentReadReceipt(out.receipt),
            first_open: out.first_open,
        })
    }

    /// The recipient accepts an assignment they have opened, consenting to handle its data
    /// under the given consent text version.
    async fn accept_assignment(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        #[graphql(desc = "Version of the consent text you agreed to (e.g. \"2025-01\").")]
        consent_text_version: String,
    ) -> Result<AssignmentResponsePayload> {
        let out = crate::in_transaction!(ctx, |txn, writer| {
            flow::respond(
                &txn,
                &writer,
                id,
                Decision::Accepted,
                consent_text_version,
                None,
                writer.now,
            )
            .await?
        });
        Ok(AssignmentResponsePayload {
            assignment: Assignment(out.assignment),
            consent: AssignmentConsent(out.consent),
        })
    }

    /// The recipient declines an assignment (before accepting it).
    async fn decline_assignment(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        #[graphql(desc = "Version of the consent text shown to you.")] consent_text_version: String,
        #[graphql(desc = "Why (at most 500 characters; never personal data of the contact).")]
        reason: Option<String>,
    ) -> Result<AssignmentResponsePayload> {
        let out = crate::in_transaction!(ctx, |txn, writer| {
            flow::respond(
                &txn,
                &writer,
                id,
                Decision::Declined,
                consent_text_version,
                reason,
                writer.now,
            )
            .await?
        });
        Ok(AssignmentResponsePayload {
            assignment: Assignment(out.assignment),
            consent: AssignmentConsent(out.consent),
        })
    }

    /// Completes an accepted assignment (the recipient, or a coordinator/org admin with the
    /// assignment in scope). Counts once toward the mentor's assignment counter and honorarium
    /// thresholds.
    async fn complete_assignment(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
    ) -> Result<CompletedAssignmentPayload> {
        let out = crate::in_transaction!(ctx, |txn, writer| {
            flow::complete(&txn, &writer, id, writer.now).await?
        });
        Ok(CompletedAssignmentPayload {
            assignment: Assignment(out.assignment),
            assignment_count_current_period: out.assignment_count,
            honorarium_records: out
                .honorarium_records
                .into_iter()
                .map(AssignmentHonorariumRecord)
                .collect(),
        })
    }

    /// Withdraws an assignment that is not finished yet (DISPATCH_ASSIGNMENTS, in scope).
    async fn cancel_assignment(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        #[graphql(desc = "Why (at most 500 characters; never personal data).")] reason: Option<
            String,
        >,
    ) -> Result<AssignmentTransitionPayload> {
        let out = crate::in_transaction!(ctx, |txn, writer| {
            flow::cancel(&txn, &writer, id, reason, writer.now).await?
        });
        Ok(out.into())
    }
}
