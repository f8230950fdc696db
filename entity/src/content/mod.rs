//! Content, sync and sales: resource links, FAQ, offline sync id mappings and queue, demo requests.
pub mod demo_requests;
pub mod faq_entries;
pub mod offline_id_mappings;
pub mod offline_sync_queue;
pub mod resource_links;
