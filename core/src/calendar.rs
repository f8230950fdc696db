//! The organization's calendar. A "day" is a day where the organization is: an activity at 00:30
//! on 1 February in Oslo (23:30 UTC on 31 January) is February's, in statistics, team reports and
//! the Bufdir report alike, and a date shown in a message is that day. Every organization has a
//! time zone (`organizations.time_zone`, an IANA name, default Europe/Oslo) and a locale
//! (`default_locale`, default nb-NO); nothing that counts days uses UTC days.
//!
//! Ranges of days are half-open ranges of instants, `[start of from, start of the day after to)`,
//! so they compare with stored `timestamptz`/UTC text alike on both databases, and a day on a
//! daylight-saving switch is 23 or 25 hours long, as it is for the people living it.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use entity::organizations;

/// The time zone of an organization that names none (and of the demo organizations).
pub const DEFAULT_TIME_ZONE: &str = "Europe/Oslo";
/// The locale of an organization that names none.
pub const DEFAULT_LOCALE: &str = "nb-NO";

/// An organization's time zone and locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    pub tz: Tz,
    pub locale: Locale,
}

/// The languages messages are written in: Norwegian (bokmål) unless the organization says
/// English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    Norwegian,
    English,
}

impl Locale {
    pub fn parse(tag: &str) -> Self {
        if tag.to_ascii_lowercase().starts_with("en") {
            Self::English
        } else {
            Self::Norwegian
        }
    }
}

/// `time_zone_known`: an IANA time zone name the server knows.
pub fn parse_time_zone(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}

impl Default for Calendar {
    fn default() -> Self {
        Self {
            tz: chrono_tz::Europe::Oslo,
            locale: Locale::Norwegian,
        }
    }
}

impl Calendar {
    pub fn new(time_zone: &str, locale: &str) -> Self {
        Self {
            tz: parse_time_zone(time_zone).unwrap_or(chrono_tz::Europe::Oslo),
            locale: Locale::parse(locale),
        }
    }

    /// The calendar of organization `org` (the default one for a row that is gone).
    pub async fn of(db: &impl ConnectionTrait, org: Uuid) -> ApiResult<Self> {
        let row = organizations::Entity::find_by_id(org)
            .one(db)
            .await
            .map_err(ApiError::from)?;
        Ok(row.map_or_else(Self::default, |o| {
            Self::new(&o.time_zone, &o.default_locale)
        }))
    }

    /// The organization's day at `instant`.
    pub fn day_of(&self, instant: DateTime<Utc>) -> NaiveDate {
        instant.with_timezone(&self.tz).date_naive()
    }

    /// The first instant of `day` in the organization (its midnight, or the first instant after
    /// it where a switch skips midnight).
    pub fn start_of(&self, day: NaiveDate) -> DateTime<Utc> {
        let midnight = day.and_hms_opt(0, 0, 0).expect("midnight is a time");
        // A gap at midnight (some zones switch there): the first hour that exists.
        (0..=3)
            .find_map(|h| {
                self.tz
                    .from_local_datetime(&(midnight + Duration::hours(h)))
                    .earliest()
            })
            .map_or_else(
                || Utc.from_utc_datetime(&midnight),
                |t| t.with_timezone(&Utc),
            )
    }

    /// The instants of the days `from..=to`: `[start of from, start of the day after to)`.
    pub fn range(&self, from: NaiveDate, to: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let after = to.succ_opt().unwrap_or(to);
        (self.start_of(from), self.start_of(after))
    }

    /// The first day of the month `instant` falls in, for the organization.
    pub fn month_start(&self, instant: DateTime<Utc>) -> NaiveDate {
        let d = self.day_of(instant);
        NaiveDate::from_ymd_opt(d.year(), d.month(), 1).expect("first of month")
    }

    /// `day` as people of the organization write it: "1. februar 2026" or "1 February 2026".
    pub fn format_date(&self, day: NaiveDate) -> String {
        const NB: [&str; 12] = [
            "januar",
            "februar",
            "mars",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "desember",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let m = day.month0() as usize;
        match self.locale {
            Locale::Norwegian => format!("{}. {} {}", day.day(), NB[m], day.year()),
            Locale::English => format!("{} {} {}", day.day(), EN[m], day.year()),
        }
    }

    /// The organization's day of `instant`, written for people (`format_date`).
    pub fn format_instant(&self, instant: DateTime<Utc>) -> String {
        self.format_date(self.day_of(instant))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn calendar_day_is_the_organizations_day_not_the_utc_day() {
        let oslo = Calendar::default();
        // 00:30 on 1 February in Oslo is 23:30 UTC the day before.
        assert_eq!(oslo.day_of(at("2026-01-31T23:30:00Z")), day("2026-02-01"));
        assert_eq!(oslo.day_of(at("2026-01-31T22:30:00Z")), day("2026-01-31"));
        // New Year: 00:30 on 1 January belongs to the new year.
        assert_eq!(oslo.day_of(at("2026-12-31T23:30:00Z")), day("2027-01-01"));
        // Summer time (UTC+2): 00:30 on 1 July is 22:30 UTC on 30 June.
        assert_eq!(oslo.day_of(at("2026-06-30T22:30:00Z")), day("2026-07-01"));
    }

    #[test]
    fn calendar_ranges_follow_daylight_saving_switches() {
        let oslo = Calendar::default();
        let (from, to) = oslo.range(day("2026-02-01"), day("2026-02-28"));
        assert_eq!(from, at("2026-01-31T23:00:00Z"));
        assert_eq!(to, at("2026-02-28T23:00:00Z"));
        // 29 March 2026 (spring forward) has 23 hours, 25 October 2026 (fall back) 25.
        let (a, b) = oslo.range(day("2026-03-29"), day("2026-03-29"));
        assert_eq!(b - a, Duration::hours(23));
        let (a, b) = oslo.range(day("2026-10-25"), day("2026-10-25"));
        assert_eq!(b - a, Duration::hours(25));
        assert_eq!(a, at("2026-10-24T22:00:00Z"));
    }

    #[test]
    fn calendar_start_of_a_day_whose_midnight_is_skipped() {
        // America/Santiago springs forward at midnight: 2026-09-06 00:00 does not exist there.
        let santiago = Calendar::new("America/Santiago", "en");
        let start = santiago.start_of(day("2026-09-06"));
        assert_eq!(santiago.day_of(start), day("2026-09-06"));
        assert!(santiago.day_of(start - Duration::seconds(1)) < day("2026-09-06"));
    }

    #[test]
    fn calendar_dates_in_messages_follow_the_locale() {
        let nb = Calendar::default();
        assert_eq!(nb.format_date(day("2026-02-01")), "1. februar 2026");
        let en = Calendar::new("Europe/London", "en-GB");
        assert_eq!(en.format_date(day("2026-02-01")), "1 February 2026");
        assert_eq!(
            nb.format_instant(at("2026-01-31T23:30:00Z")),
            "1. februar 2026"
        );
    }

    #[test]
    fn time_zone_known_accepts_iana_names_only() {
        assert!(parse_time_zone("Europe/Oslo").is_some());
        assert!(parse_time_zone("UTC").is_some());
        assert!(parse_time_zone("Europe/Atlantis").is_none());
        assert!(parse_time_zone("").is_none());
        // An unknown name read from the database falls back to Oslo rather than failing.
        assert_eq!(Calendar::new("nowhere", "nb-NO"), Calendar::default());
    }
}
