//! Tenancy: organizations, their hierarchy and their per-organization configuration.

pub mod integration_configs;
pub mod local_associations;
pub mod national_associations;
pub mod org_labels;
pub mod organization_features;
pub mod organization_relationships;
pub mod organization_settings;
pub mod organizations;
pub mod regions;
pub mod sync_logs;
