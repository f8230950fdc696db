//! Content, sync and sales: resource links, FAQ, offline sync id mappings and queue, demo requests.
