//! Peer mentor lifecycle (seed 002): the validation and business rules of
//! `peer_mentor_profiles`, named after the seed's rules.
//!
//! - Status changes (`pause`, `resume`, `deactivate`, role revocation, the scheduled auto-pause
//!   and auto-resume) all go through [`change_status`]: `status_transition_guard`, a claim on the
//!   old status so that exactly one concurrent change wins, one `peer_mentor_availability` row per
//!   change, and `coordinator_notified_on_pause`.
//! - Role administration with the lifecycle: [`assign_role`] (`one_profile_per_peer_mentor`,
//!   no escalation) and [`revoke_role`] (the profile is deactivated with the last peer_mentor
//!   role).
//! - [`update_details`]: the profile fields a mentor or coordinator edits, with the field rules
//!   (`certification_expiry_future_date`, `referral_code_format`,
//!   `consent_version_required_with_timestamp`, `years_of_experience_range`,
//!   `map_visibility_requires_location`, `tenant_isolation`, `encrypted_assignment_consent_gate`)
//!   and the `specializations_known_values` warning.
//! - Assignment counting: [`count_completed_assignment`] (for the assignment and activity
//!   workflows) and [`set_assignment_count`] (a coordinator's correction) record
//!   `assignment_threshold_honorar` crossings; [`reset_period_if_due`] is
//!   `assignment_count_period_reset`.
//! - [`match_peer_mentors`]: `paused_mentor_hidden_from_assignment_matching`, map opt-in and
//!   location consent, ordered by distance (haversine in Rust over the scoped candidates: SQL
//!   trigonometry is not portable between SQLite and PostgreSQL).
//! - [`ensure_can_receive_encrypted_assignment`]: `encrypted_assignment_consent_gate` for the
//!   dispatch of encrypted assignments.
//!
//! Writes made on behalf of a signed-in user go through `authz::writes::Writer` (tenant, scope
//! before and after, audit). Rows the rules write for other people (coordinators'
//! notifications, honorarium records) and everything the scheduled jobs write are system writes:
//! through `authz::writes_system::System` (the organization comes from the profile, the author
//! is the acting user or none for jobs; machine-checked and audited all the same).
//!
//! Layout: this file holds the shared vocabulary (statuses, `Actor`, `Patch`, warnings, the
//! certification rules); `notices` the system writes and notifications (`notify`, opt-ins);
//! `status` the status changes; `role_admin` role assignment with the profile; `details` the
//! profile's fields; `counting` assignment counting, honorarium thresholds and the counting
//! period; `matching` matching and the dispatch gate.

mod counting;
mod details;
mod matching;
mod notices;
mod role_admin;
mod status;

pub use super::kernel::{PEER_MENTOR_ROLE, Patch, Warning};
pub use counting::*;
pub use details::*;
pub use matching::*;
pub use notices::*;
pub use role_admin::*;
pub use status::*;

use std::collections::{BTreeMap, BTreeSet};

use super::notifications::{Notice, Scenario, Trigger, notify};
use crate::{authz::writes_system::System, calendar::Calendar, validation};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait,
    DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionTrait,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    authz::{Action, Reach, Secured, Viewer, scoped, writes::Writer},
    error::{ApiError, ApiResult},
};
use entity::{
    assignment_honorarium_records as records, geographic_locations as locations,
    honorarium_thresholds as thresholds, local_associations, notifications, organization_settings,
    peer_mentor_availability as availability, peer_mentor_profiles as profiles, permissions,
    report_periods, role_permissions, roles, user_organization_memberships as memberships,
    user_roles, users,
};

pub use entity::peer_mentor_availability::PeerMentorAvailabilitySource as AvailabilitySource;
pub use entity::peer_mentor_profiles::{
    PeerMentorCertificationStatus as CertificationStatus, PeerMentorStatus as Status,
};

/// Longest accepted `bio`.
pub const BIO_MAX_CHARS: usize = 2000;
/// Longest accepted reason of a deactivation or an assignment-count correction.
pub const REASON_MAX_CHARS: usize = 500;
/// A certification expiring within this many days is `expiring_soon`.
pub const EXPIRING_SOON_DAYS: i64 = 30;
/// Widest radius `matchPeerMentors` accepts.
pub const MAX_MATCH_RADIUS_KM: f64 = 1000.0;

/// Who makes a change: a signed-in user (every write through the `Writer`), or the server's
/// scheduled jobs at the instant of their run.
pub enum Actor<'a> {
    User(&'a Writer<'a>),
    System(DateTime<Utc>),
}

impl Actor<'_> {
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Self::User(w) => Some(w.viewer.user_id),
            Self::System(_) => None,
        }
    }

    /// The change's instant on the domain clock.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Self::User(w) => w.now,
            Self::System(now) => *now,
        }
    }
}

fn guard(message: impl Into<String>) -> ApiError {
    ApiError::bad_input("status", "status_transition_guard", message)
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Active => "active",
        Status::Paused => "paused",
        Status::AutoPaused => "auto_paused",
        Status::Inactive => "inactive",
    }
}

/// Whether the viewer holds `permission` beyond their own rows (coordinators, org admins).
pub fn is_staff(viewer: &Viewer, permission: &str) -> bool {
    viewer.reaches(permission).is_some_and(|r| {
        r.iter()
            .any(|r| matches!(r, Reach::LocalAssociation | Reach::Organization))
    })
}

/// `status_transition_guard`: the lifecycle's allowed transitions. Who may make them is decided
/// by the operation (only the jobs auto-pause; only a role assignment reactivates).
pub fn transition_allowed(from: Status, to: Status) -> bool {
    use Status::*;
    matches!(
        (from, to),
        (Active, Paused | AutoPaused | Inactive)
            | (Paused, Active | AutoPaused | Inactive)
            | (AutoPaused, Active | Inactive)
            | (Inactive, Active)
    )
}

/// Whether the certification allows the mentor to be active at `now`.
pub fn certification_allows_activity(p: &profiles::Model, now: DateTime<Utc>) -> bool {
    match p.certification_status {
        CertificationStatus::NotRequired => true,
        CertificationStatus::Expired => false,
        _ => p.certification_expiry_date.is_none_or(|d| d > now),
    }
}

/// `certification_drives_profile`: the mentor's certification records decide the profile's
/// expiry. When a live, unrevoked certification of the mentor in the organization runs longer
/// than the profile says (a renewal), the profile takes its end (the start of the day after
/// `expires_on`, the organization's day) and a valid or expiring-soon status, written by the
/// server for `actor` (None: a job). `None` when no certification runs longer.
pub async fn apply_renewed_certification(
    txn: &DatabaseTransaction,
    profile: &profiles::Model,
    actor: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<Option<profiles::Model>> {
    use entity::certifications;
    if profile.certification_status == CertificationStatus::NotRequired {
        return Ok(None);
    }
    let calendar = Calendar::of(txn, profile.organization_id).await?;
    let latest = certifications::Entity::find()
        .filter(certifications::Column::OrganizationId.eq(profile.organization_id))
        .filter(certifications::Column::UserId.eq(profile.user_id))
        .filter(certifications::Column::DeletedAt.is_null())
        .filter(certifications::Column::RevokedAt.is_null())
        .filter(certifications::Column::Status.is_in([
            certifications::CertificationStatus::Active,
            certifications::CertificationStatus::ExpiringSoon,
        ]))
        .filter(certifications::Column::ExpiresOn.is_not_null())
        .order_by_desc(certifications::Column::ExpiresOn)
        .one(txn)
        .await?;
    let Some(ends) = latest
        .and_then(|c| c.expires_on)
        .and_then(|d| d.succ_opt())
        .map(|d| calendar.start_of(d))
    else {
        return Ok(None);
    };
    if ends <= now || profile.certification_expiry_date.is_some_and(|d| d >= ends) {
        return Ok(None);
    }
    let status = if ends - now <= chrono::Duration::days(EXPIRING_SOON_DAYS) {
        CertificationStatus::ExpiringSoon
    } else {
        CertificationStatus::Valid
    };
    let mut am = profile.clone().into_active_model();
    am.certification_expiry_date = Set(Some(ends));
    am.certification_status = Set(status);
    let updated = System::acting(now, actor)
        .update::<profiles::Entity>(txn, am, "certification_drives_profile")
        .await?;
    Ok(Some(updated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_follow_the_lifecycle() {
        use Status::*;
        assert!(transition_allowed(Active, Paused));
        assert!(transition_allowed(Paused, Active));
        assert!(transition_allowed(AutoPaused, Active));
        assert!(!transition_allowed(AutoPaused, Paused));
        assert!(!transition_allowed(Inactive, Paused));
        assert!(!transition_allowed(Active, Active));
    }

    #[test]
    fn haversine_oslo_bergen_is_about_305_km() {
        let d = haversine_km(59.9139, 10.7522, 60.3913, 5.3221);
        assert!((d - 305.0).abs() < 5.0, "{d}");
        assert!(haversine_km(1.0, 1.0, 1.0, 1.0) < 1e-9);
    }

    #[test]
    fn unknown_specializations_warn() {
        let w = specialization_warnings(&["stroke".into(), "juggling".into()]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].rule, "specializations_known_values");
    }
}
