//! SeaORM entities of the Meander platform: every table of DATA-MODEL.md.
//!
//! Tables are grouped by the domains of DATA-MODEL.md and every table module is
//! re-exported at the crate root, so callers write `entity::users::Entity`.
//!
//! Conventions shared by every table (see `DATA-MODEL.md`): a server-generated `id` UUID, then the
//! table's own columns, then `created_at`, `updated_at`, `created_by_id`, `updated_by_id` and,
//! except on append-only tables, `deleted_at` (soft delete). Enums are stored as text guarded by a
//! CHECK constraint in the migration; with the `graphql` feature they derive `async_graphql::Enum`.

// Domain modules are private namespaces: some share a name with one of their tables
// (`activities`, `events`, ...), and callers name tables only, as `entity::<table>`.
#[path = "activities/mod.rs"]
mod activities_domain;
#[path = "assignments/mod.rs"]
mod assignments_domain;
#[path = "contacts/mod.rs"]
mod contacts_domain;
#[path = "content/mod.rs"]
mod content_domain;
#[path = "events/mod.rs"]
mod events_domain;
#[path = "expenses/mod.rs"]
mod expenses_domain;
#[path = "identity/mod.rs"]
mod identity_domain;
#[path = "peer_mentors/mod.rs"]
mod peer_mentors_domain;
#[path = "preferences/mod.rs"]
mod preferences_domain;
#[path = "reporting/mod.rs"]
mod reporting_domain;
#[path = "tenancy/mod.rs"]
mod tenancy_domain;
#[path = "training/mod.rs"]
mod training_domain;

pub use activities_domain::*;
pub use assignments_domain::*;
pub use contacts_domain::*;
pub use content_domain::*;
pub use events_domain::*;
pub use expenses_domain::*;
pub use identity_domain::*;
pub use peer_mentors_domain::*;
pub use preferences_domain::*;
pub use reporting_domain::*;
pub use tenancy_domain::*;
pub use training_domain::*;
