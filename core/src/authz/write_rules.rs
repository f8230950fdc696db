//! Write rules: which columns a write may set, how a status may move, and who decides.
//!
//! Row scopes say *which rows* a viewer may write. That is not enough: a peer mentor may edit a
//! contact linked to them, but not move it to another local association or name themselves its
//! primary mentor; a driver may submit their honorarium claim, but not approve it. So each table
//! may declare, next to its row scope (`secured!(..., writes: Rules { .. })`):
//!
//! - `server`: columns no generic create or update may set (counters, timestamps of events the
//!   server records, columns a workflow owns). The generic mutation answers FORBIDDEN with the
//!   field and rule `column_server_only`.
//! - `immutable`: columns set on create and never changed by a generic update (the row's subject,
//!   its parent, foreign keys that would re-home it): rule `column_immutable`.
//! - `own`: what a viewer who reaches the row only through their *own* reach (a peer mentor, the
//!   row's subject) may change on update; `None` keeps every column not otherwise restricted (on
//!   create, the row scope checked after the insert keeps the row theirs). Review columns
//!   (`review: [..]`) and a status without a state machine are never theirs:
//!   rule `column_permission`.
//! - `machine`: the status column's state machine. Every change of the column, by a generic
//!   update or by a workflow (both go through `Writer`), must be one of its moves, made by whom
//!   the move names (`By`): the subject, or a decider (a staff reach on the row, and not its
//!   subject: `no_self_review`). Rows in a `frozen` state change no other column
//!   (`decided_row_frozen`). A machine with `workflow: Some(..)` is changed only by the named
//!   workflow mutations (`status_via_workflow` on the generic path).
//!
//! - `identity`: the row is a person's own identity (a user shared by organizations): only they
//!   or platform support under a grant change it (`identity_self_or_support`).
//! - `own_author`: who may change a row they only reach as a peer mentor (a note they wrote);
//!   `referenced_by`: live rows that a generic delete must not leave pointing at nothing.
//! - `limit`: at most so many live rows per parent (documents per activity), on every create
//!   path, concurrency-safe.
//!
//! Tables without a declaration keep the defaults: no server-only or immutable columns besides
//! the scope's, and the convention that `status` and review columns are staff-only.

use super::viewer::Reach;

/// Who may make a move of a state machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    /// The row's subject (the user the row is about), whatever their reach.
    Subject,
    /// A viewer with a local-association or organization reach on the row who is not its subject.
    Decider,
    /// A viewer with the organization reach on the row who is not its subject.
    OrgDecider,
    /// Anyone with a staff reach on the row, its subject included (administrative moves).
    Staff,
    /// The subject or anyone with a staff reach on the row (e.g. submitting for review).
    SubjectOrStaff,
    /// The server itself (a job, a delivery callback, a workflow's own step): no viewer makes
    /// the move, whatever their reach.
    System,
}

impl By {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Subject => "the row's subject",
            Self::Decider => "a coordinator or admin who is not the row's subject",
            Self::OrgDecider => "an organization admin who is not the row's subject",
            Self::Staff => "a coordinator or admin",
            Self::SubjectOrStaff => "the row's subject or a coordinator or admin",
            Self::System => "the server, never a client",
        }
    }

    /// Whether a viewer in this relation to the row may make the move.
    pub fn allows(self, relation: Relation) -> bool {
        match self {
            Self::Subject => relation.subject,
            Self::Decider => relation.staff.is_some() && !relation.subject,
            Self::OrgDecider => relation.staff == Some(Reach::Organization) && !relation.subject,
            Self::Staff => relation.staff.is_some(),
            Self::SubjectOrStaff => relation.subject || relation.staff.is_some(),
            Self::System => false,
        }
    }
}

/// How the writing viewer stands to one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relation {
    /// The viewer is the row's subject.
    pub subject: bool,
    /// The widest staff reach (platform, organization, then local association) through which
    /// the viewer reaches the row for this write, if any.
    pub staff: Option<Reach>,
}

/// A status column's state machine. States are the column's stored values.
pub struct Machine<C: 'static> {
    pub column: C,
    /// States a generic create may name (empty: any; tables whose create input has no status
    /// start where the create's `fixed` value puts them).
    pub initial: &'static [&'static str],
    /// (from, to, by).
    pub moves: &'static [(&'static str, &'static str, By)],
    /// States in which the row is decided: only this machine's moves change it any more.
    pub frozen: &'static [&'static str],
    /// `Some(mutations)`: only these workflow mutations change the column.
    pub workflow: Option<&'static str>,
}

impl<C> Machine<C> {
    /// The move from `from` to `to`, if declared.
    pub fn find(&self, from: &str, to: &str) -> Option<By> {
        self.moves
            .iter()
            .find(|(f, t, _)| *f == from && *t == to)
            .map(|(_, _, by)| *by)
    }

    /// The states reachable from `from`, for error messages.
    pub fn next_states(&self, from: &str) -> Vec<&'static str> {
        self.moves
            .iter()
            .filter(|(f, _, _)| *f == from)
            .map(|(_, t, _)| *t)
            .collect()
    }
}

/// A table's write rules (see the module docs).
pub struct Rules<C: 'static> {
    pub server: &'static [C],
    pub immutable: &'static [C],
    pub own: Option<&'static [C]>,
    /// The user the row is about, when the scope's `own` is not simply that column (e.g. an
    /// assignment's recipient).
    pub subject: Option<C>,
    /// A viewer without a staff reach on the row changes (or deletes) only rows this column
    /// names them in (e.g. the author of a note): rule `own_rows_only`.
    pub own_author: Option<C>,
    /// (table, column) of live rows that point at this one: while any does, the generic delete
    /// refuses (rule `row_in_use`) instead of leaving them pointing at a deleted row.
    pub referenced_by: &'static [(&'static str, &'static str)],
    pub machine: Option<Machine<C>>,
    /// The row is a person's identity (this column names them), shared by every organization
    /// they belong to: only that person, or platform support under a grant of one of their
    /// organizations, changes it. An organization's staff reach is not enough (rule
    /// `identity_self_or_support`); what an organization decides about the person lives in its
    /// own membership row.
    pub identity: Option<C>,
    /// At most `max` live rows per value of `parent` (five documents per activity; a course's
    /// seats): a create or status move beyond it is refused with `rule`, also under concurrent
    /// writes (`writes_limits`).
    pub limit: Option<Limit<C>>,
    /// Joining a parent that takes applications (a course): open, before its deadline, with
    /// its prerequisites completed (`writes_limits`).
    pub admission: Option<Admission<C>>,
}

/// What a row must meet to join its parent (a course enrollment joining a course). On create:
/// the parent's `status` is one of `open` (rule `enrollment_open`) and its `deadline` column, if
/// set, has not passed on the server's clock (rule `enrollment_deadline`). When the row takes a
/// place (created in, or moved into, a counting state of the table's `limit`): the row's subject
/// has completed every parent listed in the parent's `prerequisites` column (a JSON array of
/// parent ids), i.e. has a live row of this table for it in one of `completed` (rule
/// `prerequisites_completed`). An application that takes no place yet may wait for them.
pub struct Admission<C: 'static> {
    pub parent: C,
    pub parent_table: &'static str,
    pub open: &'static [&'static str],
    pub deadline: Option<&'static str>,
    pub prerequisites: Option<&'static str>,
    pub completed: &'static [&'static str],
}

/// A cap on the live rows that share a parent (see `Rules::limit`).
pub struct Limit<C: 'static> {
    pub parent: C,
    pub max: Cap,
    /// States of the table's machine that take a place (a seat); empty: every live row does.
    /// A row takes its place when it is created in, or moves into, one of them.
    pub counting: &'static [&'static str],
    pub rule: &'static str,
}

/// How many places a parent has.
#[derive(Clone, Copy)]
pub enum Cap {
    Fixed(u64),
    /// A column of the parent's row (`table.column`, NULL: no cap), e.g. a course's seats.
    ParentColumn(&'static str, &'static str),
}

impl<C: 'static> Rules<C> {
    pub const DEFAULT: Self = Self {
        server: &[],
        immutable: &[],
        own: None,
        subject: None,
        own_author: None,
        referenced_by: &[],
        machine: None,
        identity: None,
        limit: None,
        admission: None,
    };
}

/// The verdict on one column of a generic write, as a rule name (`None`: allowed).
pub fn column_verdict(
    column: &str,
    update: bool,
    staff: bool,
    declared: &ColumnClasses,
) -> Option<&'static str> {
    if declared.server.iter().any(|c| c == column) {
        return Some("column_server_only");
    }
    if declared.machine.as_deref() == Some(column) {
        if declared.machine_workflow {
            return Some("status_via_workflow");
        }
        // The machine decides who moves it, on every path.
        return None;
    }
    if update && declared.immutable.iter().any(|c| c == column) {
        return Some("column_immutable");
    }
    if !staff {
        // Review columns record someone else's decision about the row.
        if declared.review.iter().any(|c| c == column) {
            return Some("no_self_review");
        }
        let staff_only = (declared.machine.is_none() && column == "status")
            || (update
                && declared
                    .own
                    .as_ref()
                    .is_some_and(|own| !own.iter().any(|c| c == column)));
        if staff_only {
            return Some("column_permission");
        }
    }
    None
}

/// A table's rules with columns as snake_case names: what `column_verdict` and the generated
/// tests read (`catalog()` in `writes`).
#[derive(Clone, Debug, Default)]
pub struct ColumnClasses {
    pub table: String,
    pub resource: &'static str,
    pub server: Vec<String>,
    pub immutable: Vec<String>,
    pub own: Option<Vec<String>>,
    pub review: Vec<String>,
    /// The column naming the user the row is about (`Secured::subject_column`).
    pub subject: Option<String>,
    pub machine: Option<String>,
    pub machine_workflow: bool,
    pub machine_initial: Vec<&'static str>,
    pub machine_moves: Vec<(&'static str, &'static str, By)>,
    pub machine_frozen: Vec<&'static str>,
}

impl ColumnClasses {
    /// Every state the machine names (initial, moved from or to, frozen), sorted.
    pub fn machine_states(&self) -> Vec<&'static str> {
        let mut states: Vec<&'static str> = self
            .machine_moves
            .iter()
            .flat_map(|(f, t, _)| [*f, *t])
            .chain(self.machine_initial.iter().copied())
            .chain(self.machine_frozen.iter().copied())
            .collect();
        states.sort();
        states.dedup();
        states
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes() -> ColumnClasses {
        ColumnClasses {
            server: vec!["assignment_count".into()],
            immutable: vec!["user_id".into()],
            own: Some(vec!["notes".into(), "status".into()]),
            review: vec!["approved_by_id".into()],
            machine: Some("status".into()),
            ..Default::default()
        }
    }

    #[test]
    fn server_columns_are_refused_to_everyone_and_immutable_ones_on_update() {
        let c = classes();
        assert_eq!(
            column_verdict("assignment_count", false, true, &c),
            Some("column_server_only")
        );
        assert_eq!(column_verdict("user_id", false, true, &c), None);
        assert_eq!(
            column_verdict("user_id", true, true, &c),
            Some("column_immutable")
        );
    }

    #[test]
    fn own_reach_sets_only_its_columns_and_never_review_columns() {
        let c = classes();
        assert_eq!(column_verdict("notes", true, false, &c), None);
        assert_eq!(
            column_verdict("amount_ore", true, false, &c),
            Some("column_permission")
        );
        // On create the own list does not apply (the scope after the insert does).
        assert_eq!(column_verdict("amount_ore", false, false, &c), None);
        assert_eq!(
            column_verdict("approved_by_id", true, false, &c),
            Some("no_self_review")
        );
        assert_eq!(column_verdict("amount_ore", true, true, &c), None);
        // The machine's column is the machine's to judge.
        assert_eq!(column_verdict("status", true, false, &c), None);
        let mut w = c.clone();
        w.machine_workflow = true;
        assert_eq!(
            column_verdict("status", true, true, &w),
            Some("status_via_workflow")
        );
    }

    #[test]
    fn without_a_machine_status_is_staff_only() {
        let c = ColumnClasses::default();
        assert_eq!(
            column_verdict("status", true, false, &c),
            Some("column_permission")
        );
        assert_eq!(column_verdict("status", true, true, &c), None);
    }

    #[test]
    fn deciders_are_never_the_subject() {
        let subject_coordinator = Relation {
            subject: true,
            staff: Some(Reach::LocalAssociation),
        };
        let coordinator = Relation {
            subject: false,
            staff: Some(Reach::LocalAssociation),
        };
        let mentor = Relation {
            subject: true,
            staff: None,
        };
        assert!(!By::Decider.allows(subject_coordinator));
        assert!(By::Decider.allows(coordinator));
        assert!(!By::OrgDecider.allows(coordinator));
        assert!(By::Subject.allows(mentor) && !By::Decider.allows(mentor));
        assert!(By::Staff.allows(subject_coordinator) && !By::Staff.allows(mentor));
        let admin = Relation {
            subject: false,
            staff: Some(Reach::Organization),
        };
        assert!(
            ![admin, coordinator, mentor]
                .iter()
                .any(|r| By::System.allows(*r))
        );
    }
}
