//! `verifyAuditChain`: org admins check that their organization's audit log is intact.

use async_graphql::{Context, Object, Result, SimpleObject};

use super::context::ContextExt;
use meander_core::{audit, error::ApiError};

/// Outcome of walking the organization's audit hash chain.
#[derive(SimpleObject)]
pub struct AuditChainReport {
    /// Events in the chain.
    pub events: u64,
    /// True when every row's hash and link match.
    pub intact: bool,
    /// Sequence number of the first row that does not match (edited, removed or reordered).
    pub first_broken_sequence: Option<i64>,
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Verifies the active organization's audit chain. Needs READ_AUDIT_EVENTS (org admins).
    async fn verify_audit_chain(&self, ctx: &Context<'_>) -> Result<AuditChainReport> {
        let viewer = ctx.viewer()?;
        let Some(org) = viewer.organization_id else {
            return Err(ApiError::forbidden("an organization session is needed").into());
        };
        if !viewer.can("READ_AUDIT_EVENTS") {
            return Err(ApiError::forbidden("missing permission READ_AUDIT_EVENTS").into());
        }
        let report = audit::verify_chain(ctx.db(), Some(org))
            .await
            .map_err(ApiError::from)?;
        Ok(AuditChainReport {
            events: report.events,
            intact: report.first_broken_sequence.is_none(),
            first_broken_sequence: report.first_broken_sequence,
        })
    }
}
