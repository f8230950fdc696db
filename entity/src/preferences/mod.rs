//! Per-user preferences inside an organization (accessibility and theme).

pub mod accessibility_preferences;
pub mod notification_preferences;
pub mod notification_scenarios;
pub mod notifications;
pub mod push_notification_configs;
pub mod theme_configs;
