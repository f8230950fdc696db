//! Peer mentor lifecycle: matching and the dispatch gate.

use super::*;

/// A point and a radius for `match_peer_mentors`.
#[derive(Debug, Clone, Copy)]
pub struct Near {
    pub lat: f64,
    pub lng: f64,
    pub radius_km: f64,
}

/// Filter of `match_peer_mentors`.
#[derive(Debug, Clone, Default)]
pub struct MatchFilter {
    /// The mentor must have every one of these tags.
    pub specializations: Vec<String>,
    pub near: Option<Near>,
    /// Only mentors who accept encrypted assignments (`encrypted_assignment_consent_gate`).
    pub accepts_encrypted_assignments: Option<bool>,
    pub limit: usize,
}

/// One matching mentor.
#[derive(Debug, Clone)]
pub struct Match {
    pub profile: profiles::Model,
    /// Great-circle distance from `near` in km (rounded to 0.1; None without `near`).
    pub distance_km: Option<f64>,
    pub matched_specializations: Vec<String>,
}

/// Great-circle distance in km (haversine, mean Earth radius).
pub fn haversine_km(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lng2 - lng1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().atan2((1.0 - a).sqrt())
}

pub(super) fn tags_of(p: &profiles::Model) -> Vec<String> {
    p.specializations
        .as_ref()
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Mentors a coordinator can match: active only (`paused_mentor_hidden_from_assignment_matching`),
/// opted into the map with a consented location, in the viewer's scope, with every requested
/// specialization, within the radius, nearest first. Distances are computed in Rust over the
/// scoped candidate rows (SQL trigonometry is not portable between SQLite and PostgreSQL).
pub async fn match_peer_mentors<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    filter: MatchFilter,
) -> ApiResult<Vec<Match>> {
    crate::authz::features::require(viewer, "matchPeerMentors")?;
    if !is_staff(viewer, "READ_PEER_MENTOR_PROFILES") {
        return Err(ApiError::forbidden(
            "matching peer mentors is for coordinators and org admins",
        ));
    }
    if let Some(n) = filter.near {
        validation::number_between("near.lat", Some(n.lat), -90.0, 90.0, "coordinates_range")?;
        validation::number_between("near.lng", Some(n.lng), -180.0, 180.0, "coordinates_range")?;
        if !(n.radius_km > 0.0 && n.radius_km <= MAX_MATCH_RADIUS_KM) {
            return Err(ApiError::bad_input(
                "near.radiusKm",
                "radius_range",
                format!("radiusKm must be above 0 and at most {MAX_MATCH_RADIUS_KM}"),
            ));
        }
    }
    let wanted: Vec<String> = filter
        .specializations
        .iter()
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    let mut select = scoped::<profiles::Entity>(viewer, Action::Read)?
        .filter(profiles::Column::Status.eq(Status::Active))
        .filter(profiles::Column::IsVisibleOnMap.eq(true))
        .filter(profiles::Column::GeographicLocationId.is_not_null());
    if let Some(a) = filter.accepts_encrypted_assignments {
        select = select.filter(profiles::Column::AcceptsEncryptedAssignments.eq(a));
        if a {
            select = select.filter(profiles::Column::ConsentGivenAt.is_not_null());
        }
    }
    let candidates = select.all(db).await?;
    let location_ids: Vec<Uuid> = candidates
        .iter()
        .filter_map(|p| p.geographic_location_id)
        .collect();
    let located: BTreeMap<Uuid, locations::Model> = if location_ids.is_empty() {
        BTreeMap::new()
    } else {
        scoped::<locations::Entity>(viewer, Action::Read)?
            .filter(locations::Column::Id.is_in(location_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|l| (l.id, l))
            .collect()
    };
    let mut out = Vec::new();
    for p in candidates {
        let Some(loc) = p.geographic_location_id.and_then(|id| located.get(&id)) else {
            continue;
        };
        if loc.user_id != p.user_id || !loc.has_consent() {
            continue;
        }
        let (Some(lat), Some(lng)) = (loc.latitude, loc.longitude) else {
            continue;
        };
        let tags = tags_of(&p);
        if !wanted.iter().all(|w| tags.contains(w)) {
            continue;
        }
        let distance = filter.near.map(|n| haversine_km(n.lat, n.lng, lat, lng));
        if let (Some(d), Some(n)) = (distance, filter.near)
            && d > n.radius_km
        {
            continue;
        }
        out.push((
            distance,
            Match {
                matched_specializations: wanted.clone(),
                distance_km: distance.map(|d| (d * 10.0).round() / 10.0),
                profile: p,
            },
        ));
    }
    out.sort_by(|(da, a), (db_, b)| {
        da.partial_cmp(db_)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.profile.id.cmp(&b.profile.id))
    });
    Ok(out
        .into_iter()
        .map(|(_, m)| m)
        .take(filter.limit.max(1))
        .collect())
}

/// `encrypted_assignment_consent_gate` for dispatching an encrypted assignment to `mentor`:
/// the mentor must have a live, active profile in the organization
/// (`paused_mentor_hidden_from_assignment_matching`) that accepts encrypted assignments with a
/// recorded consent. `field` names the dispatch input's recipient field in the error.
pub async fn ensure_can_receive_encrypted_assignment<C: ConnectionTrait>(
    db: &C,
    organization: Uuid,
    mentor: Uuid,
    field: &str,
) -> ApiResult<profiles::Model> {
    let profile = live_profile(db, organization, mentor)
        .await?
        .ok_or_else(|| {
            ApiError::bad_input(
                field,
                "encrypted_assignment_consent_gate",
                "the recipient is not a peer mentor of your organization",
            )
        })?;
    if profile.status != Status::Active {
        return Err(ApiError::bad_input(
            field,
            "paused_mentor_hidden_from_assignment_matching",
            format!(
                "the peer mentor is {} and receives no assignments",
                status_name(profile.status)
            ),
        ));
    }
    if !profile.accepts_encrypted_assignments
        || profile.consent_given_at.is_none()
        || profile.consent_version.is_none()
    {
        return Err(ApiError::bad_input(
            field,
            "encrypted_assignment_consent_gate",
            "the peer mentor has not consented to encrypted assignments",
        ));
    }
    Ok(profile)
}
