//! Authentication: password hashing, access tokens, sessions and refresh-token rotation.

pub mod external;
pub mod jwt;
pub mod password;
pub mod session;
