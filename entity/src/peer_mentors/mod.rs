//! Peer mentors: profiles (seed 002), availability history, locations, pairings, honorariums, NDAs, referrals.

pub mod assignment_honorarium_records;
pub mod driver_confidentiality_declarations;
pub mod driver_honorariums;
pub mod geographic_locations;
pub mod honorarium_thresholds;
pub mod member_recruitments;
pub mod mentor_pairings;
pub mod nda_agreements;
pub mod peer_mentor_availability;
pub mod peer_mentor_profiles;
pub mod referral_links;
