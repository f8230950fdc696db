DROP TABLE "certification_reminders";
DROP TABLE "certification_renewals";
DROP TABLE "course_enrollments";
DROP TABLE "certifications";
DROP TABLE "courses";
