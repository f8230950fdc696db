//! GraphQL operations of the domain workflows (rules in `crate::workflows`).

pub mod activities;
pub mod assignments;
pub mod peer_mentors;
pub mod reporting;

use async_graphql::{MaybeUndefined, SimpleObject};

use crate::workflows::kernel::{self, Patch};

/// A GraphQL input field that may be absent, null or a value, as a patch of its column.
pub(crate) fn patch<T>(v: MaybeUndefined<T>) -> Patch<T> {
    match v {
        MaybeUndefined::Undefined => Patch::Keep,
        MaybeUndefined::Null => Patch::Clear,
        MaybeUndefined::Value(v) => Patch::Set(v),
    }
}

/// A rule that held but wants attention: the input was accepted (e.g. an unknown
/// specialization tag, rule `specializations_known_values`).
#[derive(SimpleObject, Clone, Debug)]
pub struct Warning {
    /// The seed's rule name, e.g. `specializations_known_values`.
    pub rule: String,
    /// The input field (camelCase) the warning is about.
    pub field: String,
    /// Human-readable explanation.
    pub message: String,
}

/// The warnings of a workflow, as answered.
pub(crate) fn warnings(ws: Vec<kernel::Warning>) -> Vec<Warning> {
    ws.into_iter().map(Warning::from).collect()
}

impl From<kernel::Warning> for Warning {
    fn from(w: kernel::Warning) -> Self {
        Self {
            rule: w.rule,
            field: w.field,
            message: w.message,
        }
    }
}
