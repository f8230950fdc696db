//! Identity and access: users, memberships, roles and permissions, sessions, tokens and audit.

pub mod audit_events;
pub mod auth_sessions;
pub mod biometric_credentials;
pub mod passkey_credentials;
pub mod permissions;
pub mod refresh_tokens;
pub mod role_permissions;
pub mod roles;
pub mod support_access_grants;
pub mod user_organization_memberships;
pub mod user_roles;
pub mod users;
