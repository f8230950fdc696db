//! The permission catalog (`ACTION_RESOURCE`) and the default role -> permission matrix.
//! This is the one place that says what each system role may do; `seed` writes it into
//! `permissions`/`role_permissions`, and org admins adjust their org's copy through mutations.

/// CRUD verbs every resource gets.
pub const CRUD: [&str; 4] = ["READ", "CREATE", "UPDATE", "DELETE"];

/// System roles, their display names and how far their permissions reach in rows.
pub const SYSTEM_ROLES: &[(&str, &str, &str)] = &[
    ("global_admin", "Global administrator", "platform"),
    ("org_admin", "Organization administrator", "organization"),
    ("coordinator", "Coordinator", "local_association"),
    ("peer_mentor", "Peer mentor", "own"),
];

/// Default matrix: resource, then the CRUD letters granted to global_admin, org_admin,
/// coordinator and peer_mentor. A global admin's "R" on tenant data reaches rows only of
/// organizations that gave platform support an active grant (see `support`). Which rows a grant reaches is the entity's row scope
/// (see `policy`), so "R" for a peer mentor on USERS means "read the users in reach", i.e. self.
#[rustfmt::skip]
pub const DEFAULT_MATRIX: &[MatrixRow] = &[
    // resource                         global  org_admin coordinator peer_mentor
    ("ORGANIZATIONS",                   "CRUD", "RU",     "R",        "R"),
    ("ORGANIZATION_RELATIONSHIPS",      "CRUD", "R",      "R",        ""),
    ("NATIONAL_ASSOCIATIONS",           "R",    "CRUD",   "R",        "R"),
    ("REGIONS",                         "R",    "CRUD",   "R",        "R"),
    ("LOCAL_ASSOCIATIONS",              "R",    "CRUD",   "R",        "R"),
    ("ORGANIZATION_SETTINGS",           "R",    "RU",     "R",        ""),
    ("ORGANIZATION_FEATURES",           "R",    "CRUD",   "R",        "R"),
    ("ORG_LABELS",                      "R",    "CRUD",   "R",        "R"),
    // Support corrects a person's identity under a grant (`write_rules::Rules::identity`).
    ("USERS",                           "RU",   "CRU",    "R",        "RU"),
    ("USER_ORGANIZATION_MEMBERSHIPS",   "R",    "CRUD",   "R",        "R"),
    ("ROLES",                           "R",    "CRUD",   "R",        "R"),
    ("PERMISSIONS",                     "R",    "R",      "R",        "R"),
    ("ROLE_PERMISSIONS",                "R",    "CRUD",   "R",        ""),
    ("USER_ROLES",                      "R",    "CRUD",   "R",        "R"),
    ("AUTH_SESSIONS",                   "",     "RD",     "RD",       "RD"),
    ("REFRESH_TOKENS",                  "",     "R",      "R",        "R"),
    ("AUDIT_EVENTS",                    "R",    "R",      "",         ""),
    ("ACCESSIBILITY_PREFERENCES",       "",     "CRU",    "CRU",      "CRU"),
    ("THEME_CONFIGS",                   "",     "CRU",    "CRU",      "CRU"),
];

/// Domain actions beyond CRUD, with the system roles holding them by default.
#[rustfmt::skip]
pub const DOMAIN_ACTIONS: &[(&str, &str, &[&str])] = &[
    ("MANAGE_ROLES",              "Create custom roles and change the permissions of the org's roles", &["org_admin"]),
    ("APPROVE_ACTIVITIES",        "Approve or reject activities in reach",                             &["org_admin", "coordinator"]),
    ("PROXY_REGISTER_ACTIVITIES", "Register activities on behalf of peer mentors in reach",            &["org_admin", "coordinator"]),
    ("BULK_REGISTER_ACTIVITIES",  "Register one activity for many peer mentors at once",               &["org_admin", "coordinator"]),
    ("DISPATCH_ASSIGNMENTS",      "Send encrypted assignments to peer mentors",                        &["org_admin", "coordinator"]),
    ("GENERATE_REPORTS",          "Generate Bufdir and custom reports",                                 &["org_admin"]),
    ("EXPORT_REPORTS",            "Export reports and accounting data",                                 &["org_admin"]),
    ("GRANT_SUPPORT_ACCESS",      "Let platform support read the organization's data for a while",     &["org_admin"]),
];

/// One row of the default matrix: resource, then the CRUD letters of the four system roles.
pub type MatrixRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The whole default matrix: the core rows above plus each domain's rows (kept next to that
/// domain's row scopes in `scopes::<domain>`).
pub fn matrix() -> impl Iterator<Item = &'static MatrixRow> {
    DEFAULT_MATRIX
        .iter()
        .chain(super::scopes::DOMAIN_MATRICES.iter().flat_map(|m| m.iter()))
}

/// Every permission name in the catalog, with a description.
pub fn permissions() -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for (resource, ..) in matrix() {
        for action in CRUD {
            let name = format!("{action}_{resource}");
            let description = format!(
                "{} {}",
                action.to_lowercase(),
                resource.to_lowercase().replace('_', " ")
            );
            out.push((name, action.to_string(), resource.to_string(), description));
        }
    }
    for (name, description, _) in DOMAIN_ACTIONS {
        let (action, resource) = name.split_once('_').unwrap_or((name, ""));
        out.push((
            name.to_string(),
            action.to_string(),
            resource.to_string(),
            description.to_string(),
        ));
    }
    out
}

/// The permissions a system role holds by default.
pub fn default_permissions(role: &str) -> Vec<String> {
    let column = match role {
        "global_admin" => 0,
        "org_admin" => 1,
        "coordinator" => 2,
        "peer_mentor" => 3,
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for (resource, g, o, c, p) in matrix() {
        let letters = [g, o, c, p][column];
        for action in CRUD {
            if letters.contains(&action[..1]) {
                out.push(format!("{action}_{resource}"));
            }
        }
    }
    for (name, _, roles) in DOMAIN_ACTIONS {
        if roles.contains(&role) {
            out.push(name.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_names_are_action_resource_and_unique() {
        let perms = permissions();
        let mut names: Vec<_> = perms.iter().map(|p| p.0.clone()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), perms.len());
        assert!(names.contains(&"READ_USERS".to_string()));
        assert!(names.contains(&"APPROVE_ACTIVITIES".to_string()));
    }

    #[test]
    fn matrix_letters_are_crud_only() {
        for (_, g, o, c, p) in matrix() {
            for letters in [g, o, c, p] {
                assert!(letters.chars().all(|ch| "CRUD".contains(ch)), "{letters}");
            }
        }
    }

    #[test]
    fn every_default_permission_is_in_the_catalog() {
        let names: Vec<_> = permissions().into_iter().map(|p| p.0).collect();
        for (role, ..) in SYSTEM_ROLES {
            for p in default_permissions(role) {
                assert!(names.contains(&p), "{p}");
            }
        }
        assert!(default_permissions("peer_mentor").contains(&"READ_ORG_LABELS".to_string()));
        assert!(!default_permissions("peer_mentor").contains(&"READ_AUDIT_EVENTS".to_string()));
    }
}
