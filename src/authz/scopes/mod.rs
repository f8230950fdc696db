//! Row-scope declarations, one per entity. `tenant` says how a row belongs to an organization;
//! `org`, `local` and `own` say which of the tenant's rows a permission held with that reach
//! (org admin, coordinator, peer mentor by default) may touch. See `policy` for the semantics.

use crate::secured;

pub mod access;
pub mod activities;
pub mod assignments;
pub mod contacts;
pub mod content;
pub mod events;
pub mod expenses;
pub mod peer_mentors;
pub mod reporting;
pub mod training;

/// Default matrix rows of every domain module, in data-model order.
pub const DOMAIN_MATRICES: &[&[super::catalog::MatrixRow]] = &[
    access::MATRIX,
    contacts::MATRIX,
    assignments::MATRIX,
    activities::MATRIX,
    training::MATRIX,
    peer_mentors::MATRIX,
    events::MATRIX,
    expenses::MATRIX,
    reporting::MATRIX,
    content::MATRIX,
];

// Tenancy and organization hierarchy
secured!(entity::organizations, "ORGANIZATIONS", tenant: IsOrganization(Id), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::organization_relationships, "ORGANIZATION_RELATIONSHIPS", tenant: Global, org: Tenant, local: Tenant, own: Tenant);
secured!(entity::national_associations, "NATIONAL_ASSOCIATIONS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::regions, "REGIONS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::local_associations, "LOCAL_ASSOCIATIONS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::organization_settings, "ORGANIZATION_SETTINGS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::organization_features, "ORGANIZATION_FEATURES", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::org_labels, "ORG_LABELS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);

// Identity, roles and access
secured!(entity::users, "USERS", tenant: Member(Id), org: Tenant, local: MemberOfLocalAssociations(Id), own: Owner(Id));
secured!(entity::user_organization_memberships, "USER_ORGANIZATION_MEMBERSHIPS", tenant: Column(OrganizationId), org: Tenant, local: LocalAssociation(LocalAssociationId), own: Owner(UserId));
secured!(entity::roles, "ROLES", tenant: NullableColumn(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::permissions, "PERMISSIONS", tenant: Global, org: Tenant, local: Tenant, own: Tenant);
secured!(entity::role_permissions, "ROLE_PERMISSIONS", tenant: NullableColumn(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::user_roles, "USER_ROLES", tenant: Column(OrganizationId), org: Tenant, local: MemberOfLocalAssociations(UserId), own: Owner(UserId));
secured!(entity::auth_sessions, "AUTH_SESSIONS", tenant: Column(OrganizationId), org: Tenant, local: Owner(UserId), own: Owner(UserId));
// Refresh tokens: each user sees the metadata of their own only (the hash has no field).
secured!(entity::refresh_tokens, "REFRESH_TOKENS", tenant: Column(OrganizationId), org: Owner(UserId), local: Owner(UserId), own: Owner(UserId));
secured!(entity::audit_events, "AUDIT_EVENTS", tenant: Column(OrganizationId), org: Tenant, local: Nothing, own: Nothing, append_only: true, soft_delete: None);

// User preferences: personal whatever the role.
secured!(entity::accessibility_preferences, "ACCESSIBILITY_PREFERENCES", tenant: Column(OrganizationId), org: Owner(UserId), local: Owner(UserId), own: Owner(UserId));
secured!(entity::theme_configs, "THEME_CONFIGS", tenant: Column(OrganizationId), org: Owner(UserId), local: Owner(UserId), own: Owner(UserId));
