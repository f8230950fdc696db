use std::{sync::Arc, time::Duration};

use sea_orm::DatabaseConnection;

use crate::{auth::jwt::TokenService, authz::ViewerCache, config::Settings};

/// Shared by every request; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: DatabaseConnection,
    pub tokens: Arc<TokenService>,
    pub viewers: Arc<ViewerCache>,
}

impl AppState {
    pub fn new(settings: Settings, db: DatabaseConnection) -> anyhow::Result<Self> {
        let tokens = TokenService::from_settings(&settings.auth)?;
        let viewers = ViewerCache::new(Duration::from_secs(settings.auth.viewer_cache_seconds));
        Ok(Self {
            settings: Arc::new(settings),
            db,
            tokens: Arc::new(tokens),
            viewers: Arc::new(viewers),
        })
    }

    pub fn authenticator(&self) -> crate::auth::session::Authenticator<'_> {
        crate::auth::session::Authenticator {
            db: &self.db,
            tokens: &self.tokens,
            settings: &self.settings.auth,
        }
    }
}
