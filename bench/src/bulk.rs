//! Bulk registration under a crash: `meander-bench bulk` keeps coordinators sending
//! `bulkRegisterActivities` batches and appends every acknowledged batch (id and entry count)
//! to a file, one line each, flushed before the next request; the harness kills the server
//! with SIGKILL meanwhile. `meander-bench verify-bulk` then reads the database: every
//! acknowledged batch is there, completed, with exactly its activities; no batch is half
//! written (a completed batch has one activity per named mentor, any other has none); and every
//! organization's audit chain is intact.

use std::{
    collections::{BTreeMap, HashSet},
    io::Write,
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use clap::Parser;
use rand::{Rng, SeedableRng, seq::SliceRandom};
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{generate::coordinator_email, run::Vu};

#[derive(Parser)]
pub struct Args {
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    #[arg(long, default_value_t = 60)]
    duration: u64,
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Acknowledged batches are appended here ("<batch id> <entries>" per line).
    #[arg(long)]
    acked: String,
}

#[derive(Parser)]
pub struct VerifyArgs {
    #[arg(long)]
    database_url: String,
    #[arg(long)]
    acked: String,
}

const SETUP: &str = r#"query BulkSetup {
  viewer { localAssociations { id memberships(first: 100) { nodes { userId } } } }
  activityTypes(first: 20) { nodes { id requiresContact requiresLocation requiresDocumentation requiresDescription } }
}"#;

const ACTIVE: &str = r#"query Active($ids: [UUID!]!) {
  peerMentorProfiles(first: 100, filter: { status: { eq: ACTIVE }, userId: { in: $ids } }) {
    nodes { userId }
  }
}"#;

const BULK: &str = r#"mutation Bulk($i: BulkRegisterActivitiesInput!) {
  bulkRegisterActivities(input: $i) { bulkRegistration { id activitiesCreated } }
}"#;

/// A coordinator ready to send batches: a local association and its active mentors.
struct Sender {
    vu: Vu,
    local_association: String,
    mentors: Vec<String>,
    activity_type: String,
}

async fn sender(endpoint: &str, i: usize) -> anyhow::Result<Option<Sender>> {
    let vu = Vu::login(endpoint, &coordinator_email(i)).await?;
    let r = vu.send(SETUP, json!({})).await?;
    if let Some(e) = r.error() {
        bail!("bulk setup: {e}");
    }
    let d = &r.body["data"];
    let free = d["activityTypes"]["nodes"].as_array().and_then(|types| {
        types.iter().find(|t| {
            [
                "requiresContact",
                "requiresLocation",
                "requiresDocumentation",
                "requiresDescription",
            ]
            .iter()
            .all(|k| t[*k] != true)
        })
    });
    let Some(free) = free else { return Ok(None) };
    for la in d["viewer"]["localAssociations"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let members: Vec<&str> = la["memberships"]["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m["userId"].as_str())
            .collect();
        let r = vu.send(ACTIVE, json!({ "ids": members })).await?;
        if let Some(e) = r.error() {
            bail!("bulk setup: {e}");
        }
        let mentors: Vec<String> = r.body["data"]["peerMentorProfiles"]["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|n| n["userId"].as_str())
            .map(str::to_string)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        if mentors.len() >= 3 {
            return Ok(Some(Sender {
                vu,
                local_association: la["id"].as_str().unwrap_or_default().to_string(),
                mentors,
                activity_type: free["id"].as_str().unwrap_or_default().to_string(),
            }));
        }
    }
    Ok(None)
}

pub async fn bulk(args: Args) -> anyhow::Result<()> {
    let endpoint = format!("{}/graphql", args.url.trim_end_matches('/'));
    let mut senders = Vec::new();
    let mut i = 0;
    while senders.len() < args.concurrency && i < 200 {
        match sender(&endpoint, i).await {
            Ok(Some(s)) => senders.push(s),
            Ok(None) => {}
            // No coordinator{i} in a small data set: use those found.
            Err(e) if !senders.is_empty() => {
                eprintln!("stopped looking for coordinators at {i}: {e}");
                break;
            }
            Err(e) => return Err(e),
        }
        i += 1;
    }
    if senders.is_empty() {
        bail!("no coordinator with three active mentors in one local association");
    }
    let end = Instant::now() + Duration::from_secs(args.duration);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&args.acked)?;
    let file = std::sync::Arc::new(std::sync::Mutex::new(file));
    let tasks: Vec<_> = senders
        .into_iter()
        .enumerate()
        .map(|(n, s)| {
            let file = file.clone();
            tokio::spawn(async move {
                let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(n as u64);
                let (mut acked, mut failed) = (0u64, 0u64);
                while Instant::now() < end {
                    let k = rng.gen_range(3..=s.mentors.len().min(12));
                    let chosen: Vec<&String> = s.mentors.choose_multiple(&mut rng, k).collect();
                    let input = json!({
                        "localAssociationId": s.local_association,
                        "activityTypeId": s.activity_type,
                        "activityDate": (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339(),
                        "title": "Samling (soak)",
                        "entries": chosen.iter().map(|m| json!({ "peerMentorId": m })).collect::<Vec<_>>(),
                    });
                    match s.vu.send(BULK, json!({ "i": input })).await {
                        Ok(r) if r.error().is_none() => {
                            let id = r.body["data"]["bulkRegisterActivities"]["bulkRegistration"]
                                ["id"]
                                .as_str()
                                .unwrap_or_default()
                                .to_string();
                            // On disk before the next request: the crash cannot lose an ack.
                            let mut f = file.lock().unwrap();
                            let _ = writeln!(f, "{id} {k}");
                            let _ = f.sync_data();
                            acked += 1;
                        }
                        _ => {
                            failed += 1;
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                    }
                }
                (acked, failed)
            })
        })
        .collect();
    let (mut acked, mut failed) = (0, 0);
    for t in tasks {
        let (a, f) = t.await?;
        acked += a;
        failed += f;
    }
    println!("{}", json!({ "acknowledged": acked, "failed": failed }));
    Ok(())
}

pub async fn verify(args: VerifyArgs) -> anyhow::Result<()> {
    let db = Database::connect(&args.database_url).await?;
    let backend = db.get_database_backend();
    let rows = |sql: &str| db.query_all_raw(Statement::from_string(backend, sql.to_string()));
    // Every batch with its named mentors, stored count, status and actual activities.
    let batches = rows(
        "SELECT b.id, b.status, b.activities_created, b.peer_mentor_ids, \
         (SELECT count(*) FROM activities a WHERE a.bulk_batch_id = b.id) AS actual \
         FROM bulk_registrations b",
    )
    .await?;
    let mut by_id = BTreeMap::new();
    let mut half_written = Vec::new();
    for r in &batches {
        let id: Uuid = r.try_get("", "id")?;
        let status: String = r.try_get("", "status")?;
        let stored: i32 = r.try_get("", "activities_created")?;
        let actual: i64 = r.try_get("", "actual")?;
        let named: Value = r.try_get("", "peer_mentor_ids")?;
        let named = named.as_array().map_or(0, Vec::len) as i64;
        let whole = if status == "completed" {
            actual == named && i64::from(stored) == named
        } else {
            actual == 0
        };
        if !whole {
            half_written.push(json!({ "id": id, "status": status, "named": named, "stored": stored, "actual": actual }));
        }
        by_id.insert(id, (status, actual));
    }
    let orphans = rows(
        "SELECT count(*) AS n FROM activities a WHERE a.bulk_batch_id IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM bulk_registrations b WHERE b.id = a.bulk_batch_id)",
    )
    .await?;
    let orphans: i64 = orphans[0].try_get("", "n")?;
    let text = std::fs::read_to_string(&args.acked).context("acked file")?;
    let mut acked = 0;
    let mut lost = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (id, k) = line.split_once(' ').context("acked line")?;
        let (id, k): (Uuid, i64) = (id.parse()?, k.trim().parse()?);
        acked += 1;
        match by_id.get(&id) {
            Some((status, actual)) if status == "completed" && *actual == k => {}
            other => lost.push(json!({ "id": id, "entries": k, "found": format!("{other:?}") })),
        }
    }
    let orgs = rows("SELECT id FROM organizations").await?;
    let mut broken = Vec::new();
    let mut events = 0;
    for o in &orgs {
        let org: Uuid = o.try_get("", "id")?;
        let report = meander_gateway::audit::verify_chain(&db, Some(org)).await?;
        events += report.events;
        if let Some(seq) = report.first_broken_sequence {
            broken.push(json!({ "organization": org, "first_broken_sequence": seq }));
        }
    }
    let ok = half_written.is_empty() && lost.is_empty() && orphans == 0 && broken.is_empty();
    println!(
        "{}",
        serde_json::to_string_pretty(&json!({
            "batches": batches.len(),
            "acknowledged": acked,
            "acknowledged_missing_or_partial": lost,
            "half_written_batches": half_written,
            "orphan_bulk_activities": orphans,
            "audit_events_checked": events,
            "audit_chains_broken": broken,
            "all_or_nothing_and_chain_intact": ok,
        }))?
    );
    if !ok {
        bail!("verification failed");
    }
    Ok(())
}
