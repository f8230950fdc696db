//! Identity, roles and access: users (with guarded contact details), memberships, roles,
//! permissions, role grants, sessions, refresh-token metadata and the audit log.

use async_graphql::MergedObject;

use crate::enum_filter;
use crate::graphql::filter::{BoolFilter, DateTimeFilter, IntFilter, StringFilter, UuidFilter};

use super::tenancy::{LocalAssociation, Organization};

enum_filter!(UserStatusFilter, entity::users::UserStatus);
enum_filter!(
    MembershipStatusFilter,
    entity::user_organization_memberships::MembershipStatus
);
enum_filter!(RoleReachFilter, entity::roles::RoleReach);

entity_api! {
    /// A person using Meander: peer mentor, coordinator or administrator.
    node: User, module: users, one: user, many: users, query: UsersQuery,
    filter: UserFilter { id: UuidFilter => Id, first_name: StringFilter => FirstName, last_name: StringFilter => LastName, status: UserStatusFilter => Status, created_at: DateTimeFilter => CreatedAt },
    order: UserOrderField / UserOrderBy { LastName => LastName, FirstName => FirstName, CreatedAt => CreatedAt },
    belongs_to: {},
    has_many: {
        /// The user's memberships in organizations and local associations, in your scope.
        memberships: user_organization_memberships => UserOrganizationMembership by UserId order CreatedAt,
        /// The roles the user holds, in your scope.
        roles: user_roles => UserRole by UserId order CreatedAt,
    },
    mutations: UsersMutation {
        inputs: CreateUserInput / UpdateUserInput,
        update: update_user,
        required: {
            /// Given name.
            first_name: String,
            /// Family name.
            last_name: String,
        },
        defaulted: {
            /// Preferred locale, e.g. nb-NO.
            locale: String = "nb-NO".to_string(),
        },
        optional: {
            /// Phone number.
            phone: String,
        },
        fixed: {},
        validate: {
            first_name: not_blank("required_fields"),
            first_name: max_len(100, "name_length"),
            last_name: not_blank("required_fields"),
            last_name: max_len(100, "name_length"),
            phone: pattern(8, 20, |c| c.is_ascii_digit() || c == '+' || c == ' ', "phone_format"),
        },
    },
    extra: {
        /// Email: readable by the user, org admins and coordinators of the same local association.
        async fn email(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            use crate::graphql::context::ContextExt;
            crate::authz::fields::user_contact_details(ctx.db(), ctx.viewer()?, self.0.id).await?;
            Ok(Some(&self.0.email))
        }
        /// Phone: readable by the user, org admins and coordinators of the same local association.
        async fn phone(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            use crate::graphql::context::ContextExt;
            crate::authz::fields::user_contact_details(ctx.db(), ctx.viewer()?, self.0.id).await?;
            Ok(self.0.phone.as_deref())
        }
    },
}

entity_api! {
    /// A user's membership of an organization (and optionally one of its local associations).
    node: UserOrganizationMembership, module: user_organization_memberships, one: user_organization_membership, many: user_organization_memberships, query: UserOrganizationMembershipsQuery,
    filter: UserOrganizationMembershipFilter { user_id: UuidFilter => UserId, local_association_id: UuidFilter => LocalAssociationId, status: MembershipStatusFilter => Status, is_primary: BoolFilter => IsPrimary },
    order: UserOrganizationMembershipOrderField / UserOrganizationMembershipOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The member.
        user: users => User via user_id,
        /// The organization.
        organization: organizations => Organization via organization_id,
        /// The local association, when the membership is tied to one.
        local_association: local_associations => LocalAssociation via local_association_id,
    },
    has_many: {},
    mutations: UserOrganizationMembershipsMutation {
        inputs: CreateUserOrganizationMembershipInput / UpdateUserOrganizationMembershipInput,
        create: create_user_organization_membership, update: update_user_organization_membership, delete: delete_user_organization_membership,
        required: { user_id: uuid::Uuid },
        defaulted: {
            status: entity::user_organization_memberships::MembershipStatus = entity::user_organization_memberships::MembershipStatus::Active,
            is_primary: bool = false,
        },
        optional: { local_association_id: uuid::Uuid, joined_at: chrono::DateTime<chrono::Utc>, left_at: chrono::DateTime<chrono::Utc> },
        fixed: {},
        validate: {},
    },
    extra: {},
}

entity_api! {
    /// A named set of permissions: a system role or one of the organization's custom roles.
    node: Role, module: roles, one: role, many: roles, query: RolesQuery,
    filter: RoleFilter { key: StringFilter => Key, name: StringFilter => Name, is_system: BoolFilter => IsSystem, reach: RoleReachFilter => Reach },
    order: RoleOrderField / RoleOrderBy { Key => Key, Name => Name, CreatedAt => CreatedAt },
    belongs_to: {
        /// The owning organization; null for system roles.
        organization: organizations => Organization via organization_id,
    },
    has_many: {
        /// The role's permission grants visible to you (defaults and your organization's overrides).
        permission_grants: role_permissions => RolePermission by RoleId order CreatedAt,
    },
    mutations: RolesCrudMutation {
        inputs: CreateRoleCrudInput / UpdateRoleInput,
        update: update_role, delete: delete_role,
        required: { name: String },
        defaulted: {},
        optional: { description: String },
        fixed: {},
        validate: { name: not_blank("required_fields"), name: max_len(100, "name_length"), description: max_len(500, "description_length") },
    },
    extra: {},
}

entity_api! {
    /// A permission of the catalog, named `ACTION_RESOURCE` (READ_ACTIVITIES, APPROVE_ACTIVITIES, ...).
    node: Permission, module: permissions, one: permission, many: permissions, query: PermissionsQuery,
    filter: PermissionFilter { name: StringFilter => Name, action: StringFilter => Action, resource: StringFilter => Resource },
    order: PermissionOrderField / PermissionOrderBy { Name => Name, CreatedAt => CreatedAt },
    belongs_to: {},
    has_many: {},
    mutations: none,
    extra: {},
}

entity_api! {
    /// A role's grant (or, for an organization override, removal) of one permission.
    node: RolePermission, module: role_permissions, one: role_permission, many: role_permissions, query: RolePermissionsQuery,
    filter: RolePermissionFilter { role_id: UuidFilter => RoleId, permission_id: UuidFilter => PermissionId, organization_id: UuidFilter => OrganizationId, is_granted: BoolFilter => IsGranted },
    order: RolePermissionOrderField / RolePermissionOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The role.
        role: roles => Role via role_id,
        /// The permission.
        permission: permissions => Permission via permission_id,
    },
    has_many: {},
    mutations: none,
    extra: {},
}

entity_api! {
    /// A role held by a user in an organization, optionally limited to a local association.
    node: UserRole, module: user_roles, one: user_role, many: user_roles, query: UserRolesQuery,
    filter: UserRoleFilter { user_id: UuidFilter => UserId, role_id: UuidFilter => RoleId, local_association_id: UuidFilter => LocalAssociationId },
    order: UserRoleOrderField / UserRoleOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The user holding the role.
        user: users => User via user_id,
        /// The role.
        role: roles => Role via role_id,
        /// The local association the role is limited to, if any.
        local_association: local_associations => LocalAssociation via local_association_id,
    },
    has_many: {},
    // Roles are assigned and revoked through `assignRole`/`revokeRole` (no escalation, peer
    // mentor profiles follow the role).
    mutations: none,
    extra: {},
}

entity_api! {
    /// A signed-in session on one device (revoked by logout or refresh-token replay).
    node: AuthSession, module: auth_sessions, one: auth_session, many: auth_sessions, query: AuthSessionsQuery,
    filter: AuthSessionFilter { user_id: UuidFilter => UserId, revoked_at: DateTimeFilter => RevokedAt, expires_at: DateTimeFilter => ExpiresAt },
    order: AuthSessionOrderField / AuthSessionOrderBy { CreatedAt => CreatedAt, LastSeenAt => LastSeenAt },
    belongs_to: {
        /// The session's user.
        user: users => User via user_id,
    },
    has_many: {},
    mutations: none,
    extra: {},
}

entity_api! {
    /// Metadata of one of your refresh tokens (the token itself is never stored or shown).
    node: RefreshToken, module: refresh_tokens, one: refresh_token, many: refresh_tokens, query: RefreshTokensQuery,
    filter: RefreshTokenFilter { session_id: UuidFilter => SessionId, family_id: UuidFilter => FamilyId },
    order: RefreshTokenOrderField / RefreshTokenOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The session the token belongs to.
        session: auth_sessions => AuthSession via session_id,
    },
    has_many: {},
    mutations: none,
    extra: {},
}

entity_api! {
    /// One event of the organization's tamper-evident audit log (hash-chained).
    node: AuditEvent, module: audit_events, one: audit_event, many: audit_events, query: AuditEventsQuery,
    filter: AuditEventFilter { actor_user_id: UuidFilter => ActorUserId, action: StringFilter => Action, entity_type: StringFilter => EntityType, entity_id: UuidFilter => EntityId, sequence: IntFilter => Sequence, created_at: DateTimeFilter => CreatedAt },
    order: AuditEventOrderField / AuditEventOrderBy { Sequence => Sequence, CreatedAt => CreatedAt },
    belongs_to: {
        /// The user who caused the event.
        actor: users => User via actor_user_id,
    },
    has_many: {},
    mutations: none,
    extra: {},
}

/// Root query fields of the identity domain.
#[derive(MergedObject, Default)]
pub struct IdentityQuery(
    UsersQuery,
    UserOrganizationMembershipsQuery,
    RolesQuery,
    PermissionsQuery,
    RolePermissionsQuery,
    UserRolesQuery,
    AuthSessionsQuery,
    RefreshTokensQuery,
    AuditEventsQuery,
);

/// Mutations of the identity domain.
#[derive(MergedObject, Default)]
pub struct IdentityMutation(
    UsersMutation,
    UserOrganizationMembershipsMutation,
    RolesCrudMutation,
);
