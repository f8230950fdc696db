//! GraphQL operations of the peer mentor lifecycle (seed 002); the rules live in
//! `meander_core::workflows::peer_mentors`. Each mutation runs in one transaction: nothing is
//! half-written when a rule rejects the input.
//!
//! Mutations: `assignRole`, `revokeRole`, `pausePeerMentor`, `resumePeerMentor`,
//! `deactivatePeerMentor`, `updatePeerMentorDetails`, `setPeerMentorAssignmentCount`.
//! Query: `matchPeerMentors`.

use async_graphql::{Context, InputObject, MaybeUndefined, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{
    context::ContextExt,
    model::{
        honoraria::AssignmentHonorariumRecord, identity::UserRole, peer_mentors::PeerMentorProfile,
    },
    workflows::{Warning, patch},
};
use entity::peer_mentor_profiles::PeerMentorCertificationStatus;
use meander_core::workflows::peer_mentors::{self as lifecycle, MatchFilter, Near, ProfileDetails};

/// A peer mentor profile after a lifecycle change, with the warnings of the rules that held.
#[derive(SimpleObject)]
pub struct PeerMentorProfilePayload {
    pub profile: PeerMentorProfile,
    /// Non-blocking rule findings (empty when there are none).
    pub warnings: Vec<Warning>,
}

/// A role assignment, and the peer mentor profile when the role is `peer_mentor`.
#[derive(SimpleObject)]
pub struct RoleAssignmentPayload {
    pub user_role: UserRole,
    /// The user's profile in the organization: created or reactivated with the peer_mentor
    /// role, deactivated with the last one; null for other roles.
    pub peer_mentor_profile: Option<PeerMentorProfile>,
}

/// A corrected assignment count and the honorarium thresholds it crossed.
#[derive(SimpleObject)]
pub struct AssignmentCountPayload {
    pub profile: PeerMentorProfile,
    /// One record per threshold crossed by this change (empty when none, or when the crossing
    /// was already recorded in the period).
    pub honorarium_records: Vec<AssignmentHonorariumRecord>,
}

/// A peer mentor matching `matchPeerMentors`.
#[derive(SimpleObject)]
pub struct PeerMentorMatch {
    pub profile: PeerMentorProfile,
    /// Distance in km (rounded to 0.1) from `near`; null without `near`.
    pub distance_km: Option<f64>,
    /// The requested specializations (all of them are the mentor's).
    pub matched_specializations: Vec<String>,
}

/// Pause an active peer mentor.
#[derive(InputObject)]
pub struct PausePeerMentorInput {
    pub profile_id: Uuid,
    /// Optional reason, at most 500 characters (rule `pause_reason_length`).
    pub pause_reason: Option<String>,
    /// Planned automatic resume (must be in the future); the scheduled jobs resume then.
    pub resume_at: Option<DateTime<Utc>>,
}

/// Deactivate a peer mentor (coordinators and org admins).
#[derive(InputObject)]
pub struct DeactivatePeerMentorInput {
    pub profile_id: Uuid,
    /// Optional reason, at most 500 characters.
    pub reason: Option<String>,
}

/// Correct a mentor's completed-assignment count in the current period.
#[derive(InputObject)]
pub struct SetPeerMentorAssignmentCountInput {
    pub profile_id: Uuid,
    /// The corrected count (rule `assignment_count_non_negative`).
    pub count: i32,
    /// Why the count was corrected (at most 500 characters).
    pub reason: Option<String>,
}

/// Changes to a profile's details: omitted fields stay, `null` clears an optional field.
#[derive(InputObject, Default)]
pub struct UpdatePeerMentorDetailsInput {
    /// When the certification expires; must be in the future (rule
    /// `certification_expiry_future_date`). Coordinators and org admins only.
    pub certification_expiry_date: MaybeUndefined<DateTime<Utc>>,
    /// Certification state. Coordinators and org admins only.
    pub certification_status: Option<PeerMentorCertificationStatus>,
    /// URL of the digital certificate. Coordinators and org admins only.
    pub digital_certificate_url: MaybeUndefined<String>,
    /// Unique invite code: 4-32 characters A-Z, 0-9 and inner hyphens (rule
    /// `referral_code_format`).
    pub referral_code: MaybeUndefined<String>,
    /// When the mentor accepted the encrypted-assignment consent; needs `consentVersion`
    /// (rule `consent_version_required_with_timestamp`). The mentor only.
    pub consent_given_at: MaybeUndefined<DateTime<Utc>>,
    /// Version of the accepted consent document. The mentor only.
    pub consent_version: MaybeUndefined<String>,
    /// Whether the mentor receives encrypted assignments; `true` needs a recorded consent
    /// (rule `encrypted_assignment_consent_gate`) and only the mentor sets it.
    pub accepts_encrypted_assignments: Option<bool>,
    /// The mentor's own home-area location in this organization (rule `tenant_isolation`).
    pub geographic_location_id: MaybeUndefined<Uuid>,
    /// Show the mentor on the coordinators' map; needs a consented location (rule
    /// `map_visibility_requires_location`).
    pub is_visible_on_map: Option<bool>,
    /// Years of experience, 0 to 80 (rule `years_of_experience_range`).
    pub years_of_experience: MaybeUndefined<i32>,
    /// Specialization tags; unknown tags are stored and answered with a warning (rule
    /// `specializations_known_values`).
    pub specializations: MaybeUndefined<Vec<String>>,
    /// Short biography (at most 2000 characters).
    pub bio: MaybeUndefined<String>,
    pub profile_photo_url: MaybeUndefined<String>,
    /// Notification preferences of the mentor role, a JSON object.
    pub notification_opt_ins: MaybeUndefined<serde_json::Value>,
}

impl From<UpdatePeerMentorDetailsInput> for ProfileDetails {
    fn from(i: UpdatePeerMentorDetailsInput) -> Self {
        Self {
            certification_expiry_date: patch(i.certification_expiry_date),
            certification_status: i.certification_status,
            digital_certificate_url: patch(i.digital_certificate_url),
            referral_code: patch(i.referral_code),
            consent_given_at: patch(i.consent_given_at),
            consent_version: patch(i.consent_version),
            accepts_encrypted_assignments: i.accepts_encrypted_assignments,
            geographic_location_id: patch(i.geographic_location_id),
            is_visible_on_map: i.is_visible_on_map,
            years_of_experience: patch(i.years_of_experience),
            specializations: patch(i.specializations),
            bio: patch(i.bio),
            profile_photo_url: patch(i.profile_photo_url),
            notification_opt_ins: patch(i.notification_opt_ins),
        }
    }
}

/// Where to look for mentors.
#[derive(InputObject, Clone, Copy)]
pub struct MatchNearInput {
    /// Latitude (WGS 84), -90 to 90.
    pub lat: f64,
    /// Longitude (WGS 84), -180 to 180.
    pub lng: f64,
    /// Radius in km (above 0, at most 1000).
    pub radius_km: f64,
}

/// Filter of `matchPeerMentors`.
#[derive(InputObject, Default)]
pub struct MatchPeerMentorsFilter {
    /// The mentor must have every one of these specialization tags.
    pub specializations: Option<Vec<String>>,
    /// Only mentors within `radiusKm` of the point, nearest first.
    pub near: Option<MatchNearInput>,
    /// Only mentors who accept encrypted assignments (with a recorded consent).
    pub accepts_encrypted_assignments: Option<bool>,
}

/// Root query fields of the peer mentor lifecycle.
#[derive(Default)]
pub struct PeerMentorLifecycleQuery;

#[Object]
impl PeerMentorLifecycleQuery {
    /// Active peer mentors in your scope who opted into the map with a consented location,
    /// filtered by specializations and distance, nearest first (coordinators and org admins).
    /// Paused, auto-paused and inactive mentors never appear.
    async fn match_peer_mentors(
        &self,
        ctx: &Context<'_>,
        filter: Option<MatchPeerMentorsFilter>,
        #[graphql(desc = "At most this many mentors (default 50, at most 200).")] first: Option<
            i32,
        >,
    ) -> Result<Vec<PeerMentorMatch>> {
        let viewer = ctx.viewer()?;
        let filter = filter.unwrap_or_default();
        let limit = first.unwrap_or(50).clamp(1, 200) as usize;
        let matches = lifecycle::match_peer_mentors(
            ctx.db(),
            viewer,
            MatchFilter {
                specializations: filter.specializations.unwrap_or_default(),
                near: filter.near.map(|n| Near {
                    lat: n.lat,
                    lng: n.lng,
                    radius_km: n.radius_km,
                }),
                accepts_encrypted_assignments: filter.accepts_encrypted_assignments,
                limit,
            },
        )
        .await?;
        Ok(matches
            .into_iter()
            .map(|m| PeerMentorMatch {
                profile: PeerMentorProfile(m.profile),
                distance_km: m.distance_km,
                matched_specializations: m.matched_specializations,
            })
            .collect())
    }
}

/// Mutations of the peer mentor lifecycle.
#[derive(Default)]
pub struct PeerMentorLifecycleMutation;

#[Object]
impl PeerMentorLifecycleMutation {
    /// Assigns a role to a member of your organization, optionally narrowed to a local
    /// association. Needs MANAGE_ROLES; never a platform role, never a role granting what you
    /// do not hold (no escalation). The peer_mentor role creates (or reactivates) the user's
    /// peer mentor profile (rule `one_profile_per_peer_mentor`).
    async fn assign_role(
        &self,
        ctx: &Context<'_>,
        user_id: Uuid,
        role_id: Uuid,
        local_association_id: Option<Uuid>,
    ) -> Result<RoleAssignmentPayload> {
        let (role, profile) = crate::in_transaction!(ctx, |txn, writer| {
            lifecycle::assign_role(
                &txn,
                &writer,
                user_id,
                role_id,
                local_association_id,
                writer.now,
            )
            .await?
        });
        ctx.app().viewers.evict_user(user_id);
        Ok(RoleAssignmentPayload {
            user_role: UserRole(role),
            peer_mentor_profile: profile.map(PeerMentorProfile),
        })
    }

    /// Revokes a role assignment of your organization (MANAGE_ROLES, no escalation). Revoking
    /// the last peer_mentor role deactivates the peer mentor profile.
    async fn revoke_role(
        &self,
        ctx: &Context<'_>,
        user_role_id: Uuid,
    ) -> Result<RoleAssignmentPayload> {
        let (role, profile) = crate::in_transaction!(ctx, |txn, writer| {
            lifecycle::revoke_role(&txn, &writer, user_role_id, writer.now).await?
        });
        ctx.app().viewers.evict_user(role.user_id);
        Ok(RoleAssignmentPayload {
            user_role: UserRole(role),
            peer_mentor_profile: profile.map(PeerMentorProfile),
        })
    }

    /// Pauses an active peer mentor (the mentor, or a coordinator/org admin in scope): hidden
    /// from matching and the map, coordinators notified, history written.
    async fn pause_peer_mentor(
        &self,
        ctx: &Context<'_>,
        input: PausePeerMentorInput,
    ) -> Result<PeerMentorProfilePayload> {
        let profile = crate::in_transaction!(ctx, |txn, writer| {
            lifecycle::pause(
                &txn,
                &writer,
                input.profile_id,
                input.pause_reason,
                input.resume_at,
                writer.now,
            )
            .await?
        });
        Ok(PeerMentorProfilePayload {
            profile: PeerMentorProfile(profile),
            warnings: Vec::new(),
        })
    }

    /// Resumes a paused peer mentor; an auto-paused one only once the certification is valid.
    async fn resume_peer_mentor(
        &self,
        ctx: &Context<'_>,
        profile_id: Uuid,
    ) -> Result<PeerMentorProfilePayload> {
        let profile = crate::in_transaction!(ctx, |txn, writer| {
            lifecycle::resume(&txn, &writer, profile_id, writer.now).await?
        });
        Ok(PeerMentorProfilePayload {
            profile: PeerMentorProfile(profile),
            warnings: Vec::new(),
        })
    }

    /// Deactivates a peer mentor (coordinators and org admins in scope).
    async fn deactivate_peer_mentor(
        &self,
        ctx: &Context<'_>,
        input: DeactivatePeerMentorInput,
    ) -> Result<PeerMentorProfilePayload> {
        let profile = crate::in_transaction!(ctx, |txn, writer| {
            lifecycle::deactivate(&txn, &writer, input.profile_id, input.reason, writer.now).await?
        });
        Ok(PeerMentorProfilePayload {
            profile: PeerMentorProfile(profile),
            warnings: Vec::new(),
        })
    }

    /// Updates a profile's details with the seed's field rules; unknown specializations are
    /// accepted and answered in `warnings`.
    async fn update_peer_mentor_details(
        &self,
        ctx: &Context<'_>,
        profile_id: Uuid,
        input: UpdatePeerMentorDetailsInput,
    ) -> Result<PeerMentorProfilePayload> {
        let (profile, warnings) = crate::in_transaction!(ctx, |txn, writer| {
            lifecycle::update_details(&txn, &writer, profile_id, input.into(), writer.now).await?
        });
        Ok(PeerMentorProfilePayload {
            profile: PeerMentorProfile(profile),
            warnings,
        })
    }

    /// Corrects a peer mentor's completed-assignment count in the current period
    /// (coordinators and org admins, never for themselves); honorarium thresholds crossed
    /// upwards are recorded once per period (rule `assignment_threshold_honorar`).
    async fn set_peer_mentor_assignment_count(
        &self,
        ctx: &Context<'_>,
        input: SetPeerMentorAssignmentCountInput,
    ) -> Result<AssignmentCountPayload> {
        let (profile, records) = crate::in_transaction!(ctx, |txn, writer| {
            lifecycle::set_assignment_count(
                &txn,
                &writer,
                input.profile_id,
                input.count,
                input.reason,
                writer.now,
            )
            .await?
        });
        Ok(AssignmentCountPayload {
            profile: PeerMentorProfile(profile),
            honorarium_records: records
                .into_iter()
                .map(AssignmentHonorariumRecord)
                .collect(),
        })
    }
}
