//! Identity, roles and access: users (with guarded contact details), memberships, roles,
//! permissions, role grants, sessions, refresh-token metadata and the audit log.

use async_graphql::MergedObject;

use crate::enum_filter;
use crate::filter::{BoolFilter, DateTimeFilter, IntFilter, StringFilter, UuidFilter};
use meander_core::authz::fields::Guard;

use super::access::{
    BiometricCredential, Notification, NotificationPreference, PasskeyCredential,
    PushNotificationConfig, SupportAccessGrant,
};
use super::activities::{
    Activity, ActivityFlag, ActivityLog, BulkRegistration, CalendarIntegration, DelegationGrant,
};
use super::assignments::{
    Assignment, AssignmentConsent, AssignmentDispatch, AssignmentReadReceipt, EncryptedDocument,
    PoaDocument,
};
use super::contacts::{Contact, ContactNote, HomeVisitReport};
use super::content::{DemoRequest, OfflineIdMapping, OfflineSyncQueueEntry};
use super::events::{
    Event, EventParticipant, WorkshopNote, WorkshopParticipant, WorkshopSession, WorkshopTask,
};
use super::expenses::{ReimbursementApproval, TravelExpenseReport};
use super::honoraria::{
    AssignmentHonorariumRecord, DriverConfidentialityDeclaration, DriverHonorarium, NdaAgreement,
};
use super::peer_mentors::{
    GeographicLocation, MemberRecruitment, MentorPairing, PeerMentorAvailability,
    PeerMentorProfile, ReferralLink,
};
use super::preferences::{AccessibilityPreference, ThemeConfig};
use super::reporting::{BenefitEstimate, ImpactSummary, UserBadge};
use super::tenancy::{LocalAssociation, Organization};
use super::training::{
    Certification, CertificationReminder, CertificationRenewal, CourseEnrollment,
};

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
        /// Activities performed by the user in your scope, oldest first.
        activities: activities => Activity by UserId order ActivityDate,
        /// Activities the user registered on a peer mentor's behalf (proxy registrations) in your scope, oldest first.
        proxy_registered_activities: activities => Activity by ProxySubmittedBy order ActivityDate,
        /// Activity change-log entries written by the user's actions in your scope, oldest first.
        activity_logs: activity_logs => ActivityLog by ActorUserId order CreatedAt,
        /// Review flags the user raised in your scope, oldest first.
        raised_activity_flags: activity_flags => ActivityFlag by CreatedById order CreatedAt,
        /// Review flags the user resolved in your scope, oldest first.
        resolved_activity_flags: activity_flags => ActivityFlag by ResolvedById order CreatedAt,
        /// Bulk registrations the user created in your scope, oldest first.
        bulk_registrations: bulk_registrations => BulkRegistration by CreatedById order CreatedAt,
        /// Proxy registration records for the user's activities in your scope, oldest first.
        delegation_grants: delegation_grants => DelegationGrant by PeerMentorId order CreatedAt,
        /// Proxy registration records of the user as the registering coordinator in your scope, oldest first.
        coordinated_delegation_grants: delegation_grants => DelegationGrant by CoordinatorId order CreatedAt,
        /// The user's calendar integrations in your scope, oldest first.
        calendar_integrations: calendar_integrations => CalendarIntegration by UserId order CreatedAt,
        /// Assignments given to the user as peer mentor in your scope, oldest first.
        assignments: assignments => Assignment by PeerMentorId order CreatedAt,
        /// Assignments the user coordinates in your scope, oldest first.
        coordinated_assignments: assignments => Assignment by CoordinatorId order CreatedAt,
        /// Assignment dispatch events performed by the user in your scope, oldest first.
        assignment_dispatches: assignment_dispatches => AssignmentDispatch by ActorId order OccurredAt,
        /// The user's read receipts of dispatched assignments in your scope, in reading order.
        assignment_read_receipts: assignment_read_receipts => AssignmentReadReceipt by UserId order ReadAt,
        /// The user's answers to dispatched assignments in your scope, in answering order.
        assignment_consents: assignment_consents => AssignmentConsent by UserId order RespondedAt,
        /// Encrypted documents owned by the user in your scope, oldest first.
        encrypted_documents: encrypted_documents => EncryptedDocument by OwnerId order CreatedAt,
        /// Powers of attorney the user manages in your scope, oldest first.
        managed_poa_documents: poa_documents => PoaDocument by ManagedById order CreatedAt,
        /// Contacts whose primary peer mentor is the user, in your scope, by last name.
        contacts: contacts => Contact by PrimaryPeerMentorId order LastName,
        /// Contact notes written by the user in your scope, oldest first.
        contact_notes: contact_notes => ContactNote by CreatedById order CreatedAt,
        /// Home visit reports of the user as peer mentor in your scope, by visit date.
        home_visit_reports: home_visit_reports => HomeVisitReport by PeerMentorId order VisitDate,
        /// Home visit reports the user reviewed in your scope, by visit date.
        reviewed_home_visit_reports: home_visit_reports => HomeVisitReport by ReviewedById order VisitDate,
        /// The user's queued offline changes in your scope, oldest first.
        offline_sync_queue: offline_sync_queue => OfflineSyncQueueEntry by UserId order CreatedAt,
        /// The user's offline-to-server id mappings in your scope, oldest first.
        offline_id_mappings: offline_id_mappings => OfflineIdMapping by UserId order CreatedAt,
        /// Demo requests assigned to the user in your scope, oldest first.
        assigned_demo_requests: demo_requests => DemoRequest by AssignedToUserId order CreatedAt,
        /// Events the user organizes in your scope, earliest first.
        organized_events: events => Event by OrganizerId order StartsAt,
        /// The user's event participations in your scope, oldest first.
        event_participations: event_participants => EventParticipant by UserId order CreatedAt,
        /// Workshop sessions the user facilitates in your scope, earliest first.
        facilitated_workshop_sessions: workshop_sessions => WorkshopSession by FacilitatorId order StartsAt,
        /// The user's workshop participations in your scope, oldest first.
        workshop_participations: workshop_participants => WorkshopParticipant by UserId order CreatedAt,
        /// Workshop notes written by the user in your scope, oldest first.
        workshop_notes: workshop_notes => WorkshopNote by AuthorId order CreatedAt,
        /// Workshop tasks assigned to the user in your scope, oldest first.
        workshop_tasks: workshop_tasks => WorkshopTask by AssigneeId order CreatedAt,
        /// Travel expense reports the user claims in your scope, oldest first.
        travel_expense_reports: travel_expense_reports => TravelExpenseReport by UserId order CreatedAt,
        /// Reimbursement decisions made by the user in your scope, oldest first.
        reimbursement_approvals: reimbursement_approvals => ReimbursementApproval by DecidedById order CreatedAt,
        /// The user's sign-in sessions in your scope, oldest first.
        auth_sessions: auth_sessions => AuthSession by UserId order CreatedAt,
        /// Audit events of the user's actions in your scope, in chain order.
        audit_events: audit_events => AuditEvent by ActorUserId order Sequence,
        /// The user's peer mentor profiles in your scope, oldest first.
        peer_mentor_profiles: peer_mentor_profiles => PeerMentorProfile by UserId order CreatedAt,
        /// The user's availability changes in your scope, oldest first.
        peer_mentor_availability: peer_mentor_availability => PeerMentorAvailability by UserId order EffectiveFrom,
        /// The user's registered locations in your scope, oldest first.
        geographic_locations: geographic_locations => GeographicLocation by UserId order CreatedAt,
        /// Mentor pairings the user coordinates in your scope, oldest first.
        coordinated_mentor_pairings: mentor_pairings => MentorPairing by CoordinatorId order CreatedAt,
        /// Honorarium thresholds the user crossed, in your scope, oldest first.
        assignment_honorarium_records: assignment_honorarium_records => AssignmentHonorariumRecord by UserId order CrossedAt,
        /// The user's driver honorariums in your scope, by driving date.
        driver_honorariums: driver_honorariums => DriverHonorarium by UserId order DrivenOn,
        /// Driver honorariums the user approved in your scope, by driving date.
        approved_driver_honorariums: driver_honorariums => DriverHonorarium by ApprovedById order DrivenOn,
        /// The user's driver confidentiality declarations in your scope, oldest first.
        driver_confidentiality_declarations: driver_confidentiality_declarations => DriverConfidentialityDeclaration by UserId order SignedAt,
        /// Driver confidentiality declarations the user witnessed in your scope, oldest first.
        witnessed_driver_confidentiality_declarations: driver_confidentiality_declarations => DriverConfidentialityDeclaration by WitnessedById order SignedAt,
        /// The user's non-disclosure agreements in your scope, oldest first.
        nda_agreements: nda_agreements => NdaAgreement by UserId order SignedAt,
        /// Non-disclosure agreements the user countersigned in your scope, oldest first.
        countersigned_nda_agreements: nda_agreements => NdaAgreement by CountersignedById order SignedAt,
        /// The user's referral links in your scope, oldest first.
        referral_links: referral_links => ReferralLink by UserId order CreatedAt,
        /// Member recruitments credited to the user as recruiter in your scope, oldest first.
        member_recruitments: member_recruitments => MemberRecruitment by UserId order ClickedAt,
        /// The recruitment records through which the user joined, in your scope, oldest first.
        member_recruitments_as_recruit: member_recruitments => MemberRecruitment by RecruitedUserId order ClickedAt,
        /// The user's accessibility preferences in your scope.
        accessibility_preferences: accessibility_preferences => AccessibilityPreference by UserId order CreatedAt,
        /// The user's theme settings in your scope.
        theme_configs: theme_configs => ThemeConfig by UserId order CreatedAt,
        /// Badges awarded to the user in your scope, oldest first.
        badges: user_badges => UserBadge by UserId order AwardedAt,
        /// The user's impact summaries in your scope, earliest period first.
        impact_summaries: impact_summaries => ImpactSummary by UserId order PeriodStart,
        /// The user's benefit estimates in your scope, earliest period first.
        benefit_estimates: benefit_estimates => BenefitEstimate by UserId order PeriodStart,
        /// The user's course enrollments in your scope, oldest first.
        course_enrollments: course_enrollments => CourseEnrollment by UserId order CreatedAt,
        /// Certifications held by the user in your scope, oldest first.
        certifications: certifications => Certification by UserId order CreatedAt,
        /// Certifications the user issued in your scope, oldest first.
        issued_certifications: certifications => Certification by IssuedById order CreatedAt,
        /// Renewals of the user's certifications in your scope, oldest first.
        certification_renewals: certification_renewals => CertificationRenewal by UserId order RenewedAt,
        /// Certification reminders for the user in your scope, by reminder date.
        certification_reminders: certification_reminders => CertificationReminder by UserId order RemindAt,
        /// Support access granted to the user (a support agent) in your scope, oldest first.
        support_access_grants: support_access_grants => SupportAccessGrant by GrantedToUserId order CreatedAt,
        /// Support access grants the user gave in your scope, oldest first.
        granted_support_access_grants: support_access_grants => SupportAccessGrant by GrantedById order CreatedAt,
        /// Support access grants the user revoked in your scope, oldest first.
        revoked_support_access_grants: support_access_grants => SupportAccessGrant by RevokedById order CreatedAt,
        /// The user's biometric sign-in credentials in your scope, oldest first.
        biometric_credentials: biometric_credentials => BiometricCredential by UserId order CreatedAt,
        /// The user's passkeys in your scope, oldest first.
        passkey_credentials: passkey_credentials => PasskeyCredential by UserId order CreatedAt,
        /// The user's push notification devices in your scope, oldest first.
        push_notification_configs: push_notification_configs => PushNotificationConfig by UserId order CreatedAt,
        /// The user's notification preferences in your scope, oldest first.
        notification_preferences: notification_preferences => NotificationPreference by UserId order CreatedAt,
        /// Notifications sent to the user in your scope, oldest first.
        notifications: notifications => Notification by UserId order CreatedAt,
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
            crate::loaders::guard(ctx, Guard::UserContactDetails(self.0.id)).await?;
            Ok(Some(&self.0.email))
        }
        /// Phone: readable by the user, org admins and coordinators of the same local association.
        async fn phone(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Option<&str>> {
            crate::loaders::guard(ctx, Guard::UserContactDetails(self.0.id)).await?;
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
        /// Assignments of the role to users in your scope, oldest first.
        user_roles: user_roles => UserRole by RoleId order CreatedAt,
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
    has_many: {
        /// Grants of the permission to roles in your scope, oldest first.
        role_grants: role_permissions => RolePermission by PermissionId order CreatedAt,
    },
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
    has_many: {
        /// Refresh tokens issued in the session, in your scope, oldest first.
        refresh_tokens: refresh_tokens => RefreshToken by SessionId order CreatedAt,
    },
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
