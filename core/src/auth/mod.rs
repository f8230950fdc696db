//! Authentication: password hashing, access tokens, sessions and refresh-token rotation.

pub mod external;
mod external_login;
pub mod jwks;
pub mod jwt;
pub mod password;
pub mod session;
