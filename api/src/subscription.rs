//! The `Subscription` root: `notificationAdded`, the viewer's new notifications, served over
//! WebSocket at `/graphql/ws` with the `graphql-transport-ws` protocol (`app::ws`: the access
//! token in the `connection_init` payload, verified like an HTTP request's).
//!
//! Delivery works with any number of stateless instances over one database:
//!
//! - The `notifications` table is the only source of truth; nothing is delivered that is not a
//!   committed row, and nothing is kept in memory but each subscription's cursor.
//! - A subscription reads its viewer's new rows through the row-scoped select
//!   (`authz::scoped::<notifications::Entity>(viewer, Read)`, plus `user_id = viewer`, plus the
//!   optional category), oldest first by `(created_at, id)` (UUID v7 ids are time ordered).
//! - It reads when woken and otherwise every `subscriptions.poll_interval_ms`. Wake-ups
//!   (`meander_core::wakeups`): `workflows::notifications::notify` (the one place workflows write
//!   notifications) queues one for the recipient, sent when the operation that wrote it has
//!   finished, so after its commit, to the subscribers on the same instance and, on PostgreSQL,
//!   to the other replicas (`meander_core::cluster`, `LISTEN/NOTIFY`), whose subscribers read at once
//!   too. Rows written by the command line, and wake-ups a replica missed, are found by the
//!   poll. A wake-up carries no data: a spurious one costs a read that finds nothing.
//! - "New" means created after the connection was acknowledged ([`ConnectedAt`]: a client that
//!   subscribes after `connection_ack` misses nothing written after the ack, whenever the server
//!   gets to its `subscribe`) and not yet sent by this subscription. Each read looks
//!   [`LATE_COMMIT_SECONDS`] behind the newest row it has seen and leaves out the ids it already
//!   sent there, so a row whose transaction committed after a newer row (its `created_at` is the
//!   insert time, not the commit time), or that came from an instance whose clock is a little
//!   behind, is still delivered, exactly once per subscription.
//! - No replay: a client that reconnects reads what it missed with the `notifications` query
//!   (`filter: { createdAt: { gt: ... } }`).
//! - Each read checks the session again (through the viewer cache, like HTTP requests): a
//!   revoked session, a disabled user or an expired access token ends the subscription with an
//!   UNAUTHENTICATED error.

use std::{
    collections::{HashMap, VecDeque},
    sync::Arc,
    time::Duration,
};

use async_graphql::{
    Context, Result, Subscription,
    futures_util::stream::{self, BoxStream, StreamExt},
};
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::{
    sync::broadcast::{self, error::RecvError},
    time::Instant,
};
use uuid::Uuid;

use super::{
    context::{ContextExt, Services},
    model::access::Notification,
};
use entity::notifications::{self, Column, NotificationCategory};
use meander_core::{
    auth::jwt::Claims,
    authz::{Action, Viewer, scoped},
    error::{ApiError, ApiResult},
};

/// How far behind the newest row seen each read looks for rows committed late.
pub const LATE_COMMIT_SECONDS: i64 = 60;

/// Rows read at most at once; a full page is followed by another read without waiting.
const PAGE: u64 = 100;

/// When the WebSocket connection was acknowledged (request data put by `app::ws`): the
/// subscriptions of the connection send the rows created after it.
#[derive(Clone, Copy, Debug)]
pub struct ConnectedAt(pub DateTime<Utc>);

/// Root subscription type.
#[derive(Default)]
pub struct Subscription;

#[Subscription]
impl Subscription {
    /// Your new notifications, as they are written (assignments dispatched to you, your
    /// activities approved or rejected, ...), optionally of one category only. Needs a signed-in
    /// connection (the access token in `connection_init`); ends with UNAUTHENTICATED when the
    /// session is revoked or the token expires. Rows written before the connection was
    /// acknowledged are not sent: read them with the `notifications` query.
    async fn notification_added(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only notifications of this category.")] category: Option<
            NotificationCategory,
        >,
    ) -> Result<BoxStream<'static, Result<Notification>>> {
        let viewer = ctx.viewer()?.clone();
        let claims = ctx
            .request()
            .claims
            .clone()
            .ok_or(ApiError::Unauthenticated)?;
        let app = ctx.app().clone();
        let since = ctx
            .data_opt::<ConnectedAt>()
            .map_or_else(|| ctx.now(), |c| c.0);
        let mut feed = Feed {
            wake: app.wakeups.subscribe(),
            poll: Duration::from_millis(app.settings.subscriptions.poll_interval_ms),
            app,
            claims,
            viewer,
            category,
            seen: HashMap::new(),
            newest: since,
            ready: VecDeque::new(),
            more: false,
            ended: false,
        };
        // Rows from before the connection are not new: remember them without sending them.
        let mut fresh = VecDeque::new();
        loop {
            feed.read().await?;
            fresh.extend(feed.ready.drain(..).filter(|r| r.created_at > since));
            if !feed.more {
                break;
            }
        }
        feed.ready = fresh;
        Ok(stream::unfold(feed, |mut feed| async move {
            let item = feed.next().await?;
            Some((item, feed))
        })
        .boxed())
    }
}

fn window() -> TimeDelta {
    TimeDelta::seconds(LATE_COMMIT_SECONDS)
}

/// One subscription's cursor.
struct Feed {
    app: Arc<Services>,
    claims: Claims,
    viewer: Arc<Viewer>,
    category: Option<NotificationCategory>,
    wake: broadcast::Receiver<Uuid>,
    poll: Duration,
    /// Rows already read (sent, or there at the start) in the window, with their `created_at`.
    seen: HashMap<Uuid, DateTime<Utc>>,
    /// The newest `created_at` seen (at first, when the connection was acknowledged).
    newest: DateTime<Utc>,
    ready: VecDeque<notifications::Model>,
    /// The last read filled a page: read again without waiting.
    more: bool,
    ended: bool,
}

impl Feed {
    async fn next(&mut self) -> Option<Result<Notification>> {
        loop {
            if let Some(row) = self.ready.pop_front() {
                return Some(Ok(Notification(row)));
            }
            if self.ended {
                return None;
            }
            if !self.more {
                self.wait().await;
            }
            if let Err(e) = self.read().await {
                self.ended = true;
                return Some(Err(e.into()));
            }
        }
    }

    /// Until this viewer is woken or the poll interval has passed.
    async fn wait(&mut self) {
        let deadline = Instant::now() + self.poll;
        let user = self.viewer.user_id;
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(deadline) => return,
                woken = self.wake.recv() => match woken {
                    Ok(u) if u == user || u == meander_core::wakeups::EVERYONE => return,
                    Ok(_) => {}
                    // Fell behind: some of the missed wake-ups may have been ours.
                    Err(RecvError::Lagged(_)) => return,
                    Err(RecvError::Closed) => {
                        tokio::time::sleep_until(deadline).await;
                        return;
                    }
                },
            }
        }
    }

    /// Checks the session, then queues the viewer's rows not read yet.
    async fn read(&mut self) -> ApiResult<()> {
        if Utc::now().timestamp() >= self.claims.exp {
            return Err(ApiError::Unauthenticated);
        }
        self.viewer = self.app.viewers.resolve(&self.app.db, &self.claims).await?;
        let since = self.newest - window();
        self.seen.retain(|_, at| *at > since);
        let mut select = scoped::<notifications::Entity>(&self.viewer, Action::Read)?
            .filter(Column::UserId.eq(self.viewer.user_id))
            .filter(Column::CreatedAt.gt(since));
        if !self.seen.is_empty() {
            select = select.filter(Column::Id.is_not_in(self.seen.keys().copied()));
        }
        if let Some(category) = self.category {
            select = select.filter(Column::Category.eq(category));
        }
        let rows = select
            .order_by_asc(Column::CreatedAt)
            .order_by_asc(Column::Id)
            .limit(PAGE)
            .all(&self.app.db)
            .await?;
        self.more = rows.len() as u64 == PAGE;
        for row in rows {
            self.seen.insert(row.id, row.created_at);
            self.newest = self.newest.max(row.created_at);
            self.ready.push_back(row);
        }
        Ok(())
    }
}
