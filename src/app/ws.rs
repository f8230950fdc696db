//! `/graphql/ws`: GraphQL subscriptions over WebSocket with the `graphql-transport-ws` protocol
//! (the only one offered; the delivery design is in `graphql::subscription`).
//!
//! - The upgrade request pays one token of the per-IP bucket.
//! - Authentication: the access token goes in the `connection_init` payload, as
//!   `{"authorization": "Bearer <token>"}` or `{"token": "<token>"}`. It is checked exactly as
//!   an HTTP request's (`admission::verify_access_token`, then the per-user bucket, then the viewer
//!   from `ViewerCache::resolve`: signature, expiry, issuer and audience, revoked or expired
//!   session, disabled user). A refused token closes the socket with 4403 (the protocol's
//!   "Forbidden"); the reason starts with the error code (UNAUTHENTICATED, RATE_LIMITED). A
//!   database that cannot be reached to check it closes with 1013 ("Try Again Later").
//! - On graceful shutdown every connection closes with 1001 ("Going Away"; `app::shutdown`).
//!   Without a token the connection is acknowledged, and every subscription answers one
//!   UNAUTHENTICATED error and completes.
//! - Each `subscribe` passes the HTTP layer's checks (`prepare::prepare`: persisted operations,
//!   document size and nesting, query limits; the persisted-only mode) and the schema's
//!   (validation, variables: `graphql::spec`), pays one token
//!   of the per-user bucket (per-IP without a token), and must be a subscription: queries and
//!   mutations (login included) go to `POST /graphql`, where their own limits apply.

use std::{
    net::SocketAddr,
    sync::{
        Arc, OnceLock,
        atomic::{AtomicU16, Ordering},
    },
    time::Duration,
};

use async_graphql::{
    Data, Executor, Request, Response, ServerError,
    futures_util::{
        SinkExt, StreamExt,
        future::{self, BoxFuture},
        stream::{self, BoxStream},
    },
    http::{WebSocket, WebSocketProtocols, WsMessage},
    parser::types::OperationType,
};
use axum::{
    extract::{
        ConnectInfo, State, WebSocketUpgrade,
        ws::{CloseFrame, Message},
    },
    http::{HeaderMap, Method, StatusCode},
    response::{IntoResponse, Response as HttpResponse},
};

use super::{
    admission::{
        HttpState, Media, client_ip, header, rate_limited, retry_after_secs, take,
        verify_access_token,
    },
    metrics::Outcome,
    otel::RequestTrace,
    prepare::{Refusal, prepare},
};
use crate::{
    auth::{jwt::Claims, session::ClientInfo},
    authz::Viewer,
    db::SqlCounter,
    error::ApiError,
    graphql::{context::RequestContext, loaders::Loaders, subscription::ConnectedAt},
};

/// The one sub-protocol spoken here.
pub const PROTOCOL: &str = "graphql-transport-ws";

/// Close code for a refused `connection_init` (graphql-transport-ws: Forbidden).
const FORBIDDEN: u16 = 4403;

/// Close code on graceful shutdown (RFC 6455 "going away"): reconnect, maybe elsewhere.
const GOING_AWAY: u16 = 1001;

/// Close code when `connection_init` could not be checked because the database is unavailable
/// (RFC 6455 registry "Try Again Later"), so clients retry rather than drop their token.
const TRY_AGAIN_LATER: u16 = 1013;

/// Who the connection is, once `connection_init` was accepted.
struct Session {
    claims: Option<Claims>,
    viewer: Option<Arc<Viewer>>,
    connected_at: ConnectedAt,
}

/// Runs each `subscribe` of one connection after the HTTP layer's checks.
#[derive(Clone)]
struct WsExecutor {
    state: HttpState,
    session: Arc<OnceLock<Session>>,
    ip: String,
    user_agent: Option<String>,
}

pub(super) async fn handler(
    State(state): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    trace: RequestTrace,
    upgrade: WebSocketUpgrade,
) -> HttpResponse {
    let offered = upgrade
        .requested_protocols()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim().eq_ignore_ascii_case(PROTOCOL));
    if !offered {
        return (
            StatusCode::BAD_REQUEST,
            "Sec-WebSocket-Protocol must offer graphql-transport-ws",
        )
            .into_response();
    }
    let app = &state.app;
    let ip = client_ip(&headers, peer, &app.settings.rate_limit.client_ip_header).to_string();
    if app.settings.rate_limit.enabled
        && let Err(wait) = take(&app.rate_limits.ip, &ip, 1)
    {
        app.metrics.rate_limited("ip");
        trace.outcome(Outcome::RateLimited, Some("RATE_LIMITED"));
        return rate_limited(Media::Json, wait);
    }
    let executor = WsExecutor {
        state: state.clone(),
        session: Arc::new(OnceLock::new()),
        ip,
        user_agent: header(&headers, "user-agent"),
    };
    upgrade
        .protocols([PROTOCOL])
        .on_upgrade(move |socket| serve(socket, executor))
}

async fn serve(socket: axum::extract::ws::WebSocket, executor: WsExecutor) {
    let shutdown = executor.state.app.shutdown.clone();
    let (sink, input) = socket.split();
    let input = input
        .take_while(|m| future::ready(m.is_ok()))
        .filter_map(|m| {
            future::ready(match m {
                Ok(m @ (Message::Text(_) | Message::Binary(_))) => Some(m.into_data()),
                _ => None,
            })
        });
    // The close code of a refused connection_init (0: none refused).
    let refused = Arc::new(AtomicU16::new(0));
    let init = {
        let executor = executor.clone();
        let refused = refused.clone();
        move |payload: serde_json::Value| -> BoxFuture<'static, async_graphql::Result<Data>> {
            Box::pin(async move {
                match executor.connection_init(&payload).await {
                    Ok(()) => Ok(Data::default()),
                    Err(e) => {
                        let code = match e {
                            ApiError::Unavailable { .. } | ApiError::Internal(_) => TRY_AGAIN_LATER,
                            _ => FORBIDDEN,
                        };
                        refused.store(code, Ordering::Relaxed);
                        Err(async_graphql::Error::new(format!("{}: {e}", e.code())))
                    }
                }
            })
        }
    };
    let output = WebSocket::new(executor, input, WebSocketProtocols::GraphQLWS)
        .on_connection_init(init)
        .map(move |msg| match msg {
            WsMessage::Text(text) => Message::Text(text.into()),
            WsMessage::Close(code, reason) => {
                // The library closes a refused connection_init as a protocol error (1002).
                let code = match refused.load(Ordering::Relaxed) {
                    0 => code,
                    refusal if code == 1002 => refusal,
                    _ => code,
                };
                Message::Close(Some(CloseFrame {
                    code,
                    reason: reason.into(),
                }))
            }
        });
    let mut sink = sink;
    let mut output = std::pin::pin!(output);
    let mut watch = shutdown.watch();
    let stopped = watch.stopped();
    let mut stopped = std::pin::pin!(stopped);
    loop {
        tokio::select! {
            msg = output.next() => {
                let Some(msg) = msg else { break };
                if sink.send(msg).await.is_err() {
                    break;
                }
            }
            () = &mut stopped => {
                let _ = sink
                    .send(Message::Close(Some(CloseFrame {
                        code: GOING_AWAY,
                        reason: "server shutting down".into(),
                    })))
                    .await;
                break;
            }
        }
    }
}

/// The token of a `connection_init` payload: `authorization` ("Bearer ..."; any key case) or
/// `token`.
fn payload_token(payload: &serde_json::Value) -> Option<String> {
    let object = payload.as_object()?;
    let value = |key: &str| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| v.as_str())
    };
    if let Some(auth) = value("authorization") {
        let token = auth
            .strip_prefix("Bearer ")
            .or_else(|| auth.strip_prefix("bearer "))
            .unwrap_or(auth);
        return Some(token.trim().to_string());
    }
    value("token").map(|t| t.trim().to_string())
}

impl WsExecutor {
    /// Authenticates the connection as an HTTP request is: token, per-user bucket, viewer.
    async fn connection_init(&self, payload: &serde_json::Value) -> Result<(), ApiError> {
        let app = &self.state.app;
        let connected_at = ConnectedAt(app.clock.now());
        let session = match payload_token(payload) {
            None => Session {
                claims: None,
                viewer: None,
                connected_at,
            },
            Some(token) => {
                let claims = verify_access_token(app, &token)?;
                if app.settings.rate_limit.enabled
                    && let Err(wait) = take(&app.rate_limits.user, &claims.sub.to_string(), 1)
                {
                    app.metrics.rate_limited("user");
                    return Err(ApiError::RateLimited {
                        retry_after_secs: retry_after_secs(wait),
                    });
                }
                let viewer = app
                    .viewers
                    .resolve(&app.db, &claims)
                    .await
                    .map_err(|e| match e {
                        // The database failing is not the token failing (closed with 1013).
                        ApiError::Unavailable { .. } | ApiError::Internal(_) => e,
                        e => {
                            tracing::info!(code = e.code(), "viewer not resolved");
                            app.metrics.auth_failure("token");
                            ApiError::Unauthenticated
                        }
                    })?;
                Session {
                    claims: Some(claims),
                    viewer: Some(viewer),
                    connected_at,
                }
            }
        };
        // connection_init is accepted once per connection (the library closes on a second).
        let _ = self.session.set(session);
        Ok(())
    }

    /// The checks of an HTTP request, then the request data of `RequestContext`.
    fn admit(&self, mut request: Request) -> Result<Request, ServerError> {
        let app = &self.state.app;
        let session = self.session.get();
        let claims = session.and_then(|s| s.claims.clone());
        let connected_at = session.map_or_else(|| ConnectedAt(app.clock.now()), |s| s.connected_at);
        let viewer = session.and_then(|s| s.viewer.clone());
        if app.settings.rate_limit.enabled {
            let (bucket, limiter, key) = match &claims {
                Some(c) => ("user", &app.rate_limits.user, c.sub.to_string()),
                None => ("ip", &app.rate_limits.ip, self.ip.clone()),
            };
            if let Err(wait) = take(limiter, &key, 1) {
                app.metrics.rate_limited(bucket);
                return Err(ApiError::RateLimited {
                    retry_after_secs: retry_after_secs(wait),
                }
                .into_server_error());
            }
        }
        let prepared = match prepare(&self.state, &Method::POST, &mut request) {
            Ok(p) => p,
            Err(Refusal::Error(e)) => return Err(e.into_server_error()),
            Err(Refusal::Server(e)) => return Err(e),
            Err(Refusal::MethodNotAllowed) => {
                return Err(ApiError::bad_request("method not allowed", None).into_server_error());
            }
        };
        if prepared
            .kinds
            .iter()
            .any(|k| *k != OperationType::Subscription)
        {
            return Err(ApiError::bad_request(
                "only subscriptions run over /graphql/ws; send queries and mutations to POST /graphql",
                None,
            )
            .into_server_error());
        }
        let admin = viewer
            .as_ref()
            .is_some_and(|v| v.has_role("global_admin") || v.has_role("org_admin"));
        if app.persisted.require_manifest && !prepared.from_manifest && !admin {
            return Err(ApiError::Rejected {
                code: "PERSISTED_QUERY_REQUIRED",
                message: "only persisted operations are accepted".into(),
                limit: None,
            }
            .into_server_error());
        }
        app.persisted.remember(&request);
        let ctx = RequestContext {
            viewer: viewer.clone().map(Ok),
            claims,
            client: ClientInfo {
                request_id: None,
                ip_address: Some(self.ip.clone()),
                user_agent: self.user_agent.clone(),
            },
            // Subscriptions read the primary: a notification must not wait for the replica.
            db: app.db.clone(),
        };
        let loaders = Loaders::new(
            viewer,
            app.db.clone(),
            SqlCounter::default(),
            Duration::from_micros(app.settings.graphql.loader_delay_micros),
        );
        Ok(request
            .data(app.services.clone())
            .data(ctx)
            .data(loaders)
            .data(connected_at))
    }
}

impl Executor for WsExecutor {
    async fn execute(&self, request: Request) -> Response {
        // graphql-transport-ws only subscribes; one response of the stream is the answer.
        self.execute_stream(request, None)
            .next()
            .await
            .unwrap_or_default()
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        match self.admit(request) {
            Ok(request) => crate::graphql::execute_stream(
                &self.state.schema,
                request,
                session_data.unwrap_or_default(),
            ),
            Err(e) => stream::once(future::ready(Response::from_errors(vec![e]))).boxed(),
        }
    }
}
