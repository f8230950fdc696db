//! Encrypted assignments: the field rules of an assignment and its status names.

use super::*;

pub(super) fn status_name(s: Status) -> &'static str {
    match s {
        Status::Draft => "draft",
        Status::Dispatched => "dispatched",
        Status::Delivered => "delivered",
        Status::Read => "read",
        Status::Accepted => "accepted",
        Status::Declined => "declined",
        Status::Completed => "completed",
        Status::Cancelled => "cancelled",
    }
}

pub(super) fn guard(message: impl Into<String>) -> ApiError {
    ApiError::bad_input("status", RULE_TRANSITION, message)
}

pub(super) fn refused(from: Status, to: Status) -> ApiError {
    guard(format!(
        "an assignment that is {} cannot become {}",
        status_name(from),
        status_name(to)
    ))
}

pub(super) fn require_dispatcher(viewer: &Viewer) -> ApiResult<()> {
    if viewer.can(DISPATCH_ASSIGNMENTS) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "missing permission {DISPATCH_ASSIGNMENTS}"
        )))
    }
}

pub(super) fn text_rules(
    field: &str,
    value: &str,
    max: usize,
    length_rule: &str,
    required: bool,
) -> ApiResult<()> {
    if required {
        validation::text_not_blank(field, Some(value), "required_fields")?;
    }
    validation::text_max(field, Some(value), max, length_rule)
}

pub(super) fn base64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_')
}

pub(super) fn validate_new(input: &NewAssignment) -> ApiResult<()> {
    text_rules("title", &input.title, TITLE_MAX_CHARS, "title_length", true)?;
    text_rules(
        "ciphertext",
        &input.ciphertext,
        CIPHERTEXT_MAX_CHARS,
        "ciphertext_base64",
        true,
    )?;
    if input.ciphertext.chars().count() < 4 || !input.ciphertext.chars().all(base64_char) {
        return Err(ApiError::bad_input(
            "ciphertext",
            "ciphertext_base64",
            "ciphertext must be the base64 ciphertext (the server never takes plaintext)",
        ));
    }
    text_rules(
        "keyReference",
        &input.key_reference,
        KEY_REFERENCE_MAX_CHARS,
        "key_reference_length",
        true,
    )?;
    text_rules(
        "encryptionScheme",
        &input.encryption_scheme,
        SCHEME_MAX_CHARS,
        "encryption_scheme_length",
        true,
    )?;
    Ok(())
}

pub(super) fn optional_reason(field: &str, reason: Option<String>) -> ApiResult<Option<String>> {
    let reason = reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    if let Some(r) = &reason {
        text_rules(field, r, REASON_MAX_CHARS, "reason_length", false)?;
    }
    Ok(reason)
}
