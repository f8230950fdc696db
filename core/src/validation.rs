//! Per-field input rules, checked on the values a mutation is about to write (create and update
//! alike). Each failure is BAD_USER_INPUT naming the field and the rule, e.g.
//! `validation::max_len("title", &am.title, 200, "title_length")`. Only set values are checked:
//! an update that leaves a column alone is not re-validated.

use sea_orm::ActiveValue;

use crate::{
    authz::writes::field_name,
    error::{ApiError, ApiResult},
};

/// A value a rule can look at: the column's value, or nothing for NULL.
pub trait Checked {
    type Inner: ?Sized;
    fn checked(&self) -> Option<&Self::Inner>;
}

impl Checked for String {
    type Inner = str;
    fn checked(&self) -> Option<&str> {
        Some(self)
    }
}

impl Checked for Option<String> {
    type Inner = str;
    fn checked(&self) -> Option<&str> {
        self.as_deref()
    }
}

macro_rules! checked_number {
    ($($t:ty),*) => {$(
        impl Checked for $t {
            type Inner = $t;
            fn checked(&self) -> Option<&$t> {
                Some(self)
            }
        }
        impl Checked for Option<$t> {
            type Inner = $t;
            fn checked(&self) -> Option<&$t> {
                self.as_ref()
            }
        }
    )*};
}
checked_number!(i32, i64, f64);

fn value<V: Checked + Into<sea_orm::Value>>(v: &ActiveValue<V>) -> Option<&V::Inner> {
    match v {
        ActiveValue::Set(v) => v.checked(),
        _ => None,
    }
}

fn fail(column: &str, rule: &str, message: String) -> ApiError {
    ApiError::bad_input(field_name(column), rule, message)
}

/// Text of at most `max` characters.
pub fn max_len<V>(column: &str, v: &ActiveValue<V>, max: usize, rule: &str) -> ApiResult<()>
where
    V: Checked<Inner = str> + Into<sea_orm::Value>,
{
    text_max(column, value(v), max, rule)
}

/// Text that is not empty or only whitespace.
pub fn not_blank<V>(column: &str, v: &ActiveValue<V>, rule: &str) -> ApiResult<()>
where
    V: Checked<Inner = str> + Into<sea_orm::Value>,
{
    text_not_blank(column, value(v), rule)
}

/// A number within `min..=max`.
pub fn range<V, N>(column: &str, v: &ActiveValue<V>, min: N, max: N, rule: &str) -> ApiResult<()>
where
    V: Checked<Inner = N> + Into<sea_orm::Value>,
    N: PartialOrd + std::fmt::Display + Copy,
{
    number_between(column, value(v).copied(), min, max, rule)
}

/// A plausible email address (one `@`, a dot in the domain, no spaces).
pub fn email<V>(column: &str, v: &ActiveValue<V>, rule: &str) -> ApiResult<()>
where
    V: Checked<Inner = str> + Into<sea_orm::Value>,
{
    let ok = |s: &str| {
        let mut parts = s.split('@');
        matches!((parts.next(), parts.next(), parts.next()), (Some(l), Some(d), None)
            if !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.'))
            && !s.contains(char::is_whitespace)
    };
    match value(v) {
        Some(s) if !ok(s) => Err(fail(
            column,
            rule,
            format!("{} is not a valid email address", field_name(column)),
        )),
        _ => Ok(()),
    }
}

/// Text made only of the characters `allowed` accepts, `min..=max` long.
pub fn pattern<V>(
    column: &str,
    v: &ActiveValue<V>,
    min: usize,
    max: usize,
    allowed: fn(char) -> bool,
    rule: &str,
) -> ApiResult<()>
where
    V: Checked<Inner = str> + Into<sea_orm::Value>,
{
    match value(v) {
        Some(s)
            if s.chars().count() < min || s.chars().count() > max || !s.chars().all(allowed) =>
        {
            Err(fail(
                column,
                rule,
                format!("{} has an invalid format", field_name(column)),
            ))
        }
        _ => Ok(()),
    }
}

/// `time_zone_known`: an IANA time zone name (e.g. "Europe/Oslo").
pub fn time_zone<V>(column: &str, v: &ActiveValue<V>, rule: &str) -> ApiResult<()>
where
    V: Checked<Inner = str> + Into<sea_orm::Value>,
{
    match value(v) {
        Some(s) if crate::calendar::parse_time_zone(s).is_none() => Err(fail(
            column,
            rule,
            format!(
                "{} must be an IANA time zone name such as Europe/Oslo",
                field_name(column)
            ),
        )),
        _ => Ok(()),
    }
}

/// `feature_known`: the key of a feature area the server gates (`authz::features::AREAS`); a
/// misspelt key would switch nothing on.
pub fn feature_area<V>(column: &str, v: &ActiveValue<V>, rule: &str) -> ApiResult<()>
where
    V: Checked<Inner = str> + Into<sea_orm::Value>,
{
    match value(v) {
        Some(s) if crate::authz::features::area(s).is_none() => Err(fail(
            column,
            rule,
            format!(
                "{} must be one of the feature areas: {}",
                field_name(column),
                crate::authz::features::AREAS
                    .iter()
                    .map(|a| a.key)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
        _ => Ok(()),
    }
}

// The same rules on a value a workflow holds rather than an `ActiveValue`, so a workflow's check
// and a table's declaration answer one message per rule.

/// Text that is not empty or only whitespace.
pub fn text_not_blank(column: &str, s: Option<&str>, rule: &str) -> ApiResult<()> {
    match s {
        Some(s) if s.trim().is_empty() => Err(fail(
            column,
            rule,
            format!("{} must not be blank", field_name(column)),
        )),
        _ => Ok(()),
    }
}

/// Text of at most `max` characters.
pub fn text_max(column: &str, s: Option<&str>, max: usize, rule: &str) -> ApiResult<()> {
    match s {
        Some(s) if s.chars().count() > max => Err(fail(
            column,
            rule,
            format!("{} must be at most {max} characters", field_name(column)),
        )),
        _ => Ok(()),
    }
}

/// Text of `min..=max` characters; whitespace only counts as empty.
pub fn text_between(
    column: &str,
    s: Option<&str>,
    min: usize,
    max: usize,
    rule: &str,
) -> ApiResult<()> {
    let len = |s: &str| match s.trim().is_empty() {
        true => 0,
        false => s.chars().count(),
    };
    match s {
        Some(s) if len(s) < min || len(s) > max => Err(fail(
            column,
            rule,
            format!("{} must be {min} to {max} characters", field_name(column)),
        )),
        _ => Ok(()),
    }
}

/// A number within `min..=max`.
pub fn number_between<N>(column: &str, n: Option<N>, min: N, max: N, rule: &str) -> ApiResult<()>
where
    N: PartialOrd + std::fmt::Display + Copy,
{
    match n {
        Some(n) if n < min || n > max => Err(fail(
            column,
            rule,
            format!("{} must be between {min} and {max}", field_name(column)),
        )),
        _ => Ok(()),
    }
}

/// A number of at least `min`.
pub fn at_least<N>(column: &str, n: Option<N>, min: N, rule: &str) -> ApiResult<()>
where
    N: PartialOrd + std::fmt::Display + Copy,
{
    match n {
        Some(n) if n < min => Err(fail(
            column,
            rule,
            format!("{} must be at least {min}", field_name(column)),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::ActiveValue::{NotSet, Set};

    #[test]
    fn rules_check_only_set_values_and_name_the_rule() {
        assert!(max_len("title", &Set("abc".to_string()), 3, "title_length").is_ok());
        let err = max_len("title", &Set("abcd".to_string()), 3, "title_length").unwrap_err();
        assert!(
            matches!(err, ApiError::BadUserInput { ref rule, ref field, .. } if rule == "title_length" && field == "title")
        );
        assert!(max_len::<String>("title", &NotSet, 3, "t").is_ok());
        assert!(range("duration_minutes", &Set(5i32), 5, 480, "duration_range").is_ok());
        assert!(range("duration_minutes", &Set(481i32), 5, 480, "duration_range").is_err());
        // Whitespace is empty text: a blank title is too short, whatever its length.
        assert!(text_between("title", Some("   "), 1, 200, "title_length").is_err());
        assert!(text_between("title", Some("a"), 1, 200, "title_length").is_ok());
        assert!(text_between("title", None, 1, 200, "title_length").is_ok());
        assert!(
            at_least(
                "participant_count",
                Some(0),
                1,
                "participant_count_positive"
            )
            .is_err()
        );
        assert!(range("years", &Set(None::<i32>), 0, 80, "r").is_ok());
        assert!(not_blank("name", &Set("  ".to_string()), "required_fields").is_err());
        assert!(email("email", &Set("a@b.no".to_string()), "email_format").is_ok());
        assert!(email("email", &Set("a@b".to_string()), "email_format").is_err());
        assert!(email("email", &Set(Some("x y@b.no".to_string())), "email_format").is_err());
    }

    #[test]
    fn field_names_are_camel_case() {
        assert_eq!(field_name("duration_minutes"), "durationMinutes");
        assert_eq!(field_name("id"), "id");
    }
}
