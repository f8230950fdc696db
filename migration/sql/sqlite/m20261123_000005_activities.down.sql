DROP TABLE "calendar_integrations";
DROP TABLE "delegation_grants";
DROP TABLE "activity_flags";
DROP TABLE "activity_logs";
DROP TABLE "activity_documents";
DROP TABLE "activities";
DROP TABLE "bulk_registrations";
DROP TABLE "activity_types";
