//! SeaORM entities of the Meander platform (identity core).
//!
//! Tables are grouped by domain (`tenancy`, `identity`, `preferences`) and every table module is
//! re-exported at the crate root, so callers write `entity::users::Entity`.
//!
//! Conventions shared by every table (see `DATA-MODEL.md`): a server-generated `id` UUID, then the
//! table's own columns, then `created_at`, `updated_at`, `created_by_id`, `updated_by_id` and,
//! except on append-only tables, `deleted_at` (soft delete). Enums are stored as text guarded by a
//! CHECK constraint in the migration; with the `graphql` feature they derive `async_graphql::Enum`.

pub mod identity;
pub mod preferences;
pub mod tenancy;

pub use identity::{
    audit_events, auth_sessions, permissions, refresh_tokens, role_permissions, roles,
    user_organization_memberships, user_roles, users,
};
pub use preferences::{accessibility_preferences, theme_configs};
pub use tenancy::{
    local_associations, national_associations, org_labels, organization_features,
    organization_relationships, organization_settings, organizations, regions,
};
