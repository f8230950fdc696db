//! Contacts: people receiving support, their notes, caregivers and relatives, personal notes, home visit reports, conversation cards.
