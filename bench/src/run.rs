//! `meander-bench run`: logs in the users a scenario needs (GraphQL `login`, the generator's
//! password), then keeps `--concurrency` virtual users (one tokio task and one keep-alive
//! reqwest client each) sending the scenario's operation for `--warmup` + `--duration`
//! seconds. Only requests started after the warm-up count. Reports req/s, latency
//! percentiles (hdrhistogram, microsecond resolution), errors (HTTP status other than 2xx, or
//! a GraphQL `errors` entry) and SQL statements per request (`x-sql-statements` header, which
//! the server sends when `graphql.sql_count_header = true`).

use std::{
    collections::VecDeque,
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use chrono::Utc;
use clap::{Parser, ValueEnum};
use hdrhistogram::Histogram;
use serde_json::{Value, json};

use crate::generate::{PASSWORD, admin_email, coordinator_email, mentor_email};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Scenario {
    /// A peer mentor's viewer, latest 20 own activities with contact and type, own stats.
    MobileHome,
    /// A coordinator's pending activities, 50 a page with mentor, contact, type and flags,
    /// oldest first; pages 1-2 once for the cursor, then page 3 over and over.
    ReviewQueue,
    /// An org admin's org-wide approved-activity counts by type and local association for
    /// the last 365 days (`teamActivityStats` without a local association).
    AdminReport,
    /// Half the virtual users are mentors quick-logging an activity, half coordinators
    /// approving pending activities of their local associations.
    WriteMix,
    /// organization -> local associations (20) -> memberships (10) -> user -> activities (5),
    /// as an org admin.
    DeepNesting,
}

#[derive(Parser)]
pub struct Args {
    /// Base URL of the gateway (the GraphQL endpoint is URL/graphql).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    #[arg(long, value_enum)]
    scenario: Scenario,
    /// Virtual users (concurrent clients).
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Measured seconds (after the warm-up).
    #[arg(long, default_value_t = 30)]
    duration: u64,
    /// Seconds of load before measuring starts.
    #[arg(long, default_value_t = 5)]
    warmup: u64,
    /// Print one JSON object instead of the table line.
    #[arg(long)]
    json: bool,
    /// The server's process id: its CPU time in the measured window is reported per request
    /// (and PostgreSQL's, summed over the processes named `postgres`, always).
    #[arg(long)]
    server_pid: Option<u32>,
}

const MOBILE_HOME: &str = r#"query MobileHome($me: UUID!, $from: NaiveDate!, $to: NaiveDate!) {
  viewer {
    user { id firstName lastName }
    organization { id name }
    roles { key reach }
    localAssociations { id name }
  }
  activities(first: 20, filter: { userId: { eq: $me } },
             orderBy: { field: ACTIVITY_DATE, direction: DESC }) {
    nodes {
      id title activityDate durationMinutes status
      contact { id firstName lastName }
      activityType { id name }
    }
  }
  myActivityStats(from: $from, to: $to) {
    totals { activityCount totalMinutes hours uniqueContactCount }
    byActivityType { activityTypeId name activityCount hours }
  }
}"#;

const REVIEW_QUEUE: &str = r#"query ReviewQueue($after: String) {
  activities(first: 50, after: $after, filter: { status: { eq: PENDING_REVIEW } },
             orderBy: { field: ACTIVITY_DATE, direction: ASC }) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id title activityDate durationMinutes status
      peerMentor { id firstName lastName }
      contact { id firstName lastName }
      activityType { id name }
      flags(first: 5) { nodes { id flagType severity status reason } }
    }
  }
}"#;

const ADMIN_REPORT: &str = r#"query AdminReport($from: NaiveDate!, $to: NaiveDate!) {
  teamActivityStats(from: $from, to: $to) {
    totals { activityCount totalMinutes hours participantCount uniqueContactCount peerMentorCount }
    byActivityType { activityTypeId name activityCount hours participantCount }
    byLocalAssociation { localAssociationId name activityCount hours participantCount }
  }
}"#;

const ACTIVITY_TYPES: &str = r#"query { activityTypes(first: 20) { nodes { id key requiresContact requiresLocation requiresDocumentation } } }"#;

const QUICK_LOG: &str = r#"mutation QuickLog($type: UUID!) {
  quickLogActivity(input: { activityTypeId: $type, description: "Hurtigregistrert fra benk" }) {
    activity { id status activityDate }
    warnings { rule message }
  }
}"#;

const PENDING_IDS: &str = r#"query Pending {
  activities(first: 100, filter: { status: { eq: PENDING_REVIEW } },
             orderBy: { field: ACTIVITY_DATE, direction: ASC }) {
    nodes { id }
  }
}"#;

const APPROVE: &str = r#"mutation Approve($id: UUID!) {
  approveActivity(id: $id, notes: "Godkjent") { activity { id status } assignmentCount }
}"#;

/// `User.activities` (the path issue 7 names).
const DEEP_NESTING: &str = r#"query DeepNesting($org: UUID!) {
  organization(id: $org) {
    id name
    localAssociations(first: 20) {
      nodes {
        id name
        memberships(first: 10) {
          nodes {
            id
            user { id firstName lastName activities(first: 5) { nodes { id activityDate } } }
          }
        }
      }
    }
  }
}"#;

/// The closest path on a server whose `User` has no `activities` field yet (the user's roles,
/// also a paged relation one level below the user).
const DEEP_NESTING_FALLBACK: &str = r#"query DeepNesting($org: UUID!) {
  organization(id: $org) {
    id name
    localAssociations(first: 20) {
      nodes {
        id name
        memberships(first: 10) {
          nodes {
            id
            user { id firstName lastName roles(first: 5) { nodes { id roleId } } }
          }
        }
      }
    }
  }
}"#;

const USER_FIELDS: &str = r#"query { __type(name: "User") { fields { name } } }"#;

/// One logged-in virtual user.
pub(crate) struct Vu {
    client: reqwest::Client,
    endpoint: String,
    pub(crate) token: String,
    pub(crate) user_id: String,
    pub(crate) organization_id: String,
}

pub(crate) struct Reply {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) body: Value,
    sql: Option<u64>,
}

impl Reply {
    pub(crate) fn error(&self) -> Option<String> {
        if !self.status.is_success() {
            return Some(format!("HTTP {}: {}", self.status, self.body));
        }
        match self.body.get("errors") {
            Some(Value::Array(e)) if !e.is_empty() => Some(e[0].to_string()),
            _ => None,
        }
    }
}

async fn post(
    client: &reqwest::Client,
    endpoint: &str,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> anyhow::Result<Reply> {
    let mut req = client
        .post(endpoint)
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await?;
    let status = resp.status();
    let sql = resp
        .headers()
        .get("x-sql-statements")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let bytes = resp.bytes().await?;
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    Ok(Reply { status, body, sql })
}

impl Vu {
    pub(crate) async fn login(endpoint: &str, email: &str) -> anyhow::Result<Vu> {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .tcp_nodelay(true)
            .build()?;
        let reply = post(
            &client,
            endpoint,
            None,
            "mutation($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { accessToken userId organizationId } }",
            json!({ "email": email, "password": PASSWORD }),
        )
        .await?;
        if let Some(e) = reply.error() {
            bail!("login {email}: {e}");
        }
        let p = &reply.body["data"]["login"];
        Ok(Vu {
            client,
            endpoint: endpoint.to_string(),
            token: p["accessToken"]
                .as_str()
                .context("accessToken")?
                .to_string(),
            user_id: p["userId"].as_str().context("userId")?.to_string(),
            organization_id: p["organizationId"].as_str().unwrap_or_default().to_string(),
        })
    }

    pub(crate) async fn send(&self, query: &str, variables: Value) -> anyhow::Result<Reply> {
        post(
            &self.client,
            &self.endpoint,
            Some(&self.token),
            query,
            variables,
        )
        .await
    }
}

/// What a virtual user sends next.
pub(crate) enum Plan {
    /// The same operation every time.
    Fixed(&'static str, Value),
    /// Mentor in the write mix: quick-log with an activity type that needs no contact,
    /// location or documentation.
    QuickLog(Value),
    /// Coordinator in the write mix: approve the next pending activity of their scope,
    /// refilling the list (one extra request, counted too) when it runs out.
    Approve(VecDeque<String>),
}

struct Outcome {
    histogram: Histogram<u64>,
    errors: u64,
    error_samples: Vec<String>,
    sql_sum: u64,
    sql_max: u64,
    sql_seen: u64,
}

/// Sends the plan's next request.
pub(crate) async fn step(vu: &Vu, plan: &mut Plan) -> anyhow::Result<Reply> {
    match plan {
        Plan::Fixed(q, v) => vu.send(q, v.clone()).await,
        Plan::QuickLog(v) => vu.send(QUICK_LOG, v.clone()).await,
        Plan::Approve(queue) => match queue.pop_front() {
            Some(id) => vu.send(APPROVE, json!({ "id": id })).await,
            None => {
                let r = vu.send(PENDING_IDS, json!({})).await;
                if let Ok(reply) = &r
                    && let Some(nodes) = reply.body["data"]["activities"]["nodes"].as_array()
                {
                    queue.extend(
                        nodes
                            .iter()
                            .filter_map(|n| n["id"].as_str().map(str::to_string)),
                    );
                }
                r
            }
        },
    }
}

async fn drive(
    vu: Vu,
    mut plan: Plan,
    start: Instant,
    measure_from: Instant,
    end: Instant,
) -> Outcome {
    let _ = start;
    let mut out = Outcome {
        histogram: Histogram::new_with_bounds(1, 120_000_000, 3).expect("bounds"),
        errors: 0,
        error_samples: Vec::new(),
        sql_sum: 0,
        sql_max: 0,
        sql_seen: 0,
    };
    while Instant::now() < end {
        let t0 = Instant::now();
        let result = step(&vu, &mut plan).await;
        let elapsed = t0.elapsed();
        if t0 < measure_from {
            continue;
        }
        if t0 >= end {
            break;
        }
        out.histogram
            .saturating_record(elapsed.as_micros().max(1) as u64);
        match result {
            Ok(reply) => {
                if let Some(e) = reply.error() {
                    out.errors += 1;
                    if out.error_samples.len() < 3 {
                        out.error_samples.push(e.chars().take(300).collect());
                    }
                }
                if let Some(n) = reply.sql {
                    out.sql_sum += n;
                    out.sql_max = out.sql_max.max(n);
                    out.sql_seen += 1;
                }
            }
            Err(e) => {
                out.errors += 1;
                if out.error_samples.len() < 3 {
                    out.error_samples.push(e.to_string());
                }
            }
        }
    }
    out
}

/// Logs in `emails` one after another (logins hash passwords: keep them off the measurement).
async fn login_all(endpoint: &str, emails: &[String]) -> anyhow::Result<Vec<Vu>> {
    let mut vus = Vec::new();
    for e in emails {
        vus.push(Vu::login(endpoint, e).await?);
    }
    Ok(vus)
}

fn admin_emails(n: usize) -> Vec<String> {
    let orgs = ["nhf", "blindeforbundet", "hlf", "lhl"];
    (0..n)
        .map(|i| admin_email(orgs[i % orgs.len()], (i / orgs.len()) % 2))
        .collect()
}

/// Logs in the scenario's `n` virtual users and prepares what each sends.
pub(crate) async fn plans(
    scenario: Scenario,
    n: usize,
    endpoint: &str,
    notes: &mut Vec<String>,
) -> anyhow::Result<Vec<(Vu, Plan)>> {
    let endpoint = endpoint.to_string();
    let today = Utc::now().date_naive();
    let from = (today - chrono::Duration::days(365)).to_string();
    let to = today.to_string();
    let mut plans: Vec<(Vu, Plan)> = Vec::new();
    match scenario {
        Scenario::MobileHome => {
            // Mentors spread over the data set (every 7th), so they differ in volume.
            let emails: Vec<String> = (0..n).map(|i| mentor_email(i * 7)).collect();
            for vu in login_all(&endpoint, &emails).await? {
                let v = json!({ "me": vu.user_id, "from": from, "to": to });
                plans.push((vu, Plan::Fixed(MOBILE_HOME, v)));
            }
        }
        Scenario::ReviewQueue => {
            // Coordinators whose queue reaches page 3 (more than 100 pending activities).
            let mut i = 0;
            let mut skipped = 0;
            while plans.len() < n {
                if i > 2_000 {
                    bail!("not enough coordinators with a third page of pending activities");
                }
                let vu = Vu::login(&endpoint, &coordinator_email(i)).await;
                i += 1;
                let vu = match vu {
                    Ok(vu) => vu,
                    Err(e) if i > 1 => {
                        notes.push(format!("stopped looking at coordinator{}: {e}", i - 1));
                        bail!("only {} coordinators with a page 3 found", plans.len());
                    }
                    Err(e) => return Err(e),
                };
                let mut after = Value::Null;
                let mut ok = true;
                for _ in 0..2 {
                    let r = vu.send(REVIEW_QUEUE, json!({ "after": after })).await?;
                    if let Some(e) = r.error() {
                        bail!("review queue setup: {e}");
                    }
                    let page = &r.body["data"]["activities"]["pageInfo"];
                    if page["hasNextPage"] != Value::Bool(true) {
                        ok = false;
                        break;
                    }
                    after = page["endCursor"].clone();
                }
                if ok {
                    plans.push((vu, Plan::Fixed(REVIEW_QUEUE, json!({ "after": after }))));
                } else {
                    skipped += 1;
                }
            }
            notes.push(format!(
                "{skipped} coordinators skipped (fewer than 101 pending activities)"
            ));
        }
        Scenario::AdminReport => {
            for vu in login_all(&endpoint, &admin_emails(n)).await? {
                plans.push((
                    vu,
                    Plan::Fixed(ADMIN_REPORT, json!({ "from": from, "to": to })),
                ));
            }
        }
        Scenario::WriteMix => {
            let mentors = n.div_ceil(2);
            let emails: Vec<String> = (0..mentors).map(|i| mentor_email(i * 11 + 3)).collect();
            for vu in login_all(&endpoint, &emails).await? {
                let r = vu.send(ACTIVITY_TYPES, json!({})).await?;
                let types = r.body["data"]["activityTypes"]["nodes"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                let free = types
                    .iter()
                    .find(|t| {
                        t["requiresContact"] == false
                            && t["requiresLocation"] == false
                            && t["requiresDocumentation"] == false
                    })
                    .with_context(|| {
                        format!("no activity type without requirements: {}", r.body)
                    })?;
                let v = json!({ "type": free["id"] });
                plans.push((vu, Plan::QuickLog(v)));
            }
            let emails: Vec<String> = (0..n - mentors).map(coordinator_email).collect();
            for vu in login_all(&endpoint, &emails).await? {
                plans.push((vu, Plan::Approve(VecDeque::new())));
            }
        }
        Scenario::DeepNesting => {
            // NHF admins: the organization with the national structure and most local
            // associations.
            let emails: Vec<String> = (0..n).map(|i| admin_email("nhf", i % 2)).collect();
            let vus = login_all(&endpoint, &emails).await?;
            let fields = vus[0].send(USER_FIELDS, json!({})).await?;
            let has_activities = fields.body["data"]["__type"]["fields"]
                .as_array()
                .is_some_and(|f| f.iter().any(|f| f["name"] == "activities"));
            let query = if has_activities {
                DEEP_NESTING
            } else {
                notes.push(
                    "this server's User has no `activities` field: measured the closest path, \
                     user { roles(first: 5) }"
                        .into(),
                );
                DEEP_NESTING_FALLBACK
            };
            for vu in vus {
                let v = json!({ "org": vu.organization_id });
                plans.push((vu, Plan::Fixed(query, v)));
            }
        }
    }
    Ok(plans)
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let endpoint = format!("{}/graphql", args.url.trim_end_matches('/'));
    let n = args.concurrency.max(1);
    let setup = Instant::now();
    let mut notes: Vec<String> = Vec::new();
    let plans = plans(args.scenario, n, &endpoint, &mut notes).await?;
    let setup_secs = setup.elapsed().as_secs_f64();

    let start = Instant::now();
    let measure_from = start + Duration::from_secs(args.warmup);
    let end = measure_from + Duration::from_secs(args.duration);
    let cpu = tokio::spawn(crate::cpu::measure(args.server_pid, measure_from, end));
    let tasks: Vec<_> = plans
        .into_iter()
        .map(|(vu, plan)| tokio::spawn(drive(vu, plan, start, measure_from, end)))
        .collect();
    let mut histogram = Histogram::<u64>::new_with_bounds(1, 120_000_000, 3)?;
    let (mut errors, mut sql_sum, mut sql_max, mut sql_seen) = (0u64, 0u64, 0u64, 0u64);
    let mut samples = Vec::new();
    for t in tasks {
        let o = t.await?;
        histogram.add(&o.histogram)?;
        errors += o.errors;
        sql_sum += o.sql_sum;
        sql_max = sql_max.max(o.sql_max);
        sql_seen += o.sql_seen;
        samples.extend(o.error_samples);
    }
    let requests = histogram.len();
    let cpu = cpu.await?;
    let per_request = |ms: f64| match requests {
        0 => Value::Null,
        n => json!(ms / n as f64),
    };
    let secs = args.duration as f64;
    let ms = |q: f64| histogram.value_at_quantile(q) as f64 / 1000.0;
    let sql_mean = if sql_seen > 0 {
        sql_sum as f64 / sql_seen as f64
    } else {
        f64::NAN
    };
    let result = json!({
        "scenario": format!("{:?}", args.scenario),
        "concurrency": n,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "requests": requests,
        "rps": requests as f64 / secs,
        "p50_ms": ms(0.50),
        "p95_ms": ms(0.95),
        "p99_ms": ms(0.99),
        "max_ms": histogram.max() as f64 / 1000.0,
        "errors": errors,
        "sql_mean": if sql_seen > 0 { json!(sql_mean) } else { Value::Null },
        "sql_max": if sql_seen > 0 { json!(sql_max) } else { Value::Null },
        "server_cpu_ms_per_req": cpu.server_ms.map_or(Value::Null, per_request),
        "postgres_cpu_ms_per_req": per_request(cpu.postgres_ms),
        "setup_s": setup_secs,
        "notes": notes,
        "error_samples": samples.iter().take(5).collect::<Vec<_>>(),
    });
    if args.json {
        println!("{result}");
    } else {
        println!(
            "{:<14} c={:<3} {:>7} req {:>8.1} req/s  p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms  max {:>8.2} ms  errors {:>5}  sql/req mean {:>6.2} max {:>4}",
            format!("{:?}", args.scenario),
            n,
            requests,
            requests as f64 / secs,
            ms(0.50),
            ms(0.95),
            ms(0.99),
            histogram.max() as f64 / 1000.0,
            errors,
            sql_mean,
            sql_max
        );
        for note in &notes {
            println!("  note: {note}");
        }
        for s in samples.iter().take(5) {
            println!("  error: {s}");
        }
    }
    Ok(())
}
