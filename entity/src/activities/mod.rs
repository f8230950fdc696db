//! Activities (seed 003): activity types, activities, documents, logs, flags, bulk registrations, delegation grants, calendar integrations.
