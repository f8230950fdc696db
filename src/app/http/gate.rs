//! The admission steps of a GraphQL request over HTTP (see the module docs of `app::http`):
//! each lets the request on or is the answer that refuses it.

use super::*;

/// The answer of a refusing step (boxed: a response is large, and most requests pass).
pub(super) type Refused = Box<Response>;

/// One request's way through the admission steps: each either lets it on or is the answer
/// that refuses it (counted in the metrics and the trace as rejected or rate limited).
pub(super) struct Gate<'a> {
    pub(super) app: &'a AppState,
    pub(super) trace: &'a RequestTrace,
    pub(super) media: Media,
    pub(super) started: Instant,
    pub(super) ip: String,
    pub(super) limits_on: bool,
}

impl Gate<'_> {
    pub(super) fn reject(&self, status: StatusCode, err: ApiError) -> Response {
        self.app
            .metrics
            .request("anonymous", Outcome::Rejected, self.started.elapsed());
        self.trace.outcome(Outcome::Rejected, Some(err.code()));
        error_response(self.media, status, vec![err.into_server_error()], None)
    }

    /// Takes `cost` tokens of `limiter` for `key` (when rate limiting is on).
    pub(super) fn charge(
        &self,
        limiter: &RateLimiter,
        key: &str,
        cost: u32,
    ) -> Result<(), Refused> {
        if !self.limits_on || cost == 0 {
            return Ok(());
        }
        take(limiter, key, cost).map_err(|wait| {
            let bucket = limiter.name();
            self.app.metrics.rate_limited(bucket);
            self.app
                .metrics
                .request("anonymous", Outcome::RateLimited, self.started.elapsed());
            self.trace
                .outcome(Outcome::RateLimited, Some("RATE_LIMITED"));
            tracing::info!(bucket, "rate limited");
            Box::new(rate_limited(self.media, wait))
        })
    }

    /// Decoding and batch size; the batch's other operations pay their IP tokens here.
    pub(super) fn decode(
        &self,
        method: &Method,
        headers: &HeaderMap,
        uri: &Uri,
        body: &[u8],
    ) -> Result<(bool, Vec<async_graphql::Request>), Refused> {
        let (is_batch, requests) = match decode_request(method, headers, uri, body) {
            Ok(BatchRequest::Single(r)) => (false, vec![r]),
            Ok(BatchRequest::Batch(v)) => (true, v),
            Err((status, err)) => return Err(self.reject(status, err).into()),
        };
        let max_batch = self.app.settings.limits.max_batch_size;
        if requests.is_empty() || requests.len() as u64 > max_batch {
            return Err(Box::new(self.reject(
                StatusCode::BAD_REQUEST,
                ApiError::bad_request(
                    format!(
                        "a batch holds 1 to {max_batch} operations, not {} (limits.max_batch_size)",
                        requests.len()
                    ),
                    Some(("limits.max_batch_size", max_batch, requests.len() as u64)),
                ),
            )));
        }
        let extra = requests.len() as u32 - 1;
        self.charge(&self.app.rate_limits.ip, &self.ip, extra)?;
        Ok((is_batch, requests))
    }

    /// The bearer token, checked without the database (`Err(())`: sent and refused); a
    /// signed-in user pays `cost` tokens of their own bucket.
    pub(super) fn claims(
        &self,
        headers: &HeaderMap,
        cost: u32,
    ) -> Result<Result<Option<Claims>, ()>, Refused> {
        let bearer = header(headers, "authorization")
            .and_then(|h| h.strip_prefix("Bearer ").map(str::to_string));
        let claims = match bearer {
            None => Ok(None),
            Some(token) => verify_access_token(self.app, &token)
                .map(Some)
                .map_err(|_| ()),
        };
        if let Ok(Some(c)) = &claims {
            let span = tracing::Span::current();
            span.record("user_id", tracing::field::display(c.sub));
            if let Some(org) = c.org {
                span.record("org_id", tracing::field::display(org));
            }
            self.trace.viewer(c.sub, c.org);
            self.charge(&self.app.rate_limits.user, &c.sub.to_string(), cost)?;
        }
        Ok(claims)
    }

    /// Each `login` of the operations pays a token of the IP's and of the account's login
    /// bucket.
    pub(super) fn logins(&self, prepared: &[Result<Prepared, ServerError>]) -> Result<(), Refused> {
        let r = &self.app.rate_limits;
        for login in prepared
            .iter()
            .filter_map(|p| p.as_ref().ok())
            .flat_map(|p| &p.logins)
        {
            self.charge(&r.login_ip, &self.ip, 1)?;
            if let Some(email) = login {
                self.charge(&r.login_account, email, 1)?;
            }
        }
        Ok(())
    }

    /// The viewer, resolved (the first database work) only when an operation will run. The
    /// database failing is not the token failing: 503 or 500, never UNAUTHENTICATED.
    pub(super) async fn viewer(
        &self,
        claims: &Result<Option<Claims>, ()>,
        runs: bool,
        counter: &SqlCounter,
        request_id: Option<&str>,
    ) -> Result<Option<ApiResult<Arc<Viewer>>>, Refused> {
        match claims {
            Err(()) => Ok(Some(Err(ApiError::Unauthenticated))),
            Ok(None) => Ok(None),
            Ok(Some(c)) if runs => {
                match counter
                    .scope(self.app.viewers.resolve(&self.app.db, c))
                    .await
                {
                    Err(e @ (ApiError::Unavailable { .. } | ApiError::Internal(_))) => {
                        self.app.metrics.request(
                            "anonymous",
                            Outcome::Error,
                            self.started.elapsed(),
                        );
                        self.trace.outcome(Outcome::Error, Some(e.code()));
                        Err(Box::new(database_failure(self.media, e, request_id)))
                    }
                    resolved => {
                        if let Err(e) = &resolved {
                            tracing::info!(code = e.code(), "viewer not resolved");
                        }
                        Ok(Some(resolved))
                    }
                }
            }
            Ok(Some(_)) => Ok(None),
        }
    }
}

/// Answers with `$step`'s refusal, or goes on with what it let through.
macro_rules! admit {
    ($step:expr) => {
        match $step {
            Ok(v) => v,
            Err(refused) => return *refused,
        }
    };
}
pub(super) use admit;

/// Decodes a GET query string or a JSON POST body.
fn decode_request(
    method: &Method,
    headers: &HeaderMap,
    uri: &Uri,
    body: &[u8],
) -> Result<BatchRequest, (StatusCode, ApiError)> {
    if method == Method::GET {
        return async_graphql::http::parse_query_string(uri.query().unwrap_or(""))
            .map(BatchRequest::Single)
            .map_err(|e| {
                (
                    StatusCode::BAD_REQUEST,
                    ApiError::bad_request(format!("invalid GET request: {e}"), None),
                )
            });
    }
    let content_type = header(headers, "content-type").unwrap_or_default();
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime != JSON {
        return Err((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::bad_request("POST bodies must be application/json", None),
        ));
    }
    serde_json::from_slice::<BatchRequest>(body).map_err(|e| {
        (
            StatusCode::BAD_REQUEST,
            ApiError::bad_request(
                format!("the body is not a GraphQL request (query, operationName, variables): {e}"),
                None,
            ),
        )
    })
}
