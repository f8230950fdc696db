DROP TABLE "workshop_tasks";
DROP TABLE "workshop_notes";
DROP TABLE "workshop_participants";
DROP TABLE "workshop_sessions";
DROP TABLE "event_participants";
DROP TABLE "events";
