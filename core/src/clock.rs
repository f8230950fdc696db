//! The one clock of domain time: every timestamp the gateway stores or compares with stored ones
//! (rows' `created_at`, activity and report dates, session and grant expiry, "days ago" in the
//! demo data, the jobs' sweeps) is read from a `Clock`, never from `Utc::now()` directly.
//!
//! By default it is the system clock. `clock.now` in the configuration (or
//! `MEANDER__CLOCK__NOW`) sets it to an instant from which it then runs on, so a test run (or a
//! staging demo) can live on an awkward day: a month's or a year's last evening in Europe/Oslo, a
//! daylight-saving switch, 29 February. Two things keep the machine's time: the signed token
//! claims (`iat`, `nbf`, `exp`), which the token library and other services check against their
//! own clocks, and the audit log, which records when a write really happened.

use std::sync::OnceLock;

use chrono::{DateTime, TimeDelta, Utc};

/// Domain time: the system time, optionally moved by a fixed offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    offset: TimeDelta,
}

impl Clock {
    /// The machine's time.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that reads `start` at the moment this process first set a clock, and runs on from
    /// there. Every clock of one process shares that anchor, so test apps spawned one after the
    /// other agree with each other (and with the tests' own date arithmetic) to the microsecond.
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        static ANCHOR: OnceLock<DateTime<Utc>> = OnceLock::new();
        let anchor = *ANCHOR.get_or_init(Utc::now);
        Self {
            offset: start - anchor,
        }
    }

    /// From the `clock.now` setting: empty for the system clock, else an RFC 3339 instant.
    pub fn from_setting(now: &str) -> Result<Self, String> {
        if now.trim().is_empty() {
            return Ok(Self::system());
        }
        DateTime::parse_from_rfc3339(now.trim())
            .map(|t| Self::starting_at(t.with_timezone(&Utc)))
            .map_err(|e| {
                format!(
                    "must be empty or an RFC 3339 instant such as 2026-03-29T01:30:00+01:00 ({e})"
                )
            })
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }

    /// Whether this clock was moved away from the system time.
    pub fn is_set(&self) -> bool {
        self.offset != TimeDelta::zero()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_setting_is_the_system_clock() {
        let c = Clock::from_setting("").unwrap();
        assert!(!c.is_set());
        assert!((c.now() - Utc::now()).num_seconds().abs() < 2);
    }

    #[test]
    fn a_set_clock_starts_at_its_instant_and_runs_on() {
        let start = DateTime::parse_from_rfc3339("2028-02-29T23:30:00+01:00")
            .unwrap()
            .with_timezone(&Utc);
        let c = Clock::from_setting("2028-02-29T23:30:00+01:00").unwrap();
        let a = c.now();
        // Every clock of the process shares one anchor: at most the test's own runtime ahead.
        assert!(a >= start && a - start < TimeDelta::minutes(10), "{a}");
        assert!(c.now() >= a);
        // Two clocks from the same setting agree.
        assert_eq!(Clock::from_setting("2028-02-29T23:30:00+01:00").unwrap(), c);
    }

    #[test]
    fn a_malformed_setting_is_refused_with_an_example() {
        let err = Clock::from_setting("29.02.2028").unwrap_err();
        assert!(err.contains("RFC 3339"), "{err}");
    }
}
