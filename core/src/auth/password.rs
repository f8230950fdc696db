//! Argon2id password hashing. Unknown users are checked against a dummy hash so that a wrong
//! email and a wrong password take the same time (no user enumeration by timing).

use std::sync::OnceLock;

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::{SaltString, rand_core::OsRng},
};

#[derive(Clone, Copy, Debug)]
pub struct PasswordCost {
    pub memory_kib: u32,
    pub iterations: u32,
}

fn hasher(cost: PasswordCost) -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(cost.memory_kib, cost.iterations, 1, None)
        .map_err(|e| anyhow::anyhow!("argon2 params: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub fn hash_password(password: &str, cost: PasswordCost) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let hash = hasher(cost)?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("argon2 hash: {e}"))?;
    Ok(hash.to_string())
}

/// Verifies `password` against `stored`, or against a dummy hash of the same cost when there
/// is no stored hash, so both paths do the same work. Comparison inside argon2 is constant-time.
pub fn verify_password(password: &str, stored: Option<&str>, cost: PasswordCost) -> bool {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("not-a-password", cost).ok());
    let (candidate, real) = match stored {
        Some(h) => (h, true),
        None => match dummy.as_deref() {
            Some(d) => (d, false),
            None => return false,
        },
    };
    let Ok(parsed) = PasswordHash::new(candidate) else {
        return false;
    };
    // Verification takes its parameters from the stored hash itself.
    let ok = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    ok && real
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: PasswordCost = PasswordCost {
        memory_kib: 1024,
        iterations: 1,
    };

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash_password("correct horse", CHEAP).unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", Some(&h), CHEAP));
        assert!(!verify_password("wrong horse", Some(&h), CHEAP));
    }

    #[test]
    fn a_missing_hash_never_verifies() {
        assert!(!verify_password("not-a-password", None, CHEAP));
        assert!(!verify_password("anything", Some("garbage"), CHEAP));
    }
}
