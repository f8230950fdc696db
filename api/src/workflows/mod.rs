//! GraphQL operations of the domain workflows (rules in `meander_core::workflows`).

pub mod activities;
pub mod assignments;
pub mod peer_mentors;
pub mod reporting;

use async_graphql::MaybeUndefined;

use meander_core::workflows::kernel::Patch;
pub use meander_core::workflows::kernel::Warning;

/// A GraphQL input field that may be absent, null or a value, as a patch of its column.
pub(crate) fn patch<T>(v: MaybeUndefined<T>) -> Patch<T> {
    match v {
        MaybeUndefined::Undefined => Patch::Keep,
        MaybeUndefined::Null => Patch::Clear,
        MaybeUndefined::Value(v) => Patch::Set(v),
    }
}
