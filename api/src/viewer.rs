//! `viewer`: the signed-in user, the active organization, roles, effective permissions,
//! local-association scope and the app's tailoring for this org and user.

use std::sync::Arc;

use async_graphql::{Context, Object, Result, SimpleObject};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{
    context::ContextExt,
    model::{
        identity::User,
        tenancy::{LocalAssociation, Organization},
    },
};
use entity::{
    accessibility_preferences::Model as Accessibility, local_associations, organizations,
    theme_configs::Model as Theme, user_organization_memberships as memberships, users,
};
use meander_core::{
    authz::{Reach, Viewer},
    error::ApiError,
    tailoring,
};

#[derive(Default)]
pub struct ViewerQuery;

#[Object]
impl ViewerQuery {
    /// The signed-in user and their context. UNAUTHENTICATED without a valid token.
    async fn viewer(&self, ctx: &Context<'_>) -> Result<ViewerNode> {
        Ok(ViewerNode(ctx.viewer()?.clone()))
    }
}

pub struct ViewerNode(Arc<Viewer>);

/// A role the viewer holds in the active organization (or on the platform).
#[derive(SimpleObject)]
pub struct ViewerRoleNode {
    pub id: Uuid,
    /// Stable key: global_admin, org_admin, coordinator, peer_mentor or a custom key.
    pub key: String,
    pub name: String,
    /// How far the role's permissions reach: PLATFORM, ORGANIZATION, LOCAL_ASSOCIATION or OWN.
    pub reach: String,
}

/// A terminology label after merging the organization's overrides over the defaults.
#[derive(SimpleObject)]
pub struct LabelNode {
    pub key: String,
    pub value: String,
    /// True when the organization overrides the default text.
    pub overridden: bool,
}

/// A feature area and whether the organization has it on.
#[derive(SimpleObject)]
pub struct FeatureNode {
    pub key: String,
    pub enabled: bool,
}

/// Display preferences (defaults when the user has saved none).
#[derive(SimpleObject)]
pub struct ThemeNode {
    /// Font scale factor, 0.8 to 2.0.
    pub font_scale: f64,
    pub contrast_theme: entity::theme_configs::ContrastTheme,
    pub color_scheme: entity::theme_configs::ColorScheme,
}

/// Accessibility preferences (defaults when the user has saved none).
#[derive(SimpleObject)]
pub struct AccessibilityNode {
    pub screen_reader_enabled: bool,
    pub cognitive_mode: bool,
    pub sensitive_field_audio_warnings: bool,
    pub reduce_motion: bool,
}

/// The app's tailoring for this organization and user.
#[derive(SimpleObject)]
pub struct AppSettingsNode {
    pub labels: Vec<LabelNode>,
    pub features: Vec<FeatureNode>,
    /// Keys of the enabled feature areas.
    pub enabled_features: Vec<String>,
    pub theme: ThemeNode,
    pub accessibility: AccessibilityNode,
}

fn reach_name(r: Reach) -> &'static str {
    match r {
        Reach::Own => "OWN",
        Reach::LocalAssociation => "LOCAL_ASSOCIATION",
        Reach::Organization => "ORGANIZATION",
        Reach::Platform => "PLATFORM",
    }
}

/// The signed-in user with their active organization and scope.
#[Object(name = "Viewer")]
impl ViewerNode {
    async fn user(&self, ctx: &Context<'_>) -> Result<User> {
        let user = users::Entity::find_by_id(self.0.user_id)
            .one(ctx.db())
            .await
            .map_err(ApiError::from)?;
        Ok(User(user.ok_or(ApiError::Unauthenticated)?))
    }

    /// The active organization; null for a platform session of a global admin.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        let Some(org) = self.0.organization_id else {
            return Ok(None);
        };
        let row = organizations::Entity::find_by_id(org)
            .one(ctx.db())
            .await
            .map_err(ApiError::from)?;
        Ok(row.map(Organization))
    }

    /// Organizations the user can switch to (active memberships).
    async fn organizations(&self, ctx: &Context<'_>) -> Result<Vec<Organization>> {
        let rows = organizations::Entity::find()
            .filter(
                organizations::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(memberships::Column::OrganizationId)
                        .from(memberships::Entity)
                        .and_where(memberships::Column::UserId.eq(self.0.user_id))
                        .and_where(
                            memberships::Column::Status.eq(memberships::MembershipStatus::Active),
                        )
                        .and_where(memberships::Column::DeletedAt.is_null())
                        .to_owned(),
                ),
            )
            .filter(organizations::Column::DeletedAt.is_null())
            .order_by_asc(organizations::Column::Name)
            .all(ctx.db())
            .await
            .map_err(ApiError::from)?;
        Ok(rows.into_iter().map(Organization).collect())
    }

    async fn roles(&self) -> Vec<ViewerRoleNode> {
        self.0
            .roles
            .iter()
            .map(|r| ViewerRoleNode {
                id: r.id,
                key: r.key.clone(),
                name: r.name.clone(),
                reach: reach_name(r.reach).to_string(),
            })
            .collect()
    }

    /// Effective permissions (`ACTION_RESOURCE`) after the organization's overrides.
    async fn permissions(&self) -> Vec<String> {
        self.0.grants.keys().cloned().collect()
    }

    /// Local associations that bound the viewer's local-association reach.
    async fn local_associations(&self, ctx: &Context<'_>) -> Result<Vec<LocalAssociation>> {
        if self.0.local_association_ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = local_associations::Entity::find()
            .filter(local_associations::Column::Id.is_in(self.0.local_association_ids.clone()))
            .filter(local_associations::Column::DeletedAt.is_null())
            .order_by_asc(local_associations::Column::Name)
            .all(ctx.db())
            .await
            .map_err(ApiError::from)?;
        Ok(rows.into_iter().map(LocalAssociation).collect())
    }

    /// Labels, features, theme and accessibility for the app; null on a platform session.
    async fn app_settings(&self, ctx: &Context<'_>) -> Result<Option<AppSettingsNode>> {
        let Some(org) = self.0.organization_id else {
            return Ok(None);
        };
        let db = ctx.db();
        let locale = users::Entity::find_by_id(self.0.user_id)
            .one(db)
            .await
            .map_err(ApiError::from)?
            .map(|u| u.locale)
            .unwrap_or_else(|| "nb-NO".into());
        let t = tailoring::load(db, org, self.0.user_id, &locale, &self.0.features)
            .await
            .map_err(ApiError::from)?;
        Ok(Some(AppSettingsNode {
            enabled_features: t
                .features
                .iter()
                .filter(|(_, on)| *on)
                .map(|(k, _)| k.clone())
                .collect(),
            labels: t
                .labels
                .into_iter()
                .map(|l| LabelNode {
                    key: l.key,
                    value: l.value,
                    overridden: l.overridden,
                })
                .collect(),
            features: t
                .features
                .into_iter()
                .map(|(key, enabled)| FeatureNode { key, enabled })
                .collect(),
            theme: theme_node(t.theme),
            accessibility: accessibility_node(t.accessibility),
        }))
    }
}

fn theme_node(t: Option<Theme>) -> ThemeNode {
    match t {
        Some(t) => ThemeNode {
            font_scale: t.font_scale,
            contrast_theme: t.contrast_theme,
            color_scheme: t.color_scheme,
        },
        None => ThemeNode {
            font_scale: 1.0,
            contrast_theme: entity::theme_configs::ContrastTheme::Standard,
            color_scheme: entity::theme_configs::ColorScheme::System,
        },
    }
}

fn accessibility_node(a: Option<Accessibility>) -> AccessibilityNode {
    let a = a.as_ref();
    AccessibilityNode {
        screen_reader_enabled: a.is_some_and(|a| a.screen_reader_enabled),
        cognitive_mode: a.is_some_and(|a| a.cognitive_mode),
        sensitive_field_audio_warnings: a.is_some_and(|a| a.sensitive_field_audio_warnings),
        reduce_motion: a.is_some_and(|a| a.reduce_motion),
    }
}
