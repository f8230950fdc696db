//! What the mobile app tailors per organization and user: terminology labels (the org's
//! overrides merged over the platform defaults), enabled feature areas, theme and accessibility.

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use entity::{accessibility_preferences, org_labels, theme_configs};

/// Platform default terminology (label key -> text), overridable per organization.
pub const DEFAULT_LABELS: &[(&str, &str)] = &[
    ("activity", "Activity"),
    ("activity_plural", "Activities"),
    ("assignment", "Assignment"),
    ("contact", "Contact"),
    ("contact_plural", "Contacts"),
    ("coordinator", "Coordinator"),
    ("event", "Event"),
    ("expense_report", "Expense report"),
    ("local_association", "Local association"),
    ("peer_mentor", "Peer mentor"),
    ("peer_mentor_plural", "Peer mentors"),
    ("region", "Region"),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub key: String,
    pub value: String,
    pub overridden: bool,
}

/// Overrides win over defaults; an override for a key without a default is kept too.
pub fn merge_labels(overrides: &[(String, String)]) -> Vec<Label> {
    let mut merged: BTreeMap<String, Label> = DEFAULT_LABELS
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                Label {
                    key: k.to_string(),
                    value: v.to_string(),
                    overridden: false,
                },
            )
        })
        .collect();
    for (k, v) in overrides {
        merged.insert(
            k.clone(),
            Label {
                key: k.clone(),
                value: v.clone(),
                overridden: true,
            },
        );
    }
    merged.into_values().collect()
}

#[derive(Debug, Clone)]
pub struct Tailoring {
    pub labels: Vec<Label>,
    pub features: Vec<(String, bool)>,
    pub theme: Option<theme_configs::Model>,
    pub accessibility: Option<accessibility_preferences::Model>,
}

/// The viewer's own app context; read by org and user directly because it is the viewer's
/// own configuration, not a data path into anyone else's rows.
pub async fn load<C: ConnectionTrait>(
    db: &C,
    org: Uuid,
    user: Uuid,
    locale: &str,
    enabled: &std::collections::BTreeSet<String>,
) -> Result<Tailoring, sea_orm::DbErr> {
    let label_rows = org_labels::Entity::find()
        .filter(org_labels::Column::OrganizationId.eq(org))
        .filter(org_labels::Column::Locale.eq(locale))
        .filter(org_labels::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let overrides: Vec<(String, String)> = label_rows
        .into_iter()
        .map(|l| (l.label_key, l.value))
        .collect();
    // The areas the server gates, as the viewer's organization has them (`authz::features`).
    let features: BTreeMap<String, bool> = crate::authz::features::AREAS
        .iter()
        .map(|a| (a.key.to_string(), enabled.contains(a.key)))
        .collect();
    let theme = theme_configs::Entity::find()
        .filter(theme_configs::Column::OrganizationId.eq(org))
        .filter(theme_configs::Column::UserId.eq(user))
        .filter(theme_configs::Column::DeletedAt.is_null())
        .one(db)
        .await?;
    let accessibility = accessibility_preferences::Entity::find()
        .filter(accessibility_preferences::Column::OrganizationId.eq(org))
        .filter(accessibility_preferences::Column::UserId.eq(user))
        .filter(accessibility_preferences::Column::DeletedAt.is_null())
        .one(db)
        .await?;
    Ok(Tailoring {
        labels: merge_labels(&overrides),
        features: features.into_iter().collect(),
        theme,
        accessibility,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_labels_override_defaults_and_keep_the_rest() {
        let merged = merge_labels(&[
            ("contact".into(), "Likeperson-kontakt".into()),
            ("custom".into(), "X".into()),
        ]);
        let get = |k: &str| merged.iter().find(|l| l.key == k).cloned().unwrap();
        assert_eq!(get("contact").value, "Likeperson-kontakt");
        assert!(get("contact").overridden);
        assert_eq!(get("peer_mentor").value, "Peer mentor");
        assert!(!get("peer_mentor").overridden);
        assert_eq!(get("custom").value, "X");
        assert_eq!(merged.len(), DEFAULT_LABELS.len() + 1);
    }
}
