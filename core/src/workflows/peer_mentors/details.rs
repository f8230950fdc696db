//! Peer mentor lifecycle: profile details and their field rules.

use super::*;

/// The profile fields a mentor (own profile) or a coordinator/org admin (in scope) edits.
#[derive(Debug, Default, Clone)]
pub struct ProfileDetails {
    pub certification_expiry_date: Patch<DateTime<Utc>>,
    pub certification_status: Option<CertificationStatus>,
    pub digital_certificate_url: Patch<String>,
    pub referral_code: Patch<String>,
    pub consent_given_at: Patch<DateTime<Utc>>,
    pub consent_version: Patch<String>,
    pub accepts_encrypted_assignments: Option<bool>,
    pub geographic_location_id: Patch<Uuid>,
    pub is_visible_on_map: Option<bool>,
    pub years_of_experience: Patch<i32>,
    pub specializations: Patch<Vec<String>>,
    pub bio: Patch<String>,
    pub profile_photo_url: Patch<String>,
    pub notification_opt_ins: Patch<serde_json::Value>,
}

/// `specializations_known_values`: one warning per tag the matching does not know.
pub fn specialization_warnings(tags: &[String]) -> Vec<Warning> {
    tags.iter()
        .filter(|t| !profiles::KNOWN_SPECIALIZATIONS.contains(&t.as_str()))
        .map(|t| Warning {
            rule: "specializations_known_values".into(),
            field: "specializations".into(),
            message: format!(
                "\"{t}\" is not a known specialization; matching will not use it (known: {})",
                profiles::KNOWN_SPECIALIZATIONS.join(", ")
            ),
        })
        .collect()
}

/// Updates the details of a profile in scope, checking every field rule first.
pub async fn update_details(
    txn: &DatabaseTransaction,
    writer: &Writer<'_>,
    profile_id: Uuid,
    input: ProfileDetails,
    now: DateTime<Utc>,
) -> ApiResult<(profiles::Model, Vec<Warning>)> {
    let viewer = writer.viewer;
    let profile = writer
        .find_for::<profiles::Entity>(txn, Action::Update, profile_id)
        .await?;
    let own = profile.user_id == viewer.user_id;
    let staff = is_staff(viewer, "UPDATE_PEER_MENTOR_PROFILES");

    // Who may change what: certification data is the organization's, consent the mentor's.
    let certification_change = !input.certification_expiry_date.is_keep()
        || input.certification_status.is_some()
        || !input.digital_certificate_url.is_keep();
    if certification_change && !staff {
        return Err(ApiError::forbidden(
            "certification data is maintained by coordinators and org admins",
        ));
    }
    let consent_change = !input.consent_given_at.is_keep()
        || !input.consent_version.is_keep()
        || input.accepts_encrypted_assignments == Some(true);
    if consent_change && !own {
        return Err(ApiError::forbidden(
            "only the peer mentor can give consent to encrypted assignments",
        ));
    }

    // certification_expiry_future_date
    if let Some(d) = input.certification_expiry_date.value()
        && *d <= now
    {
        return Err(ApiError::bad_input(
            "certificationExpiryDate",
            "certification_expiry_future_date",
            "certificationExpiryDate must be in the future",
        ));
    }

    // referral_code_format (+ the seed's uniqueness, within the organization: another
    // tenant's codes are not this one's to learn)
    let referral_code = match &input.referral_code {
        Patch::Set(code) => {
            let code = code.trim().to_string();
            if !profiles::referral_code_is_valid(&code) {
                return Err(ApiError::bad_input(
                    "referralCode",
                    "referral_code_format",
                    "referralCode must be 4-32 characters: A-Z, 0-9 and inner hyphens",
                ));
            }
            let taken = profiles::Entity::find()
                .filter(profiles::Column::OrganizationId.eq(profile.organization_id))
                .filter(profiles::Column::ReferralCode.eq(code.as_str()))
                .filter(profiles::Column::Id.ne(profile.id))
                .one(txn)
                .await?
                .is_some();
            if taken {
                return Err(ApiError::Conflict(
                    "this referral code is taken; choose another".into(),
                ));
            }
            Patch::Set(code)
        }
        other => other.clone(),
    };

    // years_of_experience_range
    let years = profiles::YEARS_OF_EXPERIENCE_RANGE;
    validation::number_between(
        "years_of_experience",
        input.years_of_experience.value().copied(),
        *years.start(),
        *years.end(),
        "years_of_experience_range",
    )?;

    // consent_version_required_with_timestamp
    let consent_given_at = input.consent_given_at.resolve(profile.consent_given_at);
    let consent_version = input
        .consent_version
        .resolve(profile.consent_version.clone())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    if consent_given_at.is_some() && consent_version.is_none() {
        return Err(ApiError::bad_input(
            "consentVersion",
            "consent_version_required_with_timestamp",
            "consentVersion is required when consentGivenAt is set",
        ));
    }
    if consent_version.is_some() && consent_given_at.is_none() {
        return Err(ApiError::bad_input(
            "consentGivenAt",
            "consent_version_required_with_timestamp",
            "consentGivenAt is required with consentVersion",
        ));
    }
    if consent_given_at.is_some_and(|c| c > now + chrono::Duration::minutes(5)) {
        return Err(ApiError::bad_input(
            "consentGivenAt",
            "consent_version_required_with_timestamp",
            "consentGivenAt cannot be in the future",
        ));
    }

    // encrypted_assignment_consent_gate: accepting needs a recorded consent.
    let accepts = input
        .accepts_encrypted_assignments
        .unwrap_or(profile.accepts_encrypted_assignments);
    if accepts && consent_given_at.is_none() {
        return Err(ApiError::bad_input(
            "acceptsEncryptedAssignments",
            "encrypted_assignment_consent_gate",
            "accepting encrypted assignments needs consent (consentGivenAt and consentVersion)",
        ));
    }

    // tenant_isolation: the location must be this mentor's, in this organization, in scope.
    if let Some(loc) = input.geographic_location_id.value() {
        let found = scoped::<locations::Entity>(viewer, Action::Read)?
            .filter(locations::Column::Id.eq(*loc))
            .filter(locations::Column::UserId.eq(profile.user_id))
            .filter(locations::Column::OrganizationId.eq(profile.organization_id))
            .one(txn)
            .await?;
        if found.is_none() {
            return Err(ApiError::bad_input(
                "geographicLocationId",
                "tenant_isolation",
                "geographicLocationId does not name a location of this peer mentor in your organization",
            ));
        }
    }

    // map_visibility_requires_location (with the mentor's location consent standing)
    let location_id = input
        .geographic_location_id
        .resolve(profile.geographic_location_id);
    let visible = input.is_visible_on_map.unwrap_or(profile.is_visible_on_map);
    if visible {
        let usable = match location_id {
            Some(id) => locations::Entity::find_by_id(id)
                .filter(locations::Column::OrganizationId.eq(profile.organization_id))
                .filter(locations::Column::DeletedAt.is_null())
                .one(txn)
                .await?
                .is_some_and(|l| l.has_consent() && l.latitude.is_some()),
            None => false,
        };
        if !usable {
            return Err(ApiError::bad_input(
                "isVisibleOnMap",
                "map_visibility_requires_location",
                "isVisibleOnMap needs a location (geographicLocationId) the mentor consented to",
            ));
        }
    }

    // specializations_known_values (warning only)
    let specializations = match &input.specializations {
        Patch::Set(tags) => {
            let mut clean: Vec<String> = Vec::new();
            for t in tags.iter().map(|t| t.trim().to_lowercase()) {
                if !t.is_empty() && !clean.contains(&t) {
                    clean.push(t);
                }
            }
            Patch::Set(clean)
        }
        other => other.clone(),
    };
    let warnings = specializations
        .value()
        .map(|t| specialization_warnings(t))
        .unwrap_or_default();

    validation::text_max(
        "bio",
        input.bio.value().map(String::as_str),
        BIO_MAX_CHARS,
        "bio_length",
    )?;
    if input
        .notification_opt_ins
        .value()
        .is_some_and(|v| !v.is_object())
    {
        return Err(ApiError::bad_input(
            "notificationOptIns",
            "notification_opt_ins_object",
            "notificationOptIns must be a JSON object of scenario -> boolean",
        ));
    }

    let mut am = profile.clone().into_active_model();
    if !input.certification_expiry_date.is_keep() {
        am.certification_expiry_date = Set(input
            .certification_expiry_date
            .resolve(profile.certification_expiry_date));
        // A renewed certification is valid again unless the input says otherwise.
        if input.certification_status.is_none()
            && input.certification_expiry_date.value().is_some()
            && matches!(
                profile.certification_status,
                CertificationStatus::Expired | CertificationStatus::ExpiringSoon
            )
        {
            am.certification_status = Set(CertificationStatus::Valid);
        }
    }
    if let Some(s) = input.certification_status {
        am.certification_status = Set(s);
    }
    if !input.digital_certificate_url.is_keep() {
        am.digital_certificate_url = Set(input
            .digital_certificate_url
            .resolve(profile.digital_certificate_url.clone()));
    }
    if !referral_code.is_keep() {
        am.referral_code = Set(referral_code.resolve(profile.referral_code.clone()));
    }
    if !input.consent_given_at.is_keep() || !input.consent_version.is_keep() {
        am.consent_given_at = Set(consent_given_at);
        am.consent_version = Set(consent_version);
    }
    if input.accepts_encrypted_assignments.is_some() {
        am.accepts_encrypted_assignments = Set(accepts);
    }
    if !input.geographic_location_id.is_keep() {
        am.geographic_location_id = Set(location_id);
        am.location_last_updated_at = Set(location_id.map(|_| now));
    }
    if input.is_visible_on_map.is_some() {
        am.is_visible_on_map = Set(visible);
    }
    if !input.years_of_experience.is_keep() {
        am.years_of_experience = Set(input
            .years_of_experience
            .resolve(profile.years_of_experience));
    }
    if !specializations.is_keep() {
        am.specializations = Set(specializations.resolve(None).map(|t| json!(t)));
    }
    if !input.bio.is_keep() {
        am.bio = Set(trimmed(input.bio.resolve(profile.bio.clone())));
    }
    if !input.profile_photo_url.is_keep() {
        am.profile_photo_url = Set(input
            .profile_photo_url
            .resolve(profile.profile_photo_url.clone()));
    }
    if !input.notification_opt_ins.is_keep() {
        am.notification_opt_ins = Set(input
            .notification_opt_ins
            .resolve(profile.notification_opt_ins.clone()));
    }
    let updated = writer.update::<profiles::Entity>(txn, am).await?;
    Ok((updated, warnings))
}
