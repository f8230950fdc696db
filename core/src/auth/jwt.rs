//! Access tokens: signed and verified with one pinned algorithm, `iss`/`aud`/`exp`/`nbf` checked.
//! Roles and scope are deliberately not in the token: they are resolved on the server so that a
//! revocation takes effect within the viewer cache's lifetime, not at token expiry.

use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::config::AuthSettings;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    /// The user.
    pub sub: Uuid,
    /// The active organization (absent for a platform-only session of a global admin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<Uuid>,
    /// The auth session (revocable).
    pub sid: Uuid,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
}

pub struct TokenService {
    algorithm: Algorithm,
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl_seconds: i64,
}

pub struct IssuedToken {
    pub token: String,
    pub expires_at: chrono::DateTime<Utc>,
}

impl TokenService {
    pub fn from_settings(s: &AuthSettings) -> anyhow::Result<Self> {
        let (algorithm, encoding, decoding) = match s.algorithm.as_str() {
            "HS256" => (
                Algorithm::HS256,
                EncodingKey::from_secret(s.jwt_secret.expose().as_bytes()),
                DecodingKey::from_secret(s.jwt_secret.expose().as_bytes()),
            ),
            "EdDSA" => {
                let (private, public) = read_pems(s)?;
                (
                    Algorithm::EdDSA,
                    EncodingKey::from_ed_pem(&private)?,
                    DecodingKey::from_ed_pem(&public)?,
                )
            }
            "RS256" => {
                let (private, public) = read_pems(s)?;
                (
                    Algorithm::RS256,
                    EncodingKey::from_rsa_pem(&private)?,
                    DecodingKey::from_rsa_pem(&public)?,
                )
            }
            other => anyhow::bail!("unsupported algorithm {other}"),
        };
        // One algorithm only: a token whose header names another one (or `none`) is refused.
        let mut validation = Validation::new(algorithm);
        validation.algorithms = vec![algorithm];
        validation.leeway = s.leeway_seconds;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.set_issuer(&[s.issuer.as_str()]);
        validation.set_audience(&[s.audience.as_str()]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        Ok(Self {
            algorithm,
            encoding,
            decoding,
            validation,
            issuer: s.issuer.clone(),
            audience: s.audience.clone(),
            ttl_seconds: s.access_token_ttl_seconds as i64,
        })
    }

    pub fn issue(
        &self,
        user: Uuid,
        org: Option<Uuid>,
        session: Uuid,
    ) -> anyhow::Result<IssuedToken> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: user,
            org,
            sid: session,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            iat: now,
            nbf: now,
            exp: now + self.ttl_seconds,
        };
        let token = encode(&Header::new(self.algorithm), &claims, &self.encoding)?;
        Ok(IssuedToken {
            token,
            expires_at: chrono::DateTime::from_timestamp(claims.exp, 0).unwrap_or_else(Utc::now),
        })
    }

    /// Verifies signature, algorithm, issuer, audience and time claims.
    pub fn verify(&self, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        decode::<Claims>(token, &self.decoding, &self.validation).map(|d| d.claims)
    }
}

fn read_pems(s: &AuthSettings) -> anyhow::Result<(Vec<u8>, Vec<u8>)> {
    let private = std::fs::read(&s.private_key_file)
        .map_err(|e| anyhow::anyhow!("configuration key `auth.private_key_file`: {e}"))?;
    let public = std::fs::read(&s.public_key_file)
        .map_err(|e| anyhow::anyhow!("configuration key `auth.public_key_file`: {e}"))?;
    Ok((private, public))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    fn settings(secret: &str) -> AuthSettings {
        AuthSettings {
            issuer: "iss".into(),
            audience: "aud".into(),
            algorithm: "HS256".into(),
            jwt_secret: Secret::new(secret),
            private_key_file: String::new(),
            public_key_file: String::new(),
            access_token_ttl_seconds: 900,
            refresh_token_ttl_seconds: 3600,
            leeway_seconds: 0,
            viewer_cache_seconds: 30,
            argon2_memory_kib: 1024,
            argon2_iterations: 1,
            jwks_cache_min_seconds: 300,
            jwks_cache_max_seconds: 86_400,
            jwks_refetch_interval_seconds: 60,
            external_issuers: Vec::new(),
        }
    }

    #[test]
    fn a_token_round_trips() {
        let svc = TokenService::from_settings(&settings(&"a".repeat(32))).unwrap();
        let (u, o, s) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let t = svc.issue(u, Some(o), s).unwrap();
        let c = svc.verify(&t.token).unwrap();
        assert_eq!((c.sub, c.org, c.sid), (u, Some(o), s));
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let a = TokenService::from_settings(&settings(&"a".repeat(32))).unwrap();
        let b = TokenService::from_settings(&settings(&"b".repeat(32))).unwrap();
        let t = a.issue(Uuid::new_v4(), None, Uuid::new_v4()).unwrap();
        assert!(b.verify(&t.token).is_err());
    }

    #[test]
    fn an_unsigned_token_is_refused() {
        let svc = TokenService::from_settings(&settings(&"a".repeat(32))).unwrap();
        let t = svc.issue(Uuid::new_v4(), None, Uuid::new_v4()).unwrap();
        let mut parts: Vec<&str> = t.token.split('.').collect();
        // {"alg":"none","typ":"JWT"}
        parts[0] = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0";
        let forged = format!("{}.{}.", parts[0], parts[1]);
        assert!(svc.verify(&forged).is_err());
    }
}
