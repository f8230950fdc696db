//! External identity providers (BankID, Vipps, an organization's own IdP): their ID/access
//! tokens are exchanged for a gateway session (`loginWithExternalToken`), so every request
//! afterwards carries the gateway's own token, with its revocable session and cached viewer.
//!
//! Each issuer is configured under `[[auth.external_issuers]]`: its `iss` and `aud`, one pinned
//! algorithm, its public keys from a PEM file, a JWKS file or the issuer's JWKS URL (keys chosen
//! by the token's `kid`; fetched and refreshed by `auth::jwks`), and the organizations it may
//! sign users in to. Of the token, only `sub` and a verified email
//! are used: the email finds the user on the first sign-in, (`iss`, `sub`) afterwards (see
//! `session::Authenticator::login_external`).

use std::{str::FromStr, sync::Arc, time::Duration};

use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header, jwk::JwkSet};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Map, Value};

use super::jwks::{Freshness, KeySet, Need, RemoteKeys, key_set};
use crate::config::{AuthSettings, ExternalIssuerSettings};
use entity::auth_sessions::AuthProvider;
use uuid::Uuid;

/// Who an accepted external token says the caller is.
#[derive(Debug, Clone)]
pub struct ExternalIdentity {
    /// The configured issuer's name (for logs and the audit trail).
    pub issuer: String,
    /// The token's `iss`: with `subject`, the identity a user is linked to.
    pub iss: String,
    /// The token's `sub`.
    pub subject: String,
    pub provider: AuthProvider,
    /// Lower-cased email from the configured claim, verified by the issuer.
    pub email: String,
    /// The organizations the issuer may sign users in to (never empty).
    pub organizations: Vec<Uuid>,
}

/// Why a token or its sign-in was refused: `rule` names the rule (kept in the audit trail);
/// `reason` says what was wrong. The caller is told neither (refusals answer alike).
#[derive(Debug, Clone)]
pub struct Refusal {
    pub rule: &'static str,
    pub reason: String,
}

impl Refusal {
    pub fn new(rule: &'static str, reason: impl Into<String>) -> Self {
        Self {
            rule,
            reason: reason.into(),
        }
    }
}

/// Sessions opened by an external issuer's token (never carry platform reach, stay in the
/// organization they were opened in).
pub fn is_external_provider(provider: AuthProvider) -> bool {
    !matches!(provider, AuthProvider::Password)
}

enum Keys {
    Single(DecodingKey),
    /// JWKS keys by `kid`.
    ById(KeySet),
    /// Fetched from the issuer's `jwks_url`.
    Remote(Arc<RemoteKeys>),
}

/// The key of `keys` the token's `kid` names (the only key, when the token names none).
fn pick<'k>(keys: &'k KeySet, kid: Option<&str>) -> Option<&'k DecodingKey> {
    match kid {
        Some(kid) => keys.get(kid),
        None if keys.len() == 1 => keys.values().next(),
        None => None,
    }
}

struct Issuer {
    name: String,
    provider: AuthProvider,
    algorithm: Algorithm,
    keys: Keys,
    validation: Validation,
    iss: String,
    email_claim: String,
    organizations: Vec<Uuid>,
}

/// The configured external issuers (empty: external login is off).
#[derive(Default)]
pub struct ExternalIssuers {
    issuers: Vec<Issuer>,
}

impl ExternalIssuers {
    /// The issuers of `auth.external_issuers`. Keys behind a `jwks_url` are first fetched in
    /// the background when a Tokio runtime runs this (start-up does not wait for an issuer
    /// that is down), or else by the first token.
    pub fn from_settings(auth: &AuthSettings) -> anyhow::Result<Self> {
        let freshness = Freshness {
            min: Duration::from_secs(auth.jwks_cache_min_seconds),
            max: Duration::from_secs(auth.jwks_cache_max_seconds),
            refetch: Duration::from_secs(auth.jwks_refetch_interval_seconds),
        };
        let issuers: Vec<Issuer> = auth
            .external_issuers
            .iter()
            .map(|s| Issuer::from_settings(s, auth.leeway_seconds, freshness))
            .collect::<anyhow::Result<_>>()?;
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            for issuer in &issuers {
                if let Keys::Remote(remote) = &issuer.keys {
                    let remote = remote.clone();
                    runtime.spawn(async move { remote.refresh(Need::Fresh).await });
                }
            }
        }
        Ok(Self { issuers })
    }

    pub fn is_empty(&self) -> bool {
        self.issuers.is_empty()
    }

    /// Start-up check: every organization an issuer names exists (a typo would otherwise
    /// refuse that tenant's users at sign-in, far from its cause).
    pub async fn check_organizations(&self, db: &impl ConnectionTrait) -> anyhow::Result<()> {
        for issuer in &self.issuers {
            for org in &issuer.organizations {
                let found = entity::organizations::Entity::find_by_id(*org)
                    .filter(entity::organizations::Column::DeletedAt.is_null())
                    .one(db)
                    .await?;
                if found.is_none() {
                    anyhow::bail!(
                        "auth.external_issuers[{}].organizations: no organization {org}",
                        issuer.name
                    );
                }
            }
        }
        Ok(())
    }

    /// Verifies `token` against the issuer whose algorithm and key it names: signature, `iss`,
    /// `aud`, `exp`/`nbf` (with the configured leeway). Refuses tokens without `sub`, without
    /// an email claim, or whose `email_verified` is anything but `true`.
    /// Keys behind a `jwks_url` are refreshed first when past their time, or when the token
    /// names a `kid` they lack (`auth::jwks`), but only for the issuer the token claims to
    /// come from: another issuer's tokens never make this gateway fetch.
    pub async fn verify(&self, token: &str) -> Result<ExternalIdentity, Refusal> {
        let header = decode_header(token).map_err(|e| Refusal::new("token", e.to_string()))?;
        let kid = header.kid.as_deref();
        // Unverified: it only picks whose keys may be fetched, it accepts nothing.
        let claimed_iss = jsonwebtoken::dangerous::insecure_decode::<Map<String, Value>>(token)
            .ok()
            .and_then(|d| {
                d.claims
                    .get("iss")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            });
        let mut last = Refusal::new("token", "no external issuer accepts this token");
        for issuer in self.issuers.iter().filter(|i| i.algorithm == header.alg) {
            let remote_keys;
            let key = match &issuer.keys {
                Keys::Single(k) => Some(k),
                Keys::ById(keys) => pick(keys, kid),
                Keys::Remote(remote) => {
                    let claimed = claimed_iss.as_deref() == Some(issuer.iss.as_str());
                    remote_keys = if claimed {
                        let keys = remote.refresh(Need::Fresh).await;
                        if pick(&keys, kid).is_none() {
                            remote.refresh(Need::UnknownKid).await
                        } else {
                            keys
                        }
                    } else {
                        remote.current()
                    };
                    if claimed && remote_keys.is_empty() {
                        last = Refusal::new(
                            "token",
                            format!("{}: no keys fetched from its jwks_url yet", issuer.name),
                        );
                    }
                    pick(&remote_keys, kid)
                }
            };
            let Some(key) = key else { continue };
            match decode::<Map<String, Value>>(token, key, &issuer.validation) {
                Ok(data) => return issuer.identity(&data.claims),
                Err(e) => last = Refusal::new("token", e.to_string()),
            }
        }
        Err(last)
    }
}

impl Issuer {
    fn from_settings(
        s: &ExternalIssuerSettings,
        leeway: u64,
        freshness: Freshness,
    ) -> anyhow::Result<Self> {
        let ctx = |key: &str| format!("auth.external_issuers[{}].{key}", s.name);
        let algorithm = Algorithm::from_str(&s.algorithm).map_err(|_| {
            anyhow::anyhow!("{}: unknown algorithm {}", ctx("algorithm"), s.algorithm)
        })?;
        if matches!(
            algorithm,
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512
        ) {
            anyhow::bail!(
                "{}: external issuers need a public-key algorithm",
                ctx("algorithm")
            );
        }
        let sources = [&s.jwks_file, &s.public_key_file, &s.jwks_url];
        if sources.iter().filter(|v| !v.is_empty()).count() != 1 {
            anyhow::bail!(
                "{}: give exactly one of jwks_file, public_key_file and jwks_url",
                ctx("jwks_file")
            );
        }
        if !s.jwks_ca_file.is_empty() && s.jwks_url.is_empty() {
            anyhow::bail!("{}: only used with jwks_url", ctx("jwks_ca_file"));
        }
        let keys = if !s.jwks_file.is_empty() {
            let bytes = std::fs::read(&s.jwks_file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", ctx("jwks_file")))?;
            let set: JwkSet = serde_json::from_slice(&bytes)
                .map_err(|e| anyhow::anyhow!("{}: {e}", ctx("jwks_file")))?;
            let mut bad = None;
            let keys = key_set(&set, |i, e| {
                bad.get_or_insert(format!("key {i}: {e}"));
            });
            if let Some(bad) = bad {
                anyhow::bail!("{}: {bad}", ctx("jwks_file"));
            }
            if keys.is_empty() {
                anyhow::bail!("{}: no keys", ctx("jwks_file"));
            }
            Keys::ById(keys)
        } else if !s.public_key_file.is_empty() {
            let pem = std::fs::read(&s.public_key_file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", ctx("public_key_file")))?;
            let key = match algorithm {
                Algorithm::EdDSA => DecodingKey::from_ed_pem(&pem),
                Algorithm::ES256 | Algorithm::ES384 => DecodingKey::from_ec_pem(&pem),
                _ => DecodingKey::from_rsa_pem(&pem),
            }
            .map_err(|e| anyhow::anyhow!("{}: {e}", ctx("public_key_file")))?;
            Keys::Single(key)
        } else {
            // https only: the keys decide who signs in, and a private or test issuer's own
            // CA goes in jwks_ca_file.
            let uri: http::Uri = s
                .jwks_url
                .parse()
                .ok()
                .filter(|u: &http::Uri| u.scheme_str() == Some("https") && u.host().is_some())
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}: `{}` is not an https:// URL",
                        ctx("jwks_url"),
                        s.jwks_url
                    )
                })?;
            let remote = RemoteKeys::new(
                &s.name,
                uri,
                &ctx("jwks_ca_file"),
                &s.jwks_ca_file,
                freshness,
            )?;
            Keys::Remote(Arc::new(remote))
        };
        let provider = match s.provider.as_str() {
            "bankid" => AuthProvider::Bankid,
            "vipps" => AuthProvider::Vipps,
            "external" => AuthProvider::External,
            other => anyhow::bail!("{}: {other} (bankid, vipps or external)", ctx("provider")),
        };
        // Issuers are bound to tenants: one that names no organization could sign in nobody,
        // and one that names them all by accident must be written out.
        if s.organizations.is_empty() {
            anyhow::bail!(
                "{}: name the organizations (ids) this issuer may sign users in to",
                ctx("organizations")
            );
        }
        let mut validation = Validation::new(algorithm);
        validation.algorithms = vec![algorithm];
        validation.leeway = leeway;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.set_issuer(&[s.issuer.as_str()]);
        validation.set_audience(&[s.audience.as_str()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        Ok(Self {
            name: s.name.clone(),
            provider,
            algorithm,
            keys,
            validation,
            iss: s.issuer.clone(),
            email_claim: s.email_claim.clone(),
            organizations: s.organizations.clone(),
        })
    }

    fn identity(&self, claims: &Map<String, Value>) -> Result<ExternalIdentity, Refusal> {
        // The email picks the account on the first sign-in: an address the issuer has not
        // verified (claim absent, false, or not a boolean) could be anyone's.
        if claims.get("email_verified") != Some(&Value::Bool(true)) {
            return Err(Refusal::new(
                "email_verified",
                format!("{}: the token does not assert a verified email", self.name),
            ));
        }
        let subject = claims
            .get("sub")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Refusal::new("subject", "the token names no subject"))?
            .to_string();
        let email = claims
            .get(&self.email_claim)
            .and_then(Value::as_str)
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty())
            .ok_or_else(|| {
                Refusal::new("email_claim", format!("no `{}` claim", self.email_claim))
            })?;
        Ok(ExternalIdentity {
            issuer: self.name.clone(),
            iss: self.iss.clone(),
            subject,
            provider: self.provider,
            email,
            organizations: self.organizations.clone(),
        })
    }
}
