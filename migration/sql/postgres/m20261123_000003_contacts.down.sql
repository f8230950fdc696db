DROP TABLE "conversation_cards";
DROP TABLE "home_visit_reports";
DROP TABLE "personal_notes";
DROP TABLE "contact_relatives";
DROP TABLE "relatives";
DROP TABLE "caregivers";
DROP TABLE "contact_notes";
DROP TABLE "contacts";
