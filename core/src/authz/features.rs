//! Feature areas: an organization switches parts of the product on (`organization_features`,
//! off unless enabled), and the server holds every viewer of the organization to that, on every
//! path (rule `feature_disabled`).
//!
//! The declaration below says which tables, and which operations that touch no table of their
//! own, belong to which area; nothing else decides it. The gate sits where every row path passes
//! (`policy::row_condition`), so the generic queries and mutations, the relation loaders and the
//! workflows that read or write an area's tables are refused alike; the few workflow fields that
//! only read tables of other areas (a Bufdir preview over activities) check their area by name
//! (`require`). A table in no area is part of every organization's product (identity, tenancy,
//! preferences, profiles).
//!
//! The viewer carries its organization's enabled areas (loaded with the viewer, evicted with it
//! on a write to `organization_features`). A viewer without an organization (platform staff,
//! reading a tenant under a support grant) is not gated: support looks at what is stored. The
//! server's own jobs act on rows that exist and are not gated either.

use super::viewer::Viewer;
use crate::error::{ApiError, ApiResult};

/// One feature area: its key in `organization_features.feature_key`, its tables, and the
/// operations (root fields) that belong to it without reading or writing its tables.
pub struct Area {
    pub key: &'static str,
    pub tables: &'static [&'static str],
    pub fields: &'static [&'static str],
}

#[rustfmt::skip]
pub const AREAS: &[Area] = &[
    Area { key: "activities", fields: &[], tables: &[
        "activities", "activity_documents", "activity_flags", "activity_logs", "activity_types",
        "bulk_registrations", "delegation_grants",
    ] },
    Area { key: "assignments", fields: &[], tables: &[
        "assignments", "assignment_dispatches", "assignment_read_receipts", "assignment_consents",
        "assignment_honorarium_records", "honorarium_thresholds", "poa_documents",
    ] },
    Area { key: "bufdir_reporting", fields: &["reportableActivityTotals", "generateBufdirReport"],
        tables: &["bufdir_reports"] },
    Area { key: "certifications", fields: &[], tables: &[
        "certifications", "certification_renewals", "certification_reminders",
    ] },
    Area { key: "contacts", fields: &[], tables: &[
        "contacts", "contact_notes", "caregivers", "relatives", "contact_relatives",
        "home_visit_reports", "conversation_cards",
    ] },
    Area { key: "courses", fields: &[], tables: &["courses", "course_enrollments"] },
    Area { key: "encrypted_assignments", fields: &[], tables: &["encrypted_documents"] },
    Area { key: "events", fields: &[], tables: &["events", "event_participants"] },
    Area { key: "expenses", fields: &[], tables: &[
        "travel_expense_reports", "expense_items", "expense_types", "receipts",
        "reimbursement_approvals", "expense_auto_approval_rules", "accounting_exports",
        "driver_honorariums", "driver_confidentiality_declarations",
    ] },
    Area { key: "gamification", fields: &[], tables: &["achievement_badges", "user_badges"] },
    // Matching ranks mentors by distance from their consented locations: it is the map.
    Area { key: "map", fields: &["matchPeerMentors"], tables: &["geographic_locations"] },
    Area { key: "mentor_pairing", fields: &[], tables: &["mentor_pairings"] },
    Area { key: "referrals", fields: &[], tables: &["referral_links", "member_recruitments"] },
    Area { key: "workshops", fields: &[], tables: &[
        "workshop_sessions", "workshop_participants", "workshop_notes", "workshop_tasks",
    ] },
];

/// Tables in no area: every organization's product (identity, tenancy, settings, preferences,
/// content, profiles and reporting periods). Named here so a table left out of `AREAS` is a
/// decision, not an oversight (`every_table_is_in_one_area_or_core`).
#[rustfmt::skip]
pub const CORE: &[&str] = &[
    "accessibility_preferences", "audit_events", "auth_sessions", "benefit_estimates",
    "biometric_credentials", "calendar_integrations", "custom_report_definitions", "demo_requests",
    "faq_entries", "impact_summaries", "integration_configs", "local_associations",
    "national_associations", "nda_agreements", "notification_preferences",
    "notification_scenarios", "notifications", "offline_id_mappings", "offline_sync_queue",
    "org_labels", "organization_features", "organization_relationships", "organization_settings",
    "organizations", "passkey_credentials", "peer_mentor_availability", "peer_mentor_profiles",
    "permissions", "personal_notes", "push_notification_configs", "refresh_tokens", "regions",
    "report_periods", "resource_links", "role_permissions", "roles", "support_access_grants",
    "sync_logs", "theme_configs", "user_organization_memberships", "user_roles", "users",
];

/// The area a table belongs to, if any.
pub fn area_of_table(table: &str) -> Option<&'static Area> {
    AREAS.iter().find(|a| a.tables.contains(&table))
}

/// The area named `key` (a key of `AREAS`).
pub fn area(key: &str) -> Option<&'static Area> {
    AREAS.iter().find(|a| a.key == key)
}

/// Whether `viewer` may use `area`: always without an organization (see the module note).
fn enabled(viewer: &Viewer, area: &Area) -> bool {
    viewer.organization_id.is_none() || viewer.features.contains(area.key)
}

/// FORBIDDEN (`feature_disabled`) when `table` belongs to an area the viewer's organization
/// has not enabled.
pub fn check_table(viewer: &Viewer, table: &str) -> ApiResult<()> {
    match area_of_table(table) {
        Some(area) if !enabled(viewer, area) => Err(ApiError::FeatureDisabled { area: area.key }),
        _ => Ok(()),
    }
}

/// For a root field declared in an area's `fields`: FORBIDDEN (`feature_disabled`) when that
/// area is off for the viewer's organization.
pub fn require(viewer: &Viewer, field: &str) -> ApiResult<()> {
    match AREAS.iter().find(|a| a.fields.contains(&field)) {
        Some(area) if !enabled(viewer, area) => Err(ApiError::FeatureDisabled { area: area.key }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_table_belongs_to_at_most_one_area_and_keys_are_unique() {
        let mut tables = BTreeSet::new();
        let mut keys = BTreeSet::new();
        for a in AREAS {
            assert!(keys.insert(a.key), "area {} declared twice", a.key);
            for t in a.tables {
                assert!(tables.insert(*t), "table {t} is in two areas");
            }
        }
    }

    #[test]
    fn every_table_is_in_one_area_or_core() {
        for c in crate::authz::scopes::write_catalog() {
            let table = c.table.as_str();
            let areas = AREAS.iter().filter(|a| a.tables.contains(&table)).count();
            let core = CORE.contains(&table) as usize;
            assert_eq!(areas + core, 1, "{table}: in {areas} areas and core {core}");
        }
        let declared = AREAS.iter().map(|a| a.tables.len()).sum::<usize>() + CORE.len();
        assert_eq!(declared, crate::authz::scopes::write_catalog().len());
    }

    #[test]
    fn a_viewer_without_the_area_is_refused_and_one_without_an_organization_is_not() {
        let mut viewer = Viewer::test_member(Some(uuid::Uuid::nil()));
        assert!(matches!(
            check_table(&viewer, "courses"),
            Err(ApiError::FeatureDisabled { area: "courses" })
        ));
        assert!(
            check_table(&viewer, "users").is_ok(),
            "core tables are never gated"
        );
        assert!(require(&viewer, "reportableActivityTotals").is_err());
        viewer.features.insert("courses".into());
        assert!(check_table(&viewer, "course_enrollments").is_ok());
        let platform = Viewer::test_member(None);
        assert!(check_table(&platform, "courses").is_ok());
    }
}
