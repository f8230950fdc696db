//! Training and certification: courses, enrollments, certifications, renewals, reminders.
