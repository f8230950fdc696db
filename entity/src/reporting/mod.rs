//! Recognition, reporting and exports: badges, impact summaries, benefit estimates, report periods, Bufdir reports, custom reports, accounting exports.

pub mod accounting_exports;
pub mod achievement_badges;
pub mod benefit_estimates;
pub mod bufdir_reports;
pub mod custom_report_definitions;
pub mod impact_summaries;
pub mod report_periods;
pub mod user_badges;
