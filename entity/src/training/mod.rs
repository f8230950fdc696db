//! Training and certification: courses, enrollments, certifications, renewals, reminders.

pub mod certification_reminders;
pub mod certification_renewals;
pub mod certifications;
pub mod course_enrollments;
pub mod courses;
