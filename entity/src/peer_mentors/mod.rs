//! Peer mentors: profiles (seed 002), availability history, locations, pairings, honorariums, NDAs, referrals.
