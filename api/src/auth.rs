//! Sign-in mutations: login, loginWithExternalToken, refreshToken, logout, switchOrganization.

use async_graphql::{Context, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::context::ContextExt;
use meander_core::{auth::session::TokenPair, error::ApiError};

#[derive(InputObject)]
pub struct LoginInput {
    /// The user's email address (case-insensitive).
    pub email: String,
    pub password: String,
    /// Organization to sign in to; defaults to the user's primary membership.
    pub organization_id: Option<Uuid>,
}

/// Tokens for a new or rotated session.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    /// Single-use token for `refreshToken`; using it twice revokes the session.
    pub refresh_token: String,
    pub refresh_token_expires_at: DateTime<Utc>,
    pub token_type: String,
    pub user_id: Uuid,
    pub organization_id: Option<Uuid>,
}

impl From<TokenPair> for AuthPayload {
    fn from(p: TokenPair) -> Self {
        Self {
            access_token: p.access_token,
            access_token_expires_at: p.access_token_expires_at,
            refresh_token: p.refresh_token,
            refresh_token_expires_at: p.refresh_token_expires_at,
            token_type: "Bearer".into(),
            user_id: p.user_id,
            organization_id: p.organization_id,
        }
    }
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Signs in with email and password. Unknown users and wrong passwords answer alike.
    async fn login(&self, ctx: &Context<'_>, input: LoginInput) -> Result<AuthPayload> {
        let app = ctx.app();
        let pair = app
            .authenticator()
            .login(
                &input.email,
                &input.password,
                input.organization_id,
                &ctx.request().client,
            )
            .await?;
        Ok(pair.into())
    }

    /// Signs in with a token from a configured external identity provider (BankID, Vipps, the
    /// organization's IdP): its signature, issuer, audience and lifetime are verified; the
    /// session opens in an organization the issuer serves where the user is a member, never
    /// with platform roles. The first sign-in (with `email_verified: true`) finds the user by
    /// email and links the token's issuer and subject to them; later ones match that link.
    /// Refusals answer alike.
    async fn login_with_external_token(
        &self,
        ctx: &Context<'_>,
        token: String,
        organization_id: Option<Uuid>,
    ) -> Result<AuthPayload> {
        let app = ctx.app();
        let pair = app
            .authenticator()
            .login_external(
                &app.external_issuers,
                &token,
                organization_id,
                &ctx.request().client,
            )
            .await?;
        Ok(pair.into())
    }

    /// Exchanges a refresh token for a new pair. Replaying a used token revokes its family.
    async fn refresh_token(&self, ctx: &Context<'_>, token: String) -> Result<AuthPayload> {
        let app = ctx.app();
        let result = app
            .authenticator()
            .refresh(&token, &ctx.request().client)
            .await;
        if let Err(ApiError::Unauthenticated) = &result {
            // A replay revoked a session somewhere: drop cached viewers so it stops at once.
            app.viewers.clear();
        }
        Ok(result?.into())
    }

    /// Ends the current session; its access and refresh tokens stop working.
    async fn logout(&self, ctx: &Context<'_>) -> Result<bool> {
        let viewer = ctx.viewer()?.clone();
        let app = ctx.app();
        app.authenticator()
            .logout(
                viewer.user_id,
                viewer.organization_id,
                viewer.session_id,
                &ctx.request().client,
            )
            .await?;
        app.viewers.evict_session(viewer.session_id);
        Ok(true)
    }

    /// Moves to another organization the user is an active member of (new session and tokens).
    /// A session from an external identity provider stays in its organization (FORBIDDEN).
    async fn switch_organization(
        &self,
        ctx: &Context<'_>,
        organization_id: Uuid,
    ) -> Result<AuthPayload> {
        let viewer = ctx.viewer()?.clone();
        let app = ctx.app();
        let pair = app
            .authenticator()
            .switch_organization(
                viewer.user_id,
                viewer.session_id,
                organization_id,
                &ctx.request().client,
            )
            .await?;
        app.viewers.evict_session(viewer.session_id);
        Ok(pair.into())
    }
}
