//! Sign-in flows: login, refresh-token rotation with replay detection, logout and switching
//! the active organization. Every flow runs in one transaction and writes an audit event.

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, Set, TransactionTrait, sea_query::Expr,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{
    external::is_external_provider,
    jwt::TokenService,
    password::{PasswordCost, verify_password},
};
use crate::{
    audit::{self, AuditRecord, AuthEvent},
    clock::Clock,
    config::AuthSettings,
    error::{ApiError, ApiResult},
};
use entity::{
    auth_sessions, refresh_tokens, user_organization_memberships as memberships, user_roles, users,
};

/// Who is asking, for audit rows and session metadata.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub request_id: Option<String>,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TokenPair {
    pub access_token: String,
    pub access_token_expires_at: chrono::DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_token_expires_at: chrono::DateTime<Utc>,
    pub user_id: Uuid,
    pub organization_id: Option<Uuid>,
    pub session_id: Uuid,
}

pub struct Authenticator<'a> {
    pub db: &'a DatabaseConnection,
    pub tokens: &'a TokenService,
    pub settings: &'a AuthSettings,
    /// Session and refresh-token times (stored, compared with stored ones) are domain time.
    pub clock: Clock,
}

pub fn hash_refresh_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn new_refresh_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

impl Authenticator<'_> {
    fn cost(&self) -> PasswordCost {
        PasswordCost {
            memory_kib: self.settings.argon2_memory_kib,
            iterations: self.settings.argon2_iterations,
        }
    }

    /// Email + password into an organization. Unknown email, wrong password, disabled user and
    /// missing membership all answer the same `invalid credentials`.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        organization_id: Option<Uuid>,
        client: &ClientInfo,
    ) -> ApiResult<TokenPair> {
        let email = email.trim().to_lowercase();
        let user = users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .filter(users::Column::DeletedAt.is_null())
            .one(self.db)
            .await?;
        let password_ok = verify_password(
            password,
            user.as_ref().and_then(|u| u.password_hash.as_deref()),
            self.cost(),
        );
        let org = match (&user, password_ok) {
            (Some(u), true) if u.status == users::UserStatus::Active => {
                self.login_org(u.id, organization_id).await?
            }
            _ => None,
        };
        let (Some(user), Some(org)) = (user, org) else {
            // The attempted email is personal data: store only its hash.
            audit::append(
                self.db,
                AuditRecord::new(audit::Action::Auth(AuthEvent::LoginFailed))
                    .client(client)
                    .details(serde_json::json!({ "email_sha256": hash_refresh_token(&email) })),
            )
            .await?;
            return Err(ApiError::InvalidCredentials);
        };
        self.sign_in(
            user.id,
            org,
            auth_sessions::AuthProvider::Password,
            client,
            None,
        )
        .await
    }

    /// A successful sign-in: the session and its tokens, the user's last login, one audit
    /// event; in one transaction.
    async fn sign_in(
        &self,
        user: Uuid,
        org: Option<Uuid>,
        provider: auth_sessions::AuthProvider,
        client: &ClientInfo,
        details: Option<serde_json::Value>,
    ) -> ApiResult<TokenPair> {
        let txn = self.db.begin().await?;
        let pair = self
            .sign_in_txn(&txn, user, org, provider, client, details)
            .await?;
        txn.commit().await?;
        Ok(pair)
    }

    /// `sign_in` inside the caller's transaction (external sign-in links the identity in it).
    pub(super) async fn sign_in_txn(
        &self,
        txn: &DatabaseTransaction,
        user: Uuid,
        org: Option<Uuid>,
        provider: auth_sessions::AuthProvider,
        client: &ClientInfo,
        details: Option<serde_json::Value>,
    ) -> ApiResult<TokenPair> {
        let pair = self
            .open_session_with(txn, user, org, provider, client)
            .await?;
        users::Entity::update_many()
            .col_expr(users::Column::LastLoginAt, Expr::value(self.clock.now()))
            .filter(users::Column::Id.eq(user))
            .exec(txn)
            .await?;
        let mut record = AuditRecord::new(audit::Action::Auth(AuthEvent::Login))
            .organization(org)
            .actor(user)
            .entity("auth_sessions", pair.session_id)
            .client(client);
        if let Some(d) = details {
            record = record.details(d);
        }
        audit::append(txn, record).await?;
        Ok(pair)
    }

    /// Opens a session without a password, for the `token` CLI subcommand (development).
    pub async fn open_session_for(
        &self,
        user: Uuid,
        organization_id: Option<Uuid>,
    ) -> ApiResult<TokenPair> {
        let org = self
            .login_org(user, organization_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let txn = self.db.begin().await?;
        let pair = self
            .open_session(&txn, user, org, &ClientInfo::default())
            .await?;
        audit::append(
            &txn,
            AuditRecord::new(audit::Action::Auth(AuthEvent::TokenMinted))
                .organization(org)
                .actor(user)
                .entity("auth_sessions", pair.session_id),
        )
        .await?;
        txn.commit().await?;
        Ok(pair)
    }

    /// The organization the session is for: the requested one if the user is an active member,
    /// else their primary membership; a global admin without memberships gets a platform session.
    /// `Some(None)` is a platform session; `None` means the user may not sign in there.
    async fn login_org(
        &self,
        user: Uuid,
        requested: Option<Uuid>,
    ) -> ApiResult<Option<Option<Uuid>>> {
        let mut q = memberships::Entity::find()
            .filter(memberships::Column::UserId.eq(user))
            .filter(memberships::Column::Status.eq(memberships::MembershipStatus::Active))
            .filter(memberships::Column::DeletedAt.is_null());
        if let Some(org) = requested {
            q = q.filter(memberships::Column::OrganizationId.eq(org));
        }
        let rows = q.all(self.db).await?;
        if let Some(m) = rows.iter().find(|m| m.is_primary).or(rows.first()) {
            return Ok(Some(Some(m.organization_id)));
        }
        if requested.is_none() && self.is_platform_user(user).await? {
            return Ok(Some(None));
        }
        Ok(None)
    }

    async fn is_platform_user(&self, user: Uuid) -> ApiResult<bool> {
        let n = user_roles::Entity::find()
            .filter(user_roles::Column::UserId.eq(user))
            .filter(user_roles::Column::OrganizationId.is_null())
            .filter(user_roles::Column::RevokedAt.is_null())
            .filter(user_roles::Column::DeletedAt.is_null())
            .one(self.db)
            .await?;
        Ok(n.is_some())
    }

    async fn open_session<C: ConnectionTrait>(
        &self,
        db: &C,
        user: Uuid,
        org: Option<Uuid>,
        client: &ClientInfo,
    ) -> ApiResult<TokenPair> {
        self.open_session_with(db, user, org, auth_sessions::AuthProvider::Password, client)
            .await
    }

    async fn open_session_with<C: ConnectionTrait>(
        &self,
        db: &C,
        user: Uuid,
        org: Option<Uuid>,
        provider: auth_sessions::AuthProvider,
        client: &ClientInfo,
    ) -> ApiResult<TokenPair> {
        let now = self.clock.now();
        let refresh_ttl = Duration::seconds(self.settings.refresh_token_ttl_seconds as i64);
        let session_id = Uuid::now_v7();
        auth_sessions::ActiveModel {
            id: Set(session_id),
            user_id: Set(user),
            organization_id: Set(org),
            provider: Set(provider),
            device_name: Set(None),
            user_agent: Set(client.user_agent.clone()),
            ip_address: Set(client.ip_address.clone()),
            last_seen_at: Set(now),
            expires_at: Set(now + refresh_ttl),
            revoked_at: Set(None),
            revoked_reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(user)),
            updated_by_id: Set(Some(user)),
            deleted_at: Set(None),
        }
        .insert(db)
        .await?;
        self.issue_pair(db, user, org, session_id, Uuid::now_v7(), None)
            .await
    }

    async fn issue_pair<C: ConnectionTrait>(
        &self,
        db: &C,
        user: Uuid,
        org: Option<Uuid>,
        session: Uuid,
        family: Uuid,
        parent: Option<Uuid>,
    ) -> ApiResult<TokenPair> {
        let now = self.clock.now();
        let secret = new_refresh_secret();
        let refresh_expires =
            now + Duration::seconds(self.settings.refresh_token_ttl_seconds as i64);
        let token_id = Uuid::now_v7();
        refresh_tokens::ActiveModel {
            id: Set(token_id),
            user_id: Set(user),
            organization_id: Set(org),
            session_id: Set(session),
            family_id: Set(family),
            token_hash: Set(hash_refresh_token(&secret)),
            parent_id: Set(parent),
            replaced_by_id: Set(None),
            expires_at: Set(refresh_expires),
            used_at: Set(None),
            revoked_at: Set(None),
            revoked_reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            created_by_id: Set(Some(user)),
            updated_by_id: Set(Some(user)),
            deleted_at: Set(None),
        }
        .insert(db)
        .await?;
        if let Some(parent) = parent {
            refresh_tokens::Entity::update_many()
                .col_expr(refresh_tokens::Column::ReplacedById, Expr::value(token_id))
                .filter(refresh_tokens::Column::Id.eq(parent))
                .exec(db)
                .await?;
        }
        let access = self
            .tokens
            .issue(user, org, session)
            .map_err(ApiError::Internal)?;
        Ok(TokenPair {
            access_token: access.token,
            access_token_expires_at: access.expires_at,
            refresh_token: format!("{token_id}.{secret}"),
            refresh_token_expires_at: refresh_expires,
            user_id: user,
            organization_id: org,
            session_id: session,
        })
    }

    /// Rotates a refresh token. A token that was already used (or revoked) is a replay: the
    /// whole family and its session are revoked, and the caller must log in again.
    pub async fn refresh(&self, presented: &str, client: &ClientInfo) -> ApiResult<TokenPair> {
        let (id_part, secret) = presented.split_once('.').ok_or(ApiError::Unauthenticated)?;
        let id = Uuid::parse_str(id_part).map_err(|_| ApiError::Unauthenticated)?;
        let row = refresh_tokens::Entity::find_by_id(id)
            .filter(refresh_tokens::Column::TokenHash.eq(hash_refresh_token(secret)))
            .one(self.db)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        let now = self.clock.now();
        let txn = self.db.begin().await?;
        // Claim the token atomically: exactly one concurrent caller can flip used_at.
        let claimed = refresh_tokens::Entity::update_many()
            .col_expr(refresh_tokens::Column::UsedAt, Expr::value(now))
            .col_expr(refresh_tokens::Column::UpdatedAt, Expr::value(now))
            .filter(refresh_tokens::Column::Id.eq(row.id))
            .filter(refresh_tokens::Column::UsedAt.is_null())
            .filter(refresh_tokens::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if !claimed {
            txn.rollback().await?;
            self.revoke_family(&row, "refresh_token_replayed", client)
                .await?;
            return Err(ApiError::Unauthenticated);
        }
        let session = auth_sessions::Entity::find_by_id(row.session_id)
            .filter(auth_sessions::Column::RevokedAt.is_null())
            .filter(auth_sessions::Column::ExpiresAt.gt(now))
            .one(&txn)
            .await?;
        let user_active = users::Entity::find_by_id(row.user_id)
            .filter(users::Column::Status.eq(users::UserStatus::Active))
            .filter(users::Column::DeletedAt.is_null())
            .one(&txn)
            .await?
            .is_some();
        if row.expires_at <= now || session.is_none() || !user_active {
            txn.rollback().await?;
            return Err(ApiError::Unauthenticated);
        }
        let pair = self
            .issue_pair(
                &txn,
                row.user_id,
                row.organization_id,
                row.session_id,
                row.family_id,
                Some(row.id),
            )
            .await?;
        auth_sessions::Entity::update_many()
            .col_expr(auth_sessions::Column::LastSeenAt, Expr::value(now))
            .filter(auth_sessions::Column::Id.eq(row.session_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(pair)
    }

    async fn revoke_family(
        &self,
        row: &refresh_tokens::Model,
        reason: &str,
        client: &ClientInfo,
    ) -> ApiResult<()> {
        let now = self.clock.now();
        let txn = self.db.begin().await?;
        refresh_tokens::Entity::update_many()
            .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now))
            .col_expr(refresh_tokens::Column::RevokedReason, Expr::value(reason))
            .filter(refresh_tokens::Column::FamilyId.eq(row.family_id))
            .filter(refresh_tokens::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        revoke_session(&txn, row.session_id, reason, self.clock.now()).await?;
        audit::append(
            &txn,
            AuditRecord::new(audit::Action::Auth(AuthEvent::RefreshReplayed))
                .organization(row.organization_id)
                .actor(row.user_id)
                .entity("auth_sessions", row.session_id)
                .client(client)
                .details(serde_json::json!({ "family_id": row.family_id })),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn logout(
        &self,
        user: Uuid,
        org: Option<Uuid>,
        session: Uuid,
        client: &ClientInfo,
    ) -> ApiResult<()> {
        let txn = self.db.begin().await?;
        revoke_session(&txn, session, "logout", self.clock.now()).await?;
        audit::append(
            &txn,
            AuditRecord::new(audit::Action::Auth(AuthEvent::Logout))
                .organization(org)
                .actor(user)
                .entity("auth_sessions", session)
                .client(client),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Ends the current session and opens one in `target`, where the user must be an active member.
    pub async fn switch_organization(
        &self,
        user: Uuid,
        current_session: Uuid,
        target: Uuid,
        client: &ClientInfo,
    ) -> ApiResult<TokenPair> {
        // An external issuer's session stays where that issuer may sign in: the new session
        // would be a password session in any organization, platform roles included.
        let current = auth_sessions::Entity::find_by_id(current_session)
            .one(self.db)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        if is_external_provider(current.provider) {
            return Err(ApiError::ForbiddenField {
                field: "organizationId".into(),
                rule: "external_session_stays_in_its_organization".into(),
                message: "a session from an external identity provider cannot switch \
                          organization; sign in again with loginWithExternalToken(organizationId:)"
                    .into(),
            });
        }
        let member = memberships::Entity::find()
            .filter(memberships::Column::UserId.eq(user))
            .filter(memberships::Column::OrganizationId.eq(target))
            .filter(memberships::Column::Status.eq(memberships::MembershipStatus::Active))
            .filter(memberships::Column::DeletedAt.is_null())
            .one(self.db)
            .await?;
        // Not a member looks exactly like an organization that does not exist.
        if member.is_none() {
            return Err(ApiError::NotFound);
        }
        let txn = self.db.begin().await?;
        revoke_session(
            &txn,
            current_session,
            "switched_organization",
            self.clock.now(),
        )
        .await?;
        let pair = self.open_session(&txn, user, Some(target), client).await?;
        audit::append(
            &txn,
            AuditRecord::new(audit::Action::Auth(AuthEvent::SwitchOrganization))
                .organization(Some(target))
                .actor(user)
                .entity("auth_sessions", pair.session_id)
                .client(client),
        )
        .await?;
        txn.commit().await?;
        Ok(pair)
    }
}

/// Revokes a session and every refresh token issued for it.
pub async fn revoke_session<C: ConnectionTrait>(
    db: &C,
    session: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    auth_sessions::Entity::update_many()
        .col_expr(auth_sessions::Column::RevokedAt, Expr::value(now))
        .col_expr(auth_sessions::Column::RevokedReason, Expr::value(reason))
        .col_expr(auth_sessions::Column::UpdatedAt, Expr::value(now))
        .filter(auth_sessions::Column::Id.eq(session))
        .filter(auth_sessions::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now))
        .col_expr(refresh_tokens::Column::RevokedReason, Expr::value(reason))
        .filter(refresh_tokens::Column::SessionId.eq(session))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
