//! Demo rows of this domain's tables, in every demo organization (ids from `demo_id`).

use sea_orm::ConnectionTrait;

/// Inserts this domain's demo rows; runs inside the demo transaction after the identity core.
pub async fn seed<C: ConnectionTrait>(
    _db: &C,
    _now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    Ok(())
}
