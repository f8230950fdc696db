//! `loginWithExternalToken`: an external identity provider's token exchanged for a session.
//!
//! The rules, in order: the token verifies (`external::ExternalIssuers::verify`: signature,
//! `iss`, `aud`, lifetime, `sub`, `email_verified: true`); the requested organization is one
//! the issuer names; the user is the one linked to (`iss`, `sub`), or, before any link, the one
//! with the token's email, if that account is not linked to another identity; the user is
//! active, holds an active membership in one of the issuer's organizations (the session opens
//! there) and is not a platform user (the global admin, or someone whose roles are all platform
//! roles). The first sign-in links (`iss`, `sub`) to the user, in the sign-in's transaction.
//!
//! Every refusal answers alike (`invalid credentials`) and is audited with its rule and reason,
//! never the token.

use sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, TransactionTrait, sea_query::Expr,
};
use uuid::Uuid;

use super::{
    external::{ExternalIdentity, ExternalIssuers, Refusal},
    session::{Authenticator, ClientInfo, TokenPair, hash_refresh_token},
};
use crate::{
    audit::{self, AuditRecord, AuthEvent},
    error::{ApiError, ApiResult},
};
use entity::{roles, user_organization_memberships as memberships, user_roles, users};

/// The system role no external issuer may sign in.
const GLOBAL_ADMIN: &str = "global_admin";

impl Authenticator<'_> {
    pub async fn login_external(
        &self,
        issuers: &ExternalIssuers,
        token: &str,
        organization_id: Option<Uuid>,
        client: &ClientInfo,
    ) -> ApiResult<TokenPair> {
        if issuers.is_empty() {
            let refusal = Refusal::new("issuer", "no external issuer configured");
            return self.refuse_external(None, None, refusal, client).await;
        }
        let identity = match issuers.verify(token.trim()).await {
            Ok(i) => i,
            Err(refusal) => return self.refuse_external(None, None, refusal, client).await,
        };
        match self.external_account(&identity, organization_id).await? {
            Ok((user, org, link)) => {
                self.external_sign_in(&identity, user, org, link, client)
                    .await
            }
            Err((user, refusal)) => {
                self.refuse_external(Some(&identity), user, refusal, client)
                    .await
            }
        }
    }

    /// The user and organization the token signs in to, and whether the identity must be
    /// linked now; or why not (with the user, when one was found).
    async fn external_account(
        &self,
        identity: &ExternalIdentity,
        requested: Option<Uuid>,
    ) -> ApiResult<Result<(Uuid, Uuid, bool), (Option<Uuid>, Refusal)>> {
        let allowed = match requested {
            Some(o) if identity.organizations.contains(&o) => vec![o],
            Some(o) => {
                return Ok(Err((
                    None,
                    Refusal::new(
                        "issuer_organization",
                        format!("the issuer may not sign in to organization {o}"),
                    ),
                )));
            }
            None => identity.organizations.clone(),
        };
        // Once linked, (iss, sub) names the user: the email may have changed, and another
        // account's email with a new subject must not take this one over.
        let linked = users::Entity::find()
            .filter(users::Column::ExternalIssuer.eq(identity.iss.as_str()))
            .filter(users::Column::ExternalSubject.eq(identity.subject.as_str()))
            .filter(users::Column::DeletedAt.is_null())
            .one(self.db)
            .await?;
        let (user, link) = match linked {
            Some(u) => (u, false),
            None => {
                let by_email = users::Entity::find()
                    .filter(users::Column::Email.eq(identity.email.as_str()))
                    .filter(users::Column::DeletedAt.is_null())
                    .one(self.db)
                    .await?;
                let Some(u) = by_email else {
                    let refusal = Refusal::new("user", "no user has the token's email");
                    return Ok(Err((None, refusal)));
                };
                if let Some(other) = &u.external_issuer {
                    let reason = if *other == identity.iss {
                        "the account is linked to another subject of this issuer"
                    } else {
                        "the account is linked to another issuer"
                    };
                    return Ok(Err((Some(u.id), Refusal::new("linked_identity", reason))));
                }
                (u, true)
            }
        };
        if user.status != users::UserStatus::Active {
            let refusal = Refusal::new("user_status", "the account is not active");
            return Ok(Err((Some(user.id), refusal)));
        }
        let rows = memberships::Entity::find()
            .filter(memberships::Column::UserId.eq(user.id))
            .filter(memberships::Column::OrganizationId.is_in(allowed))
            .filter(memberships::Column::Status.eq(memberships::MembershipStatus::Active))
            .filter(memberships::Column::DeletedAt.is_null())
            .all(self.db)
            .await?;
        let Some(org) = rows
            .iter()
            .find(|m| m.is_primary)
            .or(rows.first())
            .map(|m| m.organization_id)
        else {
            let refusal = Refusal::new(
                "membership",
                "no active membership in an organization the issuer serves",
            );
            return Ok(Err((Some(user.id), refusal)));
        };
        if let Some(refusal) = self.platform_refusal(user.id, org).await? {
            return Ok(Err((Some(user.id), refusal)));
        }
        Ok(Ok((user.id, org, link)))
    }

    /// Platform roles never come from an external issuer: the global admin is refused, and so is
    /// a user whose roles are all platform roles (the viewer drops platform roles from external
    /// sessions, so such a user would sign in to nothing they hold).
    async fn platform_refusal(&self, user: Uuid, org: Uuid) -> ApiResult<Option<Refusal>> {
        let now = self.clock.now();
        let held = user_roles::Entity::find()
            .find_also_related(roles::Entity)
            .filter(user_roles::Column::UserId.eq(user))
            .filter(user_roles::Column::RevokedAt.is_null())
            .filter(user_roles::Column::DeletedAt.is_null())
            .filter(
                Condition::any()
                    .add(user_roles::Column::ValidUntil.is_null())
                    .add(user_roles::Column::ValidUntil.gt(now)),
            )
            .filter(roles::Column::DeletedAt.is_null())
            .all(self.db)
            .await?;
        let is_platform = |ur: &user_roles::Model, r: &roles::Model| {
            ur.organization_id.is_none() || r.reach == roles::RoleReach::Platform
        };
        let mut platform = false;
        let mut in_org = false;
        for (ur, role) in &held {
            let Some(role) = role else { continue };
            if role.key == GLOBAL_ADMIN && role.is_system {
                let reason = "the global admin signs in with a password, never an external issuer";
                return Ok(Some(Refusal::new("platform_role", reason)));
            }
            if is_platform(ur, role) {
                platform = true;
            } else if ur.organization_id == Some(org) {
                in_org = true;
            }
        }
        Ok((platform && !in_org).then(|| {
            Refusal::new(
                "platform_role",
                "the user holds only platform roles, which an external issuer never grants",
            )
        }))
    }

    /// Links the identity (first sign-in) and opens the session, in one transaction.
    async fn external_sign_in(
        &self,
        identity: &ExternalIdentity,
        user: Uuid,
        org: Uuid,
        link: bool,
        client: &ClientInfo,
    ) -> ApiResult<TokenPair> {
        let txn = self.db.begin().await?;
        if link {
            let now = self.clock.now();
            // Only an unlinked account is linked: a concurrent first sign-in of another
            // subject loses here, and the unique (issuer, subject) index catches the reverse.
            let linked = users::Entity::update_many()
                .col_expr(
                    users::Column::ExternalIssuer,
                    Expr::value(identity.iss.clone()),
                )
                .col_expr(
                    users::Column::ExternalSubject,
                    Expr::value(identity.subject.clone()),
                )
                .col_expr(users::Column::ExternalLinkedAt, Expr::value(now))
                .col_expr(users::Column::UpdatedAt, Expr::value(now))
                .filter(users::Column::Id.eq(user))
                .filter(users::Column::ExternalIssuer.is_null())
                .exec(&txn)
                .await;
            if !matches!(linked, Ok(ref r) if r.rows_affected == 1) {
                txn.rollback().await?;
                let refusal =
                    Refusal::new("linked_identity", "linked concurrently to another identity");
                return self
                    .refuse_external(Some(identity), Some(user), refusal, client)
                    .await;
            }
            audit::append(
                &txn,
                AuditRecord::new(audit::Action::Auth(AuthEvent::ExternalIdentityLinked))
                    .organization(Some(org))
                    .actor(user)
                    .entity("users", user)
                    .client(client)
                    .details(serde_json::json!({
                        "issuer": identity.issuer,
                        "iss": identity.iss,
                        // The subject can be a national identity number: only its hash.
                        "subject_sha256": hash_refresh_token(&identity.subject),
                    })),
            )
            .await?;
        }
        let details = serde_json::json!({ "issuer": identity.issuer, "linked_now": link });
        let pair = self
            .sign_in_txn(
                &txn,
                user,
                Some(org),
                identity.provider,
                client,
                Some(details),
            )
            .await?;
        txn.commit().await?;
        Ok(pair)
    }

    async fn refuse_external(
        &self,
        identity: Option<&ExternalIdentity>,
        user: Option<Uuid>,
        refusal: Refusal,
        client: &ClientInfo,
    ) -> ApiResult<TokenPair> {
        audit::append(
            self.db,
            AuditRecord::new(audit::Action::Auth(AuthEvent::LoginFailed))
                .client(client)
                .details(serde_json::json!({
                    "provider": "external",
                    "issuer": identity.map(|i| i.issuer.as_str()),
                    "rule": refusal.rule,
                    "reason": refusal.reason,
                    "user_id": user,
                })),
        )
        .await?;
        Err(ApiError::InvalidCredentials)
    }
}
