//! Support access mutations for org admins (rules in `authz::support`).

use async_graphql::{Context, InputObject, Object, Result};
use uuid::Uuid;

use super::{context::ContextExt, model::access::SupportAccessGrant};
use meander_core::authz::support::{self, NewGrant};

/// A time-bounded grant letting platform support read your organization's data.
#[derive(InputObject)]
pub struct GrantSupportAccessInput {
    /// One global admin, or omit for any member of platform support.
    pub granted_to_user_id: Option<Uuid>,
    /// Why support needs access (shown in the audit log), 1-500 characters.
    pub reason: String,
    /// Support ticket reference, if any.
    pub ticket_reference: Option<String>,
    /// How long the grant lasts, 1-168 hours.
    pub hours: i32,
}

#[derive(Default)]
pub struct SupportMutation;

#[Object]
impl SupportMutation {
    /// Lets platform support read (never change) your organization's data for a while.
    /// Needs GRANT_SUPPORT_ACCESS; audited.
    async fn grant_support_access(
        &self,
        ctx: &Context<'_>,
        input: GrantSupportAccessInput,
    ) -> Result<SupportAccessGrant> {
        let row = support::grant(
            ctx.db(),
            ctx.viewer()?,
            &ctx.request().client,
            NewGrant {
                granted_to_user_id: input.granted_to_user_id,
                reason: input.reason,
                ticket_reference: input.ticket_reference,
                hours: input.hours.into(),
            },
            ctx.now(),
        )
        .await?;
        // Cached platform viewers must see the new grant now, not after the cache TTL.
        ctx.app().viewers.clear();
        Ok(SupportAccessGrant(row))
    }

    /// Ends a support grant of your organization early. Needs GRANT_SUPPORT_ACCESS; audited.
    async fn revoke_support_access(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        reason: Option<String>,
    ) -> Result<SupportAccessGrant> {
        let row = support::revoke(
            ctx.db(),
            ctx.viewer()?,
            &ctx.request().client,
            id,
            reason,
            ctx.now(),
        )
        .await?;
        ctx.app().viewers.clear();
        Ok(SupportAccessGrant(row))
    }
}
