//! One error type for the whole gateway, mapped to GraphQL errors at the edge with the
//! `extensions.code` values of docs/spec/AUTHZ.md. Internal details go to the log, never to the client.

use async_graphql::ErrorExtensions;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("authentication required")]
    Unauthenticated,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("{0}")]
    Forbidden(String),
    /// A permitted write that sets a field the viewer may not set on this row.
    #[error("{message}")]
    ForbiddenField {
        field: String,
        rule: String,
        message: String,
    },
    /// The operation belongs to a feature area the viewer's organization has not enabled
    /// (`authz::features`).
    #[error("the organization has not enabled the feature area `{area}`")]
    FeatureDisabled { area: &'static str },
    #[error("not found")]
    NotFound,
    #[error("{message}")]
    BadUserInput {
        field: String,
        rule: String,
        message: String,
    },
    #[error("{0}")]
    Conflict(String),
    /// Refused before execution (query limits, malformed or unknown persisted queries);
    /// `limit` names the config key, its value and what the request had.
    #[error("{message}")]
    Rejected {
        code: &'static str,
        message: String,
        limit: Option<(&'static str, u64, u64)>,
    },
    #[error("too many requests; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// The database could not be reached in time (`database.acquire_timeout_ms`): every pooled
    /// connection busy, the server down or restarting, SQLite's write lock held. Nothing was
    /// written by the statement that failed; retrying later is safe for reads.
    #[error("the database is unavailable; retry in {retry_after_secs} s")]
    Unavailable { retry_after_secs: u64 },
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn bad_input(
        field: impl Into<String>,
        rule: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::BadUserInput {
            field: field.into(),
            rule: rule.into(),
            message: message.into(),
        }
    }

    /// A query limit was exceeded (QUERY_TOO_COMPLEX).
    pub fn too_complex(what: &str, key: &'static str, max: u64, actual: u64) -> Self {
        Self::Rejected {
            code: "QUERY_TOO_COMPLEX",
            message: format!("query {what} is {actual}, over the limit of {max} ({key})"),
            limit: Some((key, max, actual)),
        }
    }

    /// A malformed or oversized request (BAD_REQUEST); `limit` when a configured limit refused it.
    pub fn bad_request(
        message: impl Into<String>,
        limit: Option<(&'static str, u64, u64)>,
    ) -> Self {
        Self::Rejected {
            code: "BAD_REQUEST",
            message: message.into(),
            limit,
        }
    }

    /// As a GraphQL error with no location or path (a request error, not a field error).
    pub fn into_server_error(self) -> async_graphql::ServerError {
        let err = self.extend();
        let mut out = async_graphql::ServerError::new(err.message, None);
        out.extensions = err.extensions;
        out
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden(message.into())
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated | Self::InvalidCredentials => "UNAUTHENTICATED",
            Self::Forbidden(_) | Self::ForbiddenField { .. } | Self::FeatureDisabled { .. } => {
                "FORBIDDEN"
            }
            Self::NotFound => "NOT_FOUND",
            Self::BadUserInput { .. } => "BAD_USER_INPUT",
            Self::Conflict(_) => "CONFLICT",
            Self::Rejected { code, .. } => code,
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::Unavailable { .. } => "UNAVAILABLE",
            Self::Internal(_) => "INTERNAL",
        }
    }
}

impl From<sea_orm::DbErr> for ApiError {
    /// Constraint violations are the client's input meeting a rule the database enforces
    /// (uniqueness, references, CHECKs): answered without SQL details. Everything else is
    /// INTERNAL, with the details in the log only.
    fn from(err: sea_orm::DbErr) -> Self {
        if unavailable(&err) {
            tracing::warn!(error = %err, "database unavailable");
            return Self::Unavailable {
                retry_after_secs: UNAVAILABLE_RETRY_SECS,
            };
        }
        match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                return Self::Conflict("a row with these values already exists".into());
            }
            Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_)) => {
                return Self::bad_input(
                    "",
                    "reference_exists",
                    "the input names a row that does not exist or is still referenced",
                );
            }
            _ => {}
        }
        let text = err.to_string();
        if text.contains("CHECK constraint failed") || text.contains("violates check constraint") {
            return Self::bad_input(
                "",
                "check_constraint",
                "the values break a rule of this table (a range or a combination of fields)",
            );
        }
        Self::Internal(err.into())
    }
}

/// `Retry-After` of an UNAVAILABLE answer: the pool reconnects on its own, so a second is
/// enough to find out whether the database is back.
pub const UNAVAILABLE_RETRY_SECS: u64 = 1;

/// Whether a database error means "not reachable now" rather than "this statement is wrong":
/// no connection in time, the connection lost, the server shutting down or refusing
/// connections (PostgreSQL SQLSTATE classes 08 and 57P, 53300), SQLite busy or locked.
pub fn unavailable(err: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr, sqlx::Error as Sqlx};
    let sqlx = match err {
        DbErr::ConnectionAcquire(_) => return true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        _ => return false,
    };
    match &**sqlx {
        Sqlx::Io(_)
        | Sqlx::Tls(_)
        | Sqlx::PoolTimedOut
        | Sqlx::PoolClosed
        | Sqlx::WorkerCrashed
        | Sqlx::Protocol(_) => true,
        Sqlx::Database(db) => db.code().is_some_and(|code| {
            code.starts_with("08")
                || code.starts_with("57P")
                || code == "53300"
                // SQLite: SQLITE_BUSY / SQLITE_LOCKED and their extended codes.
                || matches!(code.as_ref(), "5" | "6" | "261" | "262" | "517")
        }),
        _ => false,
    }
}

impl From<sea_orm::TransactionError<ApiError>> for ApiError {
    fn from(err: sea_orm::TransactionError<ApiError>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(api) => api,
        }
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        if let Self::Internal(source) = self {
            // The request id is attached by the request span; the chain stays in the log.
            tracing::error!(error = format!("{source:#}"), "internal error");
        }
        async_graphql::Error::new(self.to_string()).extend_with(|_, ext| {
            ext.set("code", self.code());
            if let Self::BadUserInput { field, rule, .. }
            | Self::ForbiddenField { field, rule, .. } = self
            {
                ext.set("field", field.as_str());
                ext.set("rule", rule.as_str());
            }
            if let Self::FeatureDisabled { area } = self {
                ext.set("rule", "feature_disabled");
                ext.set("feature", *area);
            }
            if let Self::Rejected {
                limit: Some((key, max, actual)),
                ..
            } = self
            {
                ext.set("limit", *key);
                ext.set("max", *max);
                ext.set("actual", *actual);
            }
            if let Self::RateLimited { retry_after_secs } | Self::Unavailable { retry_after_secs } =
                self
            {
                ext.set("retryAfter", *retry_after_secs);
            }
        })
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(err: ApiError) -> Self {
        err.extend()
    }
}
