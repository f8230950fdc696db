//! SeaORM entities of the Meander platform: every table of DATA-MODEL.md.
//!
//! Tables are grouped by the domains of DATA-MODEL.md and every table module is
//! re-exported at the crate root, so callers write `entity::users::Entity`.
//!
//! Conventions shared by every table (see `DATA-MODEL.md`): a server-generated `id` UUID, then the
//! table's own columns, then `created_at`, `updated_at`, `created_by_id`, `updated_by_id` and,
//! except on append-only tables, `deleted_at` (soft delete). Enums are stored as text guarded by a
//! CHECK constraint in the migration; with the `graphql` feature they derive `async_graphql::Enum`.

pub mod activities;
pub mod assignments;
pub mod contacts;
pub mod content;
pub mod events;
pub mod expenses;
pub mod identity;
pub mod peer_mentors;
pub mod preferences;
pub mod reporting;
pub mod tenancy;
pub mod training;

pub use activities::*;
pub use assignments::*;
pub use contacts::*;
pub use content::*;
pub use events::*;
pub use expenses::*;
pub use identity::*;
pub use peer_mentors::*;
pub use preferences::*;
pub use reporting::*;
pub use tenancy::*;
pub use training::*;
