//! Identity core: tenancy and organization hierarchy, users, roles and access, audit,
//! user preferences.

use entity::*;
use sea_orm_migration::prelude::*;

use crate::tables::{check, create, drop, enum_check, idx, uq, uq_where_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(
            m,
            users::Entity,
            vec![enum_check::<users::UserStatus>("status")],
            &[idx(&["created_at"])],
        )
        .await?;
        create(
            m,
            organizations::Entity,
            vec![enum_check::<organizations::OrganizationKind>("kind")],
            &[idx(&["name"])],
        )
        .await?;
        create(
            m,
            organization_relationships::Entity,
            vec![check("parent_organization_id <> child_organization_id")],
            &[uq(&[
                "parent_organization_id",
                "child_organization_id",
                "relationship_type",
            ])],
        )
        .await?;
        create(
            m,
            national_associations::Entity,
            vec![],
            &[
                idx(&["organization_id"]),
                uq(&["organization_id", "code"]),
                uq(&["organization_id", "import_hash"]),
            ],
        )
        .await?;
        create(
            m,
            regions::Entity,
            vec![],
            &[
                idx(&["organization_id", "national_association_id"]),
                uq(&["organization_id", "import_hash"]),
            ],
        )
        .await?;
        create(
            m,
            local_associations::Entity,
            vec![],
            &[
                idx(&["organization_id", "region_id"]),
                idx(&["organization_id", "name"]),
                idx(&["organization_id", "created_at"]),
                uq(&["organization_id", "import_hash"]),
            ],
        )
        .await?;
        create(
            m,
            organization_settings::Entity,
            vec![
                enum_check::<organization_settings::SupportAccessPolicy>("support_access_policy"),
                enum_check::<organization_settings::ReportPeriodCycle>("report_period_cycle"),
                check("default_activity_duration_minutes BETWEEN 1 AND 1440"),
                check("duplicate_window_hours BETWEEN 0 AND 168"),
                check("session_timeout_minutes > 0"),
            ],
            &[],
        )
        .await?;
        create(
            m,
            organization_features::Entity,
            vec![],
            &[uq(&["organization_id", "feature_key"])],
        )
        .await?;
        create(
            m,
            org_labels::Entity,
            vec![],
            &[uq(&["organization_id", "label_key", "locale"])],
        )
        .await?;
        create(
            m,
            user_organization_memberships::Entity,
            vec![enum_check::<user_organization_memberships::MembershipStatus>("status")],
            &[
                idx(&["organization_id", "user_id"]),
                idx(&["organization_id", "local_association_id"]),
                uq(&["user_id", "organization_id", "local_association_id"]),
                uq_where_null(&["user_id", "organization_id"], "local_association_id"),
            ],
        )
        .await?;
        create(
            m,
            roles::Entity,
            vec![enum_check::<roles::RoleReach>("reach")],
            &[
                uq(&["organization_id", "key"]),
                uq_where_null(&["key"], "organization_id"),
            ],
        )
        .await?;
        create(m, permissions::Entity, vec![], &[]).await?;
        create(
            m,
            role_permissions::Entity,
            vec![],
            &[
                uq(&["role_id", "permission_id", "organization_id"]),
                idx(&["organization_id", "role_id"]),
            ],
        )
        .await?;
        create(
            m,
            user_roles::Entity,
            vec![],
            &[idx(&["organization_id", "user_id"]), idx(&["user_id"])],
        )
        .await?;
        create(
            m,
            auth_sessions::Entity,
            vec![enum_check::<auth_sessions::AuthProvider>("provider")],
            &[idx(&["organization_id", "user_id"]), idx(&["user_id"])],
        )
        .await?;
        create(
            m,
            refresh_tokens::Entity,
            vec![],
            &[idx(&["family_id"]), idx(&["session_id"])],
        )
        .await?;
        create(
            m,
            audit_events::Entity,
            vec![check("sequence > 0")],
            &[
                uq(&["organization_id", "sequence"]),
                idx(&["organization_id", "created_at"]),
            ],
        )
        .await?;
        create(
            m,
            accessibility_preferences::Entity,
            vec![],
            &[uq(&["organization_id", "user_id"])],
        )
        .await?;
        create(
            m,
            theme_configs::Entity,
            vec![
                enum_check::<theme_configs::ContrastTheme>("contrast_theme"),
                enum_check::<theme_configs::ColorScheme>("color_scheme"),
                check("font_scale BETWEEN 0.8 AND 2.0"),
            ],
            &[uq(&["organization_id", "user_id"])],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop(m, theme_configs::Entity).await?;
        drop(m, accessibility_preferences::Entity).await?;
        drop(m, audit_events::Entity).await?;
        drop(m, refresh_tokens::Entity).await?;
        drop(m, auth_sessions::Entity).await?;
        drop(m, user_roles::Entity).await?;
        drop(m, role_permissions::Entity).await?;
        drop(m, permissions::Entity).await?;
        drop(m, roles::Entity).await?;
        drop(m, user_organization_memberships::Entity).await?;
        drop(m, org_labels::Entity).await?;
        drop(m, organization_features::Entity).await?;
        drop(m, organization_settings::Entity).await?;
        drop(m, local_associations::Entity).await?;
        drop(m, regions::Entity).await?;
        drop(m, national_associations::Entity).await?;
        drop(m, organization_relationships::Entity).await?;
        drop(m, organizations::Entity).await?;
        drop(m, users::Entity).await
    }
}
