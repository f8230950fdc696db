//! The texts of the notifications the workflows write, in the organization's language
//! (`calendar::Locale`: Norwegian unless the organization's locale is English) with dates of
//! the organization's calendar. One place for every text, so that a translation or a template
//! replaces them here. Texts name neither titles nor notes of the rows they are about: a
//! notification may show on a lock screen.

use chrono::{DateTime, NaiveDate, Utc};

use crate::calendar::{Calendar, Locale};

/// A notification's title and body.
pub struct Text {
    pub title: String,
    pub body: String,
}

/// `mentor_notified_on_decision`: an activity of `day` was approved (or rejected).
pub fn activity_decided(calendar: &Calendar, approved: bool, day: DateTime<Utc>) -> Text {
    let date = calendar.format_instant(day);
    match (calendar.locale, approved) {
        (Locale::Norwegian, true) => Text {
            title: "Aktivitet godkjent".into(),
            body: format!("Aktiviteten din {date} er godkjent."),
        },
        (Locale::Norwegian, false) => Text {
            title: "Aktivitet avvist".into(),
            body: format!("Aktiviteten din {date} er avvist."),
        },
        (Locale::English, true) => Text {
            title: "Activity approved".into(),
            body: format!("Your activity of {date} was approved."),
        },
        (Locale::English, false) => Text {
            title: "Activity rejected".into(),
            body: format!("Your activity of {date} was rejected."),
        },
    }
}

/// `certification_reminder` (profile): the mentor's certification expires at `expires`.
pub fn certification_expiring(calendar: &Calendar, expires: Option<DateTime<Utc>>) -> Text {
    let date = expires.map(|d| calendar.format_instant(d));
    match calendar.locale {
        Locale::Norwegian => Text {
            title: "Sertifiseringen din som likeperson utløper snart".into(),
            body: format!(
                "Sertifiseringen din utløper {}. Forny den i tide: når den utløper, settes du \
                 på pause automatisk.",
                date.unwrap_or_else(|| "snart".into())
            ),
        },
        Locale::English => Text {
            title: "Your peer mentor certification expires soon".into(),
            body: format!(
                "Your certification expires on {}. Renew it in time: when it expires you are \
                 paused automatically.",
                date.unwrap_or_else(|| "soon".into())
            ),
        },
    }
}

/// `certification_reminder` (scheduled reminder): certification `name` (None: unnamed) expires
/// on `expires`, or in `days` days.
pub fn certification_reminder(
    calendar: &Calendar,
    name: Option<&str>,
    expires: Option<NaiveDate>,
    days: i32,
) -> Text {
    let date = expires.map(|d| calendar.format_date(d));
    match calendar.locale {
        Locale::Norwegian => {
            let name = name.unwrap_or("Sertifiseringen din");
            Text {
                title: format!("{name} utløper snart"),
                body: match date {
                    Some(d) => format!("{name} utløper {d}. Husk å fornye den."),
                    None => format!("{name} utløper om {days} dager. Husk å fornye den."),
                },
            }
        }
        Locale::English => {
            let name = name.unwrap_or("Your certification");
            Text {
                title: format!("{name} expires soon"),
                body: match date {
                    Some(d) => format!("{name} expires on {d}. Remember to renew it."),
                    None => format!("{name} expires in {days} days. Remember to renew it."),
                },
            }
        }
    }
}

/// The title the mentor's coordinators get for the same reminder.
pub fn certification_reminder_to_coordinator(calendar: &Calendar, name: Option<&str>) -> String {
    match calendar.locale {
        Locale::Norwegian => format!(
            "En likepersons sertifisering utløper snart: {}",
            name.unwrap_or("sertifisering")
        ),
        Locale::English => format!(
            "A peer mentor's {} expires soon",
            name.unwrap_or("certification")
        ),
    }
}

/// The values an `activity_reviewed` template may name: `activity` (the type's name), `date`
/// and `decision`.
pub fn activity_decided_values(
    calendar: &Calendar,
    approved: bool,
    day: DateTime<Utc>,
    activity_type: String,
) -> Vec<(&'static str, String)> {
    let decision = match (calendar.locale, approved) {
        (Locale::Norwegian, true) => "godkjent",
        (Locale::Norwegian, false) => "avvist",
        (Locale::English, true) => "approved",
        (Locale::English, false) => "rejected",
    };
    vec![
        ("activity", activity_type),
        ("date", calendar.format_instant(day)),
        ("decision", decision.to_string()),
    ]
}

/// The values a `certificate_expiry` template may name: `certificate` (its name, or "your
/// certification"), `expires_on` and `days` (left until it expires).
pub fn certificate_values(
    calendar: &Calendar,
    name: Option<&str>,
    expires: Option<NaiveDate>,
    days: Option<i32>,
) -> Vec<(&'static str, String)> {
    let fallback = match calendar.locale {
        Locale::Norwegian => "Sertifiseringen din",
        Locale::English => "Your certification",
    };
    let mut values = vec![("certificate", name.unwrap_or(fallback).to_string())];
    if let Some(d) = expires {
        values.push(("expires_on", calendar.format_date(d)));
    }
    if let Some(d) = days {
        values.push(("days", d.to_string()));
    }
    values
}

/// `assignment_dispatch`: a new assignment from `coordinator`; never its title or contents.
pub fn assignment_dispatched(calendar: &Calendar, coordinator: &str) -> Text {
    match calendar.locale {
        Locale::Norwegian => Text {
            title: "Du har fått et nytt oppdrag".into(),
            body: format!("Åpne appen for å lese oppdraget fra {coordinator}."),
        },
        Locale::English => Text {
            title: "You have a new assignment".into(),
            body: format!("Open the app to read the assignment from {coordinator}."),
        },
    }
}

/// `assignment_threshold_honorar`: `mentor` reached the threshold `name` (`count` assignments).
pub fn honorarium_threshold(calendar: &Calendar, mentor: &str, name: &str, count: i32) -> Text {
    match calendar.locale {
        Locale::Norwegian => Text {
            title: format!("Honorargrense nådd: {name}"),
            body: format!("{mentor} har fullført {count} oppdrag i perioden ({name})."),
        },
        Locale::English => Text {
            title: format!("Honorarium threshold reached: {name}"),
            body: format!("{mentor} reached {count} completed assignments this period ({name})."),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn messages_name_the_organizations_day_in_its_language() {
        // 00:30 on 1 February in Oslo: the UTC date is still 31 January.
        let t = activity_decided(&Calendar::default(), true, at("2026-01-31T23:30:00Z"));
        assert_eq!(t.title, "Aktivitet godkjent");
        assert_eq!(t.body, "Aktiviteten din 1. februar 2026 er godkjent.");
        let en = Calendar::new("Europe/Oslo", "en-GB");
        let t = activity_decided(&en, false, at("2026-01-31T23:30:00Z"));
        assert_eq!(t.body, "Your activity of 1 February 2026 was rejected.");
        let t = certification_reminder(&en, None, None, 30);
        assert_eq!(t.title, "Your certification expires soon");
        assert!(t.body.contains("in 30 days"));
    }
}
