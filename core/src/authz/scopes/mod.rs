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

/// Relationships whose parent or child is the viewer's organization.
fn relationships_of_own_organization(viewer: &super::Viewer) -> sea_orm::Condition {
    use entity::organization_relationships::Column;
    use sea_orm::{ColumnTrait, Condition, sea_query::Expr};
    match viewer.organization_id {
        Some(org) => Condition::any()
            .add(Column::ParentOrganizationId.eq(org))
            .add(Column::ChildOrganizationId.eq(org)),
        None => Condition::all().add(Expr::cust("1 = 0")),
    }
}

// Tenancy and organization hierarchy
secured!(entity::organizations, "ORGANIZATIONS", tenant: IsOrganization(Id), org: Tenant, local: Tenant, own: Tenant);
// A link between two organizations is theirs: other tenants do not see who is linked to whom.
secured!(entity::organization_relationships, "ORGANIZATION_RELATIONSHIPS", tenant: Global, org: Custom(relationships_of_own_organization), local: Custom(relationships_of_own_organization), own: Custom(relationships_of_own_organization));
secured!(entity::national_associations, "NATIONAL_ASSOCIATIONS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::regions, "REGIONS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::local_associations, "LOCAL_ASSOCIATIONS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::organization_settings, "ORGANIZATION_SETTINGS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::organization_features, "ORGANIZATION_FEATURES", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);
secured!(entity::org_labels, "ORG_LABELS", tenant: Column(OrganizationId), org: Tenant, local: Tenant, own: Tenant);

// Identity, roles and access
// A person's account is shared by every organization they belong to: its identity (name,
// contact details, locale, credentials) is changed by the person or by support under a grant,
// never by one tenant's admin. The status is invited, activated and disabled by account
// administration on the server (no GraphQL input takes it).
secured!(entity::users, "USERS", tenant: Member(Id), org: Tenant, local: MemberOfLocalAssociations(Id), own: Owner(Id),
writes: Rules {
    identity: Some(Id),
    machine: Some(Machine {
        column: Status,
        initial: &["invited", "active"],
        moves: &[
            ("invited", "active", System),
            ("invited", "disabled", System),
            ("active", "disabled", System),
            ("disabled", "active", System),
        ],
        frozen: &[],
        workflow: Some("account administration on the server"),
    }),
    ..Rules::DEFAULT
});
// A membership is one person's: it is not handed to someone else. It starts pending or active;
// someone other than the member approves or reinstates it; staff or the member end it.
secured!(entity::user_organization_memberships, "USER_ORGANIZATION_MEMBERSHIPS", tenant: Column(OrganizationId), org: Tenant, local: LocalAssociation(LocalAssociationId), own: Owner(UserId),
writes: Rules {
    immutable: &[UserId],
    machine: Some(Machine {
        column: Status,
        initial: &["pending", "active"],
        moves: &[
            ("pending", "active", Decider),
            ("pending", "inactive", Staff),
            ("active", "inactive", SubjectOrStaff),
            ("inactive", "active", Decider),
        ],
        frozen: &[],
        workflow: None,
    }),
    ..Rules::DEFAULT
});
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

/// Every table's write rules (`write_rules`), with column names: what the generated
/// column-permission and state-machine tests are generated from.
pub fn write_catalog() -> Vec<super::write_rules::ColumnClasses> {
    use super::writes::column_classes;
    vec![
        column_classes::<entity::integration_configs::Entity>(),
        column_classes::<entity::sync_logs::Entity>(),
        column_classes::<entity::support_access_grants::Entity>(),
        column_classes::<entity::biometric_credentials::Entity>(),
        column_classes::<entity::passkey_credentials::Entity>(),
        column_classes::<entity::push_notification_configs::Entity>(),
        column_classes::<entity::notification_preferences::Entity>(),
        column_classes::<entity::notification_scenarios::Entity>(),
        column_classes::<entity::notifications::Entity>(),
        column_classes::<entity::activity_types::Entity>(),
        column_classes::<entity::activities::Entity>(),
        column_classes::<entity::activity_documents::Entity>(),
        column_classes::<entity::activity_logs::Entity>(),
        column_classes::<entity::activity_flags::Entity>(),
        column_classes::<entity::bulk_registrations::Entity>(),
        column_classes::<entity::delegation_grants::Entity>(),
        column_classes::<entity::calendar_integrations::Entity>(),
        column_classes::<entity::assignments::Entity>(),
        column_classes::<entity::assignment_dispatches::Entity>(),
        column_classes::<entity::assignment_read_receipts::Entity>(),
        column_classes::<entity::assignment_consents::Entity>(),
        column_classes::<entity::encrypted_documents::Entity>(),
        column_classes::<entity::poa_documents::Entity>(),
        column_classes::<entity::contacts::Entity>(),
        column_classes::<entity::contact_notes::Entity>(),
        column_classes::<entity::caregivers::Entity>(),
        column_classes::<entity::relatives::Entity>(),
        column_classes::<entity::contact_relatives::Entity>(),
        column_classes::<entity::personal_notes::Entity>(),
        column_classes::<entity::home_visit_reports::Entity>(),
        column_classes::<entity::conversation_cards::Entity>(),
        column_classes::<entity::resource_links::Entity>(),
        column_classes::<entity::faq_entries::Entity>(),
        column_classes::<entity::offline_sync_queue::Entity>(),
        column_classes::<entity::offline_id_mappings::Entity>(),
        column_classes::<entity::demo_requests::Entity>(),
        column_classes::<entity::events::Entity>(),
        column_classes::<entity::event_participants::Entity>(),
        column_classes::<entity::workshop_sessions::Entity>(),
        column_classes::<entity::workshop_participants::Entity>(),
        column_classes::<entity::workshop_notes::Entity>(),
        column_classes::<entity::workshop_tasks::Entity>(),
        column_classes::<entity::expense_types::Entity>(),
        column_classes::<entity::expense_auto_approval_rules::Entity>(),
        column_classes::<entity::travel_expense_reports::Entity>(),
        column_classes::<entity::expense_items::Entity>(),
        column_classes::<entity::receipts::Entity>(),
        column_classes::<entity::reimbursement_approvals::Entity>(),
        column_classes::<entity::organizations::Entity>(),
        column_classes::<entity::organization_relationships::Entity>(),
        column_classes::<entity::national_associations::Entity>(),
        column_classes::<entity::regions::Entity>(),
        column_classes::<entity::local_associations::Entity>(),
        column_classes::<entity::organization_settings::Entity>(),
        column_classes::<entity::organization_features::Entity>(),
        column_classes::<entity::org_labels::Entity>(),
        column_classes::<entity::users::Entity>(),
        column_classes::<entity::user_organization_memberships::Entity>(),
        column_classes::<entity::roles::Entity>(),
        column_classes::<entity::permissions::Entity>(),
        column_classes::<entity::role_permissions::Entity>(),
        column_classes::<entity::user_roles::Entity>(),
        column_classes::<entity::auth_sessions::Entity>(),
        column_classes::<entity::refresh_tokens::Entity>(),
        column_classes::<entity::audit_events::Entity>(),
        column_classes::<entity::accessibility_preferences::Entity>(),
        column_classes::<entity::theme_configs::Entity>(),
        column_classes::<entity::peer_mentor_profiles::Entity>(),
        column_classes::<entity::peer_mentor_availability::Entity>(),
        column_classes::<entity::geographic_locations::Entity>(),
        column_classes::<entity::mentor_pairings::Entity>(),
        column_classes::<entity::honorarium_thresholds::Entity>(),
        column_classes::<entity::assignment_honorarium_records::Entity>(),
        column_classes::<entity::driver_honorariums::Entity>(),
        column_classes::<entity::driver_confidentiality_declarations::Entity>(),
        column_classes::<entity::nda_agreements::Entity>(),
        column_classes::<entity::referral_links::Entity>(),
        column_classes::<entity::member_recruitments::Entity>(),
        column_classes::<entity::achievement_badges::Entity>(),
        column_classes::<entity::user_badges::Entity>(),
        column_classes::<entity::impact_summaries::Entity>(),
        column_classes::<entity::benefit_estimates::Entity>(),
        column_classes::<entity::report_periods::Entity>(),
        column_classes::<entity::bufdir_reports::Entity>(),
        column_classes::<entity::custom_report_definitions::Entity>(),
        column_classes::<entity::accounting_exports::Entity>(),
        column_classes::<entity::courses::Entity>(),
        column_classes::<entity::course_enrollments::Entity>(),
        column_classes::<entity::certifications::Entity>(),
        column_classes::<entity::certification_renewals::Entity>(),
        column_classes::<entity::certification_reminders::Entity>(),
    ]
}
