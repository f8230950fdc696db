//! Tenancy and organization hierarchy: organizations, their links, national associations,
//! regions, local associations, settings, feature flags and terminology labels.

use async_graphql::MergedObject;

use crate::enum_filter;
use crate::filter::{BoolFilter, DateTimeFilter, StringFilter, UuidFilter};

use super::activities::{Activity, BulkRegistration, DelegationGrant};
use super::assignments::{Assignment, EncryptedDocument, PoaDocument};
use super::contacts::{Contact, Relative};
use super::events::{Event, WorkshopSession};
use super::expenses::TravelExpenseReport;
use super::identity::{UserOrganizationMembership, UserRole};
use super::peer_mentors::{MemberRecruitment, ReferralLink};
use super::training::Course;

enum_filter!(
    OrganizationKindFilter,
    entity::organizations::OrganizationKind
);
enum_filter!(
    RelationshipTypeFilter,
    entity::organization_relationships::RelationshipType
);

entity_api! {
    /// A member organization (NHF, Blindeforbundet, HLF, ...): the tenant root.
    node: Organization, module: organizations, one: organization, many: organizations, query: OrganizationsQuery,
    filter: OrganizationFilter { id: UuidFilter => Id, name: StringFilter => Name, slug: StringFilter => Slug, kind: OrganizationKindFilter => Kind, is_active: BoolFilter => IsActive, created_at: DateTimeFilter => CreatedAt },
    order: OrganizationOrderField / OrganizationOrderBy { Name => Name, Slug => Slug, CreatedAt => CreatedAt },
    belongs_to: {},
    has_many: {
        /// The organization's national associations in your scope.
        national_associations: national_associations => NationalAssociation by OrganizationId order Name,
        /// The organization's regions in your scope.
        regions: regions => Region by OrganizationId order Name,
        /// The organization's local associations in your scope, by name (paginated in SQL).
        local_associations: local_associations => LocalAssociation by OrganizationId order Name,
        /// Enabled and disabled feature areas of the organization.
        features: organization_features => OrganizationFeature by OrganizationId order FeatureKey,
        /// Terminology overrides of the organization.
        labels: org_labels => OrgLabel by OrganizationId order LabelKey,
        /// Links where this organization is the parent (national -> regional -> local).
        child_relationships: organization_relationships => OrganizationRelationship by ParentOrganizationId order CreatedAt,
        /// Memberships of users in the organization, in your scope.
        memberships: user_organization_memberships => UserOrganizationMembership by OrganizationId order CreatedAt,
    },
    mutations: OrganizationsMutation {
        inputs: CreateOrganizationInput / UpdateOrganizationInput,
        create: create_organization, update: update_organization, delete: delete_organization,
        required: {
            /// Display name.
            name: String,
            /// URL-safe unique short name (a-z, 0-9, -).
            slug: String,
            /// Kind of organization.
            kind: entity::organizations::OrganizationKind,
        },
        defaulted: {
            /// Whether the organization is active (default true).
            is_active: bool = true,
            /// Default locale of the organization's users (default nb-NO); messages are written in it.
            default_locale: String = "nb-NO".to_string(),
            /// IANA time zone the organization's days are counted in (default Europe/Oslo).
            time_zone: String = meander_core::calendar::DEFAULT_TIME_ZONE.to_string(),
        },
        optional: {
            /// Norwegian organization number (9 digits).
            org_number: String,
        },
        fixed: {},
        validate: {
            name: not_blank("required_fields"),
            name: max_len(200, "name_length"),
            slug: pattern(2, 50, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-', "slug_format"),
            org_number: pattern(9, 9, |c| c.is_ascii_digit(), "org_number_format"),
            time_zone: time_zone("time_zone_known"),
        },
    },
    extra: {},
}

entity_api! {
    /// A parent/child link between organizations (national, regional and local structures).
    node: OrganizationRelationship, module: organization_relationships, one: organization_relationship, many: organization_relationships, query: OrganizationRelationshipsQuery,
    filter: OrganizationRelationshipFilter { parent_organization_id: UuidFilter => ParentOrganizationId, child_organization_id: UuidFilter => ChildOrganizationId, relationship_type: RelationshipTypeFilter => RelationshipType },
    order: OrganizationRelationshipOrderField / OrganizationRelationshipOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The parent organization.
        parent_organization: organizations => Organization via parent_organization_id,
        /// The child organization.
        child_organization: organizations => Organization via child_organization_id,
    },
    has_many: {},
    mutations: OrganizationRelationshipsMutation {
        inputs: CreateOrganizationRelationshipInput / UpdateOrganizationRelationshipInput,
        create: create_organization_relationship, update: update_organization_relationship, delete: delete_organization_relationship,
        required: {
            parent_organization_id: uuid::Uuid,
            child_organization_id: uuid::Uuid,
            relationship_type: entity::organization_relationships::RelationshipType,
        },
        defaulted: {},
        optional: { valid_from: chrono::NaiveDate, valid_to: chrono::NaiveDate },
        fixed: {},
        validate: {},
    },
    extra: {},
}

entity_api! {
    /// A national branch or federation under an organization.
    node: NationalAssociation, module: national_associations, one: national_association, many: national_associations, query: NationalAssociationsQuery,
    filter: NationalAssociationFilter { id: UuidFilter => Id, name: StringFilter => Name, code: StringFilter => Code },
    order: NationalAssociationOrderField / NationalAssociationOrderBy { Name => Name, CreatedAt => CreatedAt },
    belongs_to: {
        /// The owning organization.
        organization: organizations => Organization via organization_id,
    },
    has_many: {
        /// Regions under this national association.
        regions: regions => Region by NationalAssociationId order Name,
    },
    mutations: NationalAssociationsMutation {
        inputs: CreateNationalAssociationInput / UpdateNationalAssociationInput,
        create: create_national_association, update: update_national_association, delete: delete_national_association,
        required: { name: String },
        defaulted: {},
        optional: { code: String },
        fixed: {},
        validate: { name: not_blank("required_fields"), name: max_len(200, "name_length"), code: max_len(50, "code_length") },
    },
    extra: {},
}

entity_api! {
    /// The middle tier: a region under a national association.
    node: Region, module: regions, one: region, many: regions, query: RegionsQuery,
    filter: RegionFilter { id: UuidFilter => Id, national_association_id: UuidFilter => NationalAssociationId, name: StringFilter => Name },
    order: RegionOrderField / RegionOrderBy { Name => Name, CreatedAt => CreatedAt },
    belongs_to: {
        /// The owning organization.
        organization: organizations => Organization via organization_id,
        /// The national association the region belongs to.
        national_association: national_associations => NationalAssociation via national_association_id,
    },
    has_many: {
        /// Local associations in this region.
        local_associations: local_associations => LocalAssociation by RegionId order Name,
    },
    mutations: RegionsMutation {
        inputs: CreateRegionInput / UpdateRegionInput,
        create: create_region, update: update_region, delete: delete_region,
        required: { national_association_id: uuid::Uuid, name: String },
        defaulted: {},
        optional: { code: String },
        fixed: {},
        validate: { name: not_blank("required_fields"), name: max_len(200, "name_length"), code: max_len(50, "code_length") },
    },
    extra: {},
}

entity_api! {
    /// A local chapter (lokallag): the lowest tier of an organization.
    node: LocalAssociation, module: local_associations, one: local_association, many: local_associations, query: LocalAssociationsQuery,
    filter: LocalAssociationFilter { id: UuidFilter => Id, organization_id: UuidFilter => OrganizationId, region_id: UuidFilter => RegionId, name: StringFilter => Name, code: StringFilter => Code, municipality: StringFilter => Municipality, is_active: BoolFilter => IsActive },
    order: LocalAssociationOrderField / LocalAssociationOrderBy { Name => Name, CreatedAt => CreatedAt },
    belongs_to: {
        /// The owning organization.
        organization: organizations => Organization via organization_id,
        /// The region the local association belongs to.
        region: regions => Region via region_id,
    },
    has_many: {
        /// Memberships in this local association, in your scope.
        memberships: user_organization_memberships => UserOrganizationMembership by LocalAssociationId order CreatedAt,
        /// Activities attributed to the local association in your scope, oldest first.
        activities: activities => Activity by LocalAssociationId order ActivityDate,
        /// Assignments of the local association in your scope, oldest first.
        assignments: assignments => Assignment by LocalAssociationId order CreatedAt,
        /// Bulk registrations of the local association in your scope, oldest first.
        bulk_registrations: bulk_registrations => BulkRegistration by LocalAssociationId order CreatedAt,
        /// Contacts followed up by the local association in your scope, by last name.
        contacts: contacts => Contact by LocalAssociationId order LastName,
        /// Courses held by the local association in your scope, earliest first.
        courses: courses => Course by LocalAssociationId order StartsAt,
        /// Proxy registration records in the local association in your scope, oldest first.
        delegation_grants: delegation_grants => DelegationGrant by LocalAssociationId order CreatedAt,
        /// Encrypted documents of the local association in your scope, oldest first.
        encrypted_documents: encrypted_documents => EncryptedDocument by LocalAssociationId order CreatedAt,
        /// Events of the local association in your scope, earliest first.
        events: events => Event by LocalAssociationId order StartsAt,
        /// Member recruitments into the local association in your scope, oldest first.
        member_recruitments: member_recruitments => MemberRecruitment by LocalAssociationId order ClickedAt,
        /// Powers of attorney registered in the local association in your scope, oldest first.
        poa_documents: poa_documents => PoaDocument by LocalAssociationId order CreatedAt,
        /// Referral links recruiting into the local association in your scope, oldest first.
        referral_links: referral_links => ReferralLink by LocalAssociationId order CreatedAt,
        /// Relatives registered in the local association in your scope, by last name.
        relatives: relatives => Relative by LocalAssociationId order LastName,
        /// Travel expense reports charged to the local association in your scope, oldest first.
        travel_expense_reports: travel_expense_reports => TravelExpenseReport by LocalAssociationId order CreatedAt,
        /// Role assignments limited to the local association in your scope, oldest first.
        user_roles: user_roles => UserRole by LocalAssociationId order CreatedAt,
        /// Workshop sessions of the local association in your scope, earliest first.
        workshop_sessions: workshop_sessions => WorkshopSession by LocalAssociationId order StartsAt,
    },
    mutations: LocalAssociationsMutation {
        inputs: CreateLocalAssociationInput / UpdateLocalAssociationInput,
        create: create_local_association, update: update_local_association, delete: delete_local_association,
        required: { name: String },
        defaulted: { is_active: bool = true },
        optional: { region_id: uuid::Uuid, code: String, municipality: String, county: String },
        fixed: {},
        validate: { name: not_blank("required_fields"), name: max_len(200, "name_length"), code: max_len(50, "code_length") },
    },
    extra: {},
}

entity_api! {
    /// The organization's settings (one row per organization).
    node: OrganizationSetting, module: organization_settings, one: organization_setting, many: organization_settings, query: OrganizationSettingsQuery,
    filter: OrganizationSettingFilter { organization_id: UuidFilter => OrganizationId },
    order: OrganizationSettingOrderField / OrganizationSettingOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization these settings belong to.
        organization: organizations => Organization via organization_id,
    },
    has_many: {},
    mutations: OrganizationSettingsMutation {
        inputs: CreateOrganizationSettingInput / UpdateOrganizationSettingInput,
        update: update_organization_setting,
        required: {
            support_access_policy: entity::organization_settings::SupportAccessPolicy,
            default_activity_duration_minutes: i32,
            duplicate_window_hours: i32,
            report_period_cycle: entity::organization_settings::ReportPeriodCycle,
            session_timeout_minutes: i32,
            settings: serde_json::Value,
        },
        defaulted: {},
        optional: {},
        fixed: {},
        validate: {
            default_activity_duration_minutes: range(1, 1440, "duration_range"),
            duplicate_window_hours: range(0, 168, "duplicate_window_range"),
            session_timeout_minutes: range(5, 525_600, "session_timeout_range"),
        },
    },
    extra: {},
}

entity_api! {
    /// A feature area switched on or off for an organization.
    node: OrganizationFeature, module: organization_features, one: organization_feature, many: organization_features, query: OrganizationFeaturesQuery,
    filter: OrganizationFeatureFilter { feature_key: StringFilter => FeatureKey, is_enabled: BoolFilter => IsEnabled },
    order: OrganizationFeatureOrderField / OrganizationFeatureOrderBy { FeatureKey => FeatureKey, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization.
        organization: organizations => Organization via organization_id,
    },
    has_many: {},
    mutations: OrganizationFeaturesMutation {
        inputs: CreateOrganizationFeatureInput / UpdateOrganizationFeatureInput,
        create: create_organization_feature, update: update_organization_feature, delete: delete_organization_feature,
        required: { feature_key: String, is_enabled: bool },
        defaulted: {},
        optional: { config: serde_json::Value },
        fixed: {},
        validate: { feature_key: feature_area("feature_known") },
    },
    extra: {},
}

entity_api! {
    /// A terminology override: the organization's own word for a label key in a locale.
    node: OrgLabel, module: org_labels, one: org_label, many: org_labels, query: OrgLabelsQuery,
    filter: OrgLabelFilter { label_key: StringFilter => LabelKey, locale: StringFilter => Locale },
    order: OrgLabelOrderField / OrgLabelOrderBy { LabelKey => LabelKey, CreatedAt => CreatedAt },
    belongs_to: {
        /// The organization.
        organization: organizations => Organization via organization_id,
    },
    has_many: {},
    mutations: OrgLabelsMutation {
        inputs: CreateOrgLabelInput / UpdateOrgLabelInput,
        create: create_org_label, update: update_org_label, delete: delete_org_label,
        required: { label_key: String, value: String },
        defaulted: { locale: String = "nb-NO".to_string() },
        optional: {},
        fixed: {},
        validate: { label_key: pattern(2, 64, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_', "label_key_format"), value: not_blank("required_fields"), value: max_len(100, "label_length") },
    },
    extra: {},
}

/// Root query fields of the tenancy domain.
#[derive(MergedObject, Default)]
pub struct TenancyQuery(
    OrganizationsQuery,
    OrganizationRelationshipsQuery,
    NationalAssociationsQuery,
    RegionsQuery,
    LocalAssociationsQuery,
    OrganizationSettingsQuery,
    OrganizationFeaturesQuery,
    OrgLabelsQuery,
);

/// Mutations of the tenancy domain.
#[derive(MergedObject, Default)]
pub struct TenancyMutation(
    OrganizationsMutation,
    OrganizationRelationshipsMutation,
    NationalAssociationsMutation,
    RegionsMutation,
    LocalAssociationsMutation,
    OrganizationSettingsMutation,
    OrganizationFeaturesMutation,
    OrgLabelsMutation,
);
