//! User preferences: accessibility and display settings (one row per user and organization).

use async_graphql::MergedObject;

use crate::filter::UuidFilter;

use super::identity::User;

entity_api! {
    /// A user's accessibility preferences (screen reader, cognitive mode, audio warnings).
    node: AccessibilityPreference, module: accessibility_preferences, one: accessibility_preference, many: accessibility_preferences, query: AccessibilityPreferencesQuery,
    filter: AccessibilityPreferenceFilter { user_id: UuidFilter => UserId },
    order: AccessibilityPreferenceOrderField / AccessibilityPreferenceOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The user.
        user: users => User via user_id,
    },
    has_many: {},
    mutations: AccessibilityPreferencesMutation {
        inputs: CreateAccessibilityPreferenceInput / UpdateAccessibilityPreferenceInput,
        create: create_accessibility_preference, update: update_accessibility_preference,
        required: {},
        defaulted: {
            screen_reader_enabled: bool = false,
            cognitive_mode: bool = false,
            sensitive_field_audio_warnings: bool = false,
            reduce_motion: bool = false,
        },
        optional: {},
        fixed: {},
        validate: {},
    },
    extra: {},
}

entity_api! {
    /// A user's display settings: font scale, contrast theme and colour scheme.
    node: ThemeConfig, module: theme_configs, one: theme_config, many: theme_configs, query: ThemeConfigsQuery,
    filter: ThemeConfigFilter { user_id: UuidFilter => UserId },
    order: ThemeConfigOrderField / ThemeConfigOrderBy { CreatedAt => CreatedAt },
    belongs_to: {
        /// The user.
        user: users => User via user_id,
    },
    has_many: {},
    mutations: ThemeConfigsMutation {
        inputs: CreateThemeConfigInput / UpdateThemeConfigInput,
        create: create_theme_config, update: update_theme_config,
        required: {},
        defaulted: {
            font_scale: f64 = 1.0,
            contrast_theme: entity::theme_configs::ContrastTheme = entity::theme_configs::ContrastTheme::Standard,
            color_scheme: entity::theme_configs::ColorScheme = entity::theme_configs::ColorScheme::System,
        },
        optional: {},
        fixed: {},
        validate: { font_scale: range(0.8, 2.0, "font_scale_range") },
    },
    extra: {},
}

/// Root query fields of the preferences domain.
#[derive(MergedObject, Default)]
pub struct PreferencesQuery(AccessibilityPreferencesQuery, ThemeConfigsQuery);

/// Mutations of the preferences domain.
#[derive(MergedObject, Default)]
pub struct PreferencesMutation(AccessibilityPreferencesMutation, ThemeConfigsMutation);
