DROP TABLE "demo_requests";
DROP TABLE "offline_id_mappings";
DROP TABLE "offline_sync_queue";
DROP TABLE "faq_entries";
DROP TABLE "resource_links";
