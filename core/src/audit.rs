//! Tamper-evident audit log: each organization's events form a hash chain (every row stores the
//! previous row's hash), so an edited or deleted row breaks verification.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, Set, Statement, TransactionSession, TransactionTrait,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use entity::audit_events;

/// The audit vocabulary: every event's `action` is one of these, spelled as stored (rows are
/// hash-chained, so the spellings never change once written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A row written through `authz::writes` (by a viewer or by the server's own rules):
    /// `<VERB>_<RESOURCE>`, e.g. `UPDATE_ACTIVITIES`.
    Write(Verb, &'static str),
    /// Sign-in, sessions and tokens: `auth.<event>`.
    Auth(AuthEvent),
    /// Platform support's access to a tenant: `SUPPORT_ACCESS_<event>`.
    Support(SupportEvent),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Create,
    Update,
    Delete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthEvent {
    Login,
    LoginFailed,
    Logout,
    TokenMinted,
    SwitchOrganization,
    RefreshReplayed,
    ExternalIdentityLinked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupportEvent {
    Granted,
    Revoked,
    Read,
}

impl Action {
    /// The stored spelling.
    pub fn name(self) -> String {
        match self {
            Self::Write(verb, resource) => {
                let verb = match verb {
                    Verb::Create => "CREATE",
                    Verb::Update => "UPDATE",
                    Verb::Delete => "DELETE",
                };
                format!("{verb}_{resource}")
            }
            Self::Auth(e) => format!(
                "auth.{}",
                match e {
                    AuthEvent::Login => "login",
                    AuthEvent::LoginFailed => "login_failed",
                    AuthEvent::Logout => "logout",
                    AuthEvent::TokenMinted => "token_minted",
                    AuthEvent::SwitchOrganization => "switch_organization",
                    AuthEvent::RefreshReplayed => "refresh_replayed",
                    AuthEvent::ExternalIdentityLinked => "external_identity_linked",
                }
            ),
            Self::Support(e) => format!(
                "SUPPORT_ACCESS_{}",
                match e {
                    SupportEvent::Granted => "GRANTED",
                    SupportEvent::Revoked => "REVOKED",
                    SupportEvent::Read => "READ",
                }
            ),
        }
    }
}

/// One event to append; `organization_id` None is a platform-level event.
#[derive(Debug, Clone, Default)]
pub struct AuditRecord {
    pub organization_id: Option<Uuid>,
    pub actor_user_id: Option<Uuid>,
    pub action: String,
    pub entity_type: Option<String>,
    pub entity_id: Option<Uuid>,
    pub request_id: Option<String>,
    pub ip_address: Option<String>,
    pub details: serde_json::Value,
}

impl AuditRecord {
    pub fn new(action: Action) -> Self {
        Self {
            action: action.name(),
            details: json!({}),
            ..Default::default()
        }
    }

    pub fn organization(mut self, org: Option<Uuid>) -> Self {
        self.organization_id = org;
        self
    }

    pub fn actor(mut self, user: Uuid) -> Self {
        self.actor_user_id = Some(user);
        self
    }

    pub fn entity(mut self, entity_type: &str, id: Uuid) -> Self {
        self.entity_type = Some(entity_type.to_string());
        self.entity_id = Some(id);
        self
    }

    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = details;
        self
    }

    /// Request id and address of the caller.
    pub fn client(mut self, client: &crate::auth::session::ClientInfo) -> Self {
        self.request_id = client.request_id.clone();
        self.ip_address = client.ip_address.clone();
        self
    }
}

/// Hash of one row's content chained to the previous hash.
pub fn chain_hash(prev: Option<&str>, sequence: i64, m: &AuditRecord, at: &str) -> String {
    let content = json!({
        "prev": prev,
        "sequence": sequence,
        "organization_id": m.organization_id,
        "actor_user_id": m.actor_user_id,
        "action": m.action,
        "entity_type": m.entity_type,
        "entity_id": m.entity_id,
        "details": m.details,
        "at": at,
    });
    hex(&Sha256::digest(content.to_string().as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends inside the caller's transaction (or connection). A concurrent writer that took the
/// same sequence number makes the insert fail on the unique index; we retry on a savepoint.
pub async fn append<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    record: AuditRecord,
) -> Result<(), sea_orm::DbErr> {
    let mut last_err = None;
    for _ in 0..5 {
        let sp = db.begin().await?;
        // It reads the chain's end, then writes: on SQLite a deferred reader that then writes
        // fails at once (SQLITE_BUSY) when another writer got in between, so write first.
        crate::db::write_first(&sp).await?;
        match append_once(&sp, &record).await {
            Ok(()) => return sp.commit().await,
            Err(e) => {
                sp.rollback().await?;
                last_err = Some(e);
            }
        }
    }
    Err(last_err.unwrap_or_else(|| sea_orm::DbErr::Custom("audit append failed".into())))
}

async fn append_once<C: ConnectionTrait>(db: &C, r: &AuditRecord) -> Result<(), sea_orm::DbErr> {
    // A chain is sequential: on PostgreSQL, writers of one organization take turns (a
    // transaction-scoped advisory lock, held until the writing transaction ends) instead of
    // racing for the next sequence number and failing on the unique index under load.
    // SQLite has a single writer already.
    if db.get_database_backend() == DbBackend::Postgres {
        let key = r.organization_id.map_or(0, |o| {
            let b = o.as_bytes();
            i64::from_be_bytes([b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]])
        });
        db.query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)::text",
            [key.into()],
        ))
        .await?;
    }
    let org_filter = match r.organization_id {
        Some(o) => audit_events::Column::OrganizationId.eq(o),
        None => audit_events::Column::OrganizationId.is_null(),
    };
    let last = audit_events::Entity::find()
        .filter(org_filter)
        .order_by_desc(audit_events::Column::Sequence)
        .one(db)
        .await?;
    let sequence = last.as_ref().map_or(1, |l| l.sequence + 1);
    let prev = last.map(|l| l.hash);
    let now = Utc::now();
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let hash = chain_hash(prev.as_deref(), sequence, r, &at);
    audit_events::ActiveModel {
        id: Set(Uuid::now_v7()),
        organization_id: Set(r.organization_id),
        sequence: Set(sequence),
        actor_user_id: Set(r.actor_user_id),
        action: Set(r.action.clone()),
        entity_type: Set(r.entity_type.clone()),
        entity_id: Set(r.entity_id),
        request_id: Set(r.request_id.clone()),
        ip_address: Set(r.ip_address.clone()),
        details: Set(r.details.clone()),
        prev_hash: Set(prev),
        hash: Set(hash),
        created_at: Set(parse_at(&at)),
        updated_at: Set(parse_at(&at)),
        created_by_id: Set(r.actor_user_id),
        updated_by_id: Set(r.actor_user_id),
    }
    .insert(db)
    .await?;
    Ok(())
}

fn parse_at(at: &str) -> chrono::DateTime<Utc> {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(|_| Utc::now())
}

/// Result of walking one organization's chain.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainReport {
    pub events: u64,
    /// Sequence number of the first row whose hash or link does not match.
    pub first_broken_sequence: Option<i64>,
}

pub async fn verify_chain<C: ConnectionTrait>(
    db: &C,
    organization_id: Option<Uuid>,
) -> Result<ChainReport, sea_orm::DbErr> {
    let org_filter = match organization_id {
        Some(o) => audit_events::Column::OrganizationId.eq(o),
        None => audit_events::Column::OrganizationId.is_null(),
    };
    let rows = audit_events::Entity::find()
        .filter(org_filter)
        .order_by_asc(audit_events::Column::Sequence)
        .all(db)
        .await?;
    let mut prev: Option<String> = None;
    for (expected_seq, row) in (1..).zip(rows.iter()) {
        let record = AuditRecord {
            organization_id: row.organization_id,
            actor_user_id: row.actor_user_id,
            action: row.action.clone(),
            entity_type: row.entity_type.clone(),
            entity_id: row.entity_id,
            request_id: row.request_id.clone(),
            ip_address: row.ip_address.clone(),
            details: row.details.clone(),
        };
        let at = row
            .created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let ok = row.sequence == expected_seq
            && row.prev_hash == prev
            && chain_hash(prev.as_deref(), row.sequence, &record, &at) == row.hash;
        if !ok {
            return Ok(ChainReport {
                events: rows.len() as u64,
                first_broken_sequence: Some(row.sequence),
            });
        }
        prev = Some(row.hash.clone());
    }
    Ok(ChainReport {
        events: rows.len() as u64,
        first_broken_sequence: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stored spellings are part of the hash chain and of clients' filters: they never change.
    #[test]
    fn audit_action_spellings_are_stable() {
        assert_eq!(
            Action::Write(Verb::Update, "ACTIVITIES").name(),
            "UPDATE_ACTIVITIES"
        );
        assert_eq!(
            Action::Write(Verb::Create, "LOCAL_ASSOCIATIONS").name(),
            "CREATE_LOCAL_ASSOCIATIONS"
        );
        assert_eq!(Action::Write(Verb::Delete, "NOTES").name(), "DELETE_NOTES");
        assert_eq!(
            Action::Auth(AuthEvent::LoginFailed).name(),
            "auth.login_failed"
        );
        assert_eq!(
            Action::Auth(AuthEvent::ExternalIdentityLinked).name(),
            "auth.external_identity_linked"
        );
        assert_eq!(
            Action::Support(SupportEvent::Read).name(),
            "SUPPORT_ACCESS_READ"
        );
    }
}
