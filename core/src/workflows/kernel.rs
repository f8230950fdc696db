//! The vocabulary the workflows share: warnings of rules that held, patches of optional columns,
//! the peer mentor role's key.

/// Key of the system role whose holders are peer mentors (with a profile, and activities
/// registrable for them).
pub const PEER_MENTOR_ROLE: &str = "peer_mentor";

/// A rule that held but wants attention: the input was accepted (e.g. an unknown
/// specialization tag, rule `specializations_known_values`).
// Answered in the payload's `warnings`; a warning never rejects.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Warning {
    /// The seed's rule name, e.g. `specializations_known_values`.
    pub rule: String,
    /// The input field (camelCase) the warning is about.
    pub field: String,
    /// Human-readable explanation.
    pub message: String,
}

/// A change to an optional column: leave it, clear it, or set it.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Patch<T> {
    #[default]
    Keep,
    Clear,
    Set(T),
}

impl<T: Clone> Patch<T> {
    /// The column's value after the patch, given its value before.
    pub fn resolve(&self, current: Option<T>) -> Option<T> {
        match self {
            Self::Keep => current,
            Self::Clear => None,
            Self::Set(v) => Some(v.clone()),
        }
    }

    pub fn is_keep(&self) -> bool {
        matches!(self, Self::Keep)
    }

    /// The value set, if the patch sets one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Set(v) => Some(v),
            _ => None,
        }
    }
}
