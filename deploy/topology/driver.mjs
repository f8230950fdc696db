// The checks of deploy/topology/run.sh against a running topology: three gateways (GATEWAYS,
// comma-separated base URLs, A B C) behind a load balancer (LB), GATEWAY_PIDS (A's is killed in
// the last check). Prints each claim with its figures; exits 1 when one does not hold.

import { createHash } from 'node:crypto';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const LB = process.env.LB;
const [A, B, C] = process.env.GATEWAYS.split(',');
const PIDS = process.env.GATEWAY_PIDS.split(' ').map(Number);
const TRIALS = Number(process.env.TRIALS ?? 20);
const LAG_MS = Number(process.env.LAG_MS ?? 0);
const RYW_MS = 1000 * Number(process.env.READ_YOUR_WRITES_SECONDS ?? 10);
const PASSWORD = 'meander-demo';
const NAMES = new Map([[A, 'A'], [B, 'B'], [C, 'C']]);
/** Within this of the cause, an effect on another replica counts as "at once". */
const AT_ONCE_MS = 100;

// --- helpers ---------------------------------------------------------------------------------

/** `demo_id` of the seed (seed/src/demo/mod.rs): UUID v5 in the OID namespace. */
function demoId(kind, key) {
  const ns = Buffer.from('6ba7b8129dad11d180b400c04fd430c8', 'hex');
  const h = createHash('sha1').update(ns).update(`meander-demo:${kind}:${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
const NHF = demoId('org', 'nhf');

const now = () => performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ms = (x) => `${x.toFixed(1)} ms`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** The gateway that answered through the load balancer (nginx's x-upstream: the last tried). */
function via(upstream) {
  const last = (upstream ?? '').split(',').pop().trim();
  for (const [base, name] of NAMES) if (base.endsWith(last) && last) return name;
  return upstream ? `?${upstream}` : '-';
}

/** POST /graphql; never throws: a failed request comes back as { status: 0, error }. */
async function gql(base, query, variables = {}, token) {
  const started = now();
  try {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = { raw: text.slice(0, 200) };
    }
    return { status: res.status, body, upstream: res.headers.get('x-upstream'), started, ended: now() };
  } catch (error) {
    return { status: 0, body: {}, error: String(error.cause ?? error), started, ended: now() };
  }
}
const code = (r) => r.body?.errors?.[0]?.extensions?.code ?? '';
const succeeded = (r) => r.status === 200 && !r.body.errors && r.body.data != null;
function must(r, what) {
  if (!succeeded(r)) throw new Error(`${what} failed: ${r.status} ${r.error ?? JSON.stringify(r.body)}`);
  return r.body.data;
}

const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }';
/** Signs in a demo user, in the organization its address starts with (admin@: none). */
async function login(base, email) {
  const orgs = { nhf: 'nhf', hlf: 'hlf', blind: 'blindeforbundet' };
  const key = orgs[email.split('.')[0]];
  const org = key ? demoId('org', key) : null;
  const r = await gql(base, LOGIN, { i: { email, password: PASSWORD, organizationId: org } });
  return must(r, `login ${email}`).login.accessToken;
}

const results = [];
function claim(name, ok, figures) {
  results.push({ name, ok });
  console.log(`\n${ok ? 'PASS' : 'FAIL'}  ${name}`);
  for (const line of figures) console.log(`      ${line}`);
}

/** A graphql-ws client on `base` (ws://) signed in with `token`; resolves once acknowledged. */
async function wsClient(base, token) {
  const client = createClient({
    url: `${base.replace(/^http/, 'ws')}/graphql/ws`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    retryAttempts: 0,
  });
  await new Promise((resolve, reject) => {
    client.on('connected', resolve);
    client.on('error', reject);
  });
  return client;
}

/** Subscribes to `notificationAdded`; returns `wait(activityId)` resolving at its arrival time. */
function notifications(client) {
  const arrived = new Map();
  const waiting = new Map();
  client.subscribe(
    { query: 'subscription { notificationAdded { id relatedEntityId } }' },
    {
      next: (msg) => {
        const at = now();
        const id = msg.data?.notificationAdded?.relatedEntityId;
        if (!id) return;
        if (waiting.has(id)) waiting.get(id)(at);
        else arrived.set(id, at);
      },
      error: (e) => console.error('subscription error', e),
      complete: () => {},
    },
  );
  return (id, timeout = 5000) =>
    arrived.has(id)
      ? Promise.resolve(arrived.get(id))
      : Promise.race([
          new Promise((r) => waiting.set(id, r)),
          sleep(timeout).then(() => null),
        ]);
}

// --- a. notifications across replicas --------------------------------------------------------

const REGISTER = 'mutation($i: RegisterActivityInput!) { registerActivity(input: $i) { activity { id } } }';
const APPROVE = 'mutation($id: UUID!) { approveActivity(id: $id) { activity { id status } } }';

async function notificationsAcrossReplicas() {
  const mentor = await login(A, 'nhf.mentor@meander.dev');
  const coordinator = await login(A, 'nhf.coordinator@meander.dev');
  const onC = await wsClient(C, mentor);
  const onLb = await wsClient(LB, mentor);
  const waitC = notifications(onC);
  const waitLb = notifications(onLb);
  // The subscriptions have made their first read.
  await sleep(500);
  const fromRequest = [], fromResponse = [], viaLb = [];
  let lost = 0;
  for (let i = 0; i < TRIALS; i++) {
    const activity = must(
      await gql(A, REGISTER, {
        i: {
          activityTypeId: demoId('activity_type', 'nhf:admin_work'),
          activityDate: new Date(Date.now() - 2 * 3600_000).toISOString(),
        },
      }, mentor),
      'registerActivity',
    ).registerActivity.activity.id;
    const r = await gql(A, APPROVE, { id: activity }, coordinator);
    must(r, 'approveActivity');
    const [atC, atLb] = await Promise.all([waitC(activity), waitLb(activity)]);
    if (atC === null || atLb === null) {
      lost++;
      continue;
    }
    fromRequest.push(atC - r.started);
    fromResponse.push(atC - r.ended);
    viaLb.push(atLb - r.started);
  }
  await onC.dispose();
  await onLb.dispose();
  const max = fromRequest.length ? Math.max(...fromRequest) : Infinity;
  claim(`a. a notification written through A reaches its subscriber on C in under ${AT_ONCE_MS} ms`, lost === 0 && max < AT_ONCE_MS, [
    `${TRIALS} approvals on A (poll every 10 min: only the cluster signal can deliver in time), ${lost} not delivered within 5 s`,
    `from the approval request sent: median ${ms(median(fromRequest))}, max ${ms(max)}`,
    `from the approval response received: median ${ms(median(fromResponse))}, max ${ms(Math.max(...fromResponse))}`,
    `the same subscriber through nginx (WebSocket upgrade): median ${ms(median(viaLb))}, max ${ms(Math.max(...viaLb))}`,
  ]);
}

// --- b. one rate limit for the deployment ----------------------------------------------------

async function rateLimitAcrossReplicas() {
  const limit = 5; // rate_limit.login_attempts_per_minute_per_account in run.sh
  const attempt = () => gql(LB, LOGIN, { i: { email: 'blind.mentor@meander.dev', password: 'wrong password' } });
  const paced = [];
  for (let i = 0; i < limit + 4; i++) {
    paced.push(await attempt());
    await sleep(50); // past the signals' 10 ms gathering and their travel
  }
  const expected = paced.map((_, i) => (i < limit ? 'UNAUTHENTICATED' : 'RATE_LIMITED'));
  const ok = paced.every((r, i) => code(r) === expected[i]);
  const landed = new Set(paced.map((r) => via(r.upstream)));
  // The documented price: attempts landing on two replicas within the same few ms may both pass.
  const burst = await Promise.all(
    Array.from({ length: 3 * limit }, () =>
      gql(LB, LOGIN, { i: { email: 'hlf.mentor@meander.dev', password: 'wrong password' } })),
  );
  const passed = burst.filter((r) => code(r) === 'UNAUTHENTICATED').length;
  claim(`b. ${limit} wrong passwords a minute for one account, whichever replica they land on`, ok && landed.size >= 2, [
    `through nginx, 50 ms apart: ${paced.map((r) => `${via(r.upstream)}:${code(r) === 'RATE_LIMITED' ? 'limited' : code(r) === 'UNAUTHENTICATED' ? 'refused' : code(r) || r.status}`).join(' ')}`,
    `(information) ${burst.length} at once for another account: ${passed} reached the password check (limit ${limit})`,
  ]);
}

// --- c. revocations on every replica at once -------------------------------------------------

const CONTACTS = '{ contacts(first: 1) { totalCount } }';

/**
 * Runs `revoke` on A after `token` is cached on every replica, then asks A, B and C back to back
 * until each refuses: per replica, when the first refused request was sent (after the
 * revocation's response: the most the credentials outlived it there) and how many requests sent
 * after that response were still served.
 */
async function untilRefused(token, revoke, refusal) {
  for (const base of [A, B, C]) must(await gql(base, CONTACTS, {}, token), 'contacts (warm)');
  const r = await revoke();
  const out = {};
  await Promise.all([A, B, C].map(async (base) => {
    let served = 0;
    for (;;) {
      const q = await gql(base, CONTACTS, {}, token);
      if (code(q) === refusal) {
        out[NAMES.get(base)] = { after: q.started - r.ended, served };
        return;
      }
      if (!succeeded(q) || q.ended - r.ended > 5000) {
        out[NAMES.get(base)] = { after: Infinity, served, unexpected: code(q) || q.status };
        return;
      }
      served++;
    }
  }));
  return out;
}

async function revocationsEverywhere() {
  const admin = await login(LB, 'nhf.admin@meander.dev');
  const coordinatorId = demoId('user', 'nhf.coordinator@meander.dev');
  const ROLES = `query($u: UUID!) { userRoles(first: 50, filter: { userId: { eq: $u } }) {
    nodes { id roleId organizationId localAssociationId revokedAt } } }`;
  const rounds = Math.max(3, Math.floor(TRIALS / 4));
  const roleTimes = [], sessionTimes = [];
  let roleServed = 0, sessionServed = 0;
  const failures = [];
  const token = await login(LB, 'nhf.coordinator@meander.dev');
  for (let i = 0; i < rounds; i++) {
    const roles = must(await gql(A, ROLES, { u: coordinatorId }, admin), 'userRoles').userRoles.nodes
      .filter((n) => n.organizationId === NHF && !n.revokedAt);
    const out = await untilRefused(token, async () => {
      let last;
      for (const role of roles) {
        last = await gql(A, 'mutation($id: UUID!) { revokeRole(userRoleId: $id) { userRole { revokedAt } } }', { id: role.id }, admin);
        must(last, 'revokeRole');
      }
      return last;
    }, 'FORBIDDEN');
    for (const [name, o] of Object.entries(out)) {
      roleTimes.push(o.after);
      roleServed += o.served;
      if (o.unexpected) failures.push(`role round ${i} on ${name}: ${o.unexpected}`);
    }
    for (const role of roles) {
      must(await gql(A, 'mutation($u: UUID!, $r: UUID!, $l: UUID) { assignRole(userId: $u, roleId: $r, localAssociationId: $l) { userRole { id } } }',
        { u: coordinatorId, r: role.roleId, l: role.localAssociationId }, admin), 'assignRole (restore)');
    }
    await sleep(200); // the replicas drop the refused viewer they cached
  }
  // Each round a new session, of another user: logins count against the per-account limit.
  const users = ['nhf.coordinator.bergen', 'hlf.coordinator', 'blind.coordinator', 'hlf.admin', 'blind.admin', 'nhf.coordinator'];
  for (let i = 0; i < rounds; i++) {
    const session = await login(LB, `${users[i % users.length]}@meander.dev`);
    const out = await untilRefused(session, async () => {
      const r = await gql(A, 'mutation { logout }', {}, session);
      must(r, 'logout');
      return r;
    }, 'UNAUTHENTICATED');
    for (const [name, o] of Object.entries(out)) {
      sessionTimes.push(o.after);
      sessionServed += o.served;
      if (o.unexpected) failures.push(`session round ${i} on ${name}: ${o.unexpected}`);
    }
  }
  const worst = Math.max(...roleTimes, ...sessionTimes);
  claim(`c. a revoked role or ended session stops working on A, B and C within ${AT_ONCE_MS} ms (viewers cached for 5 minutes)`, failures.length === 0 && worst < AT_ONCE_MS, [
    `role revoked on A, ${rounds} rounds x 3 replicas: first refused request sent after the revocation's response: median ${ms(median(roleTimes))}, max ${ms(Math.max(...roleTimes))}; requests sent after it and still served: ${roleServed}`,
    `session ended (logout) on A, ${rounds} rounds x 3 replicas: median ${ms(median(sessionTimes))}, max ${ms(Math.max(...sessionTimes))}; requests sent after it and still served: ${sessionServed}`,
    ...failures,
  ]);
}

// --- d. read your writes through the load balancer -------------------------------------------

const ORG_NAME = 'query($id: UUID!) { organization(id: $id) { name } }';
const RENAME = 'mutation($id: UUID!, $n: String!) { updateOrganization(id: $id, input: { name: $n }) { name } }';

async function readYourWrites() {
  const writer = await login(LB, 'nhf.admin@meander.dev');
  const other = await login(LB, 'nhf.admin@meander.dev');
  // Both sessions' viewers cached everywhere: the reads below are as fast as they get.
  for (const base of [A, B, C]) {
    for (const token of [writer, other]) must(await gql(base, ORG_NAME, { id: NHF }, token), 'organization');
  }
  let own = 0, stale = 0, moved = 0;
  const misses = [], seenFrom = [];
  const trials = Math.max(3, Math.ceil(TRIALS / 2));
  for (let i = 0; i < trials; i++) {
    // Each trial after the window of the last one: no replica knows of an earlier write.
    if (i) await sleep(RYW_MS + 200);
    const name = `Norges Handikapforbund (topology ${Date.now()}-${i})`;
    const w = await gql(LB, RENAME, { id: NHF, n: name }, writer);
    must(w, 'updateOrganization');
    // At once: the write's signal to the other replicas races this read.
    const [mine, theirs] = await Promise.all([
      gql(LB, ORG_NAME, { id: NHF }, writer),
      gql(LB, ORG_NAME, { id: NHF }, other),
    ]);
    if (via(mine.upstream) !== via(w.upstream)) moved++;
    if (must(theirs, 'organization').organization.name !== name) stale++;
    if (must(mine, 'organization').organization.name === name) {
      own++;
    } else {
      // Missed: from when the gateway that missed it answers with the write (it heard of it).
      const base = [...NAMES].find(([, n]) => n === via(mine.upstream))?.[0] ?? LB;
      let r;
      do r = await gql(base, ORG_NAME, { id: NHF }, writer);
      while (must(r, 'organization').organization.name !== name && r.started - w.ended < 5000);
      seenFrom.push(r.started - w.ended);
      misses.push(`trial ${i}: wrote on ${via(w.upstream)}, read the old name on ${via(mine.upstream)}, which served the write from ${ms(r.started - w.ended)} after the write's response`);
    }
  }
  claim('d. a session reads its own write through nginx, at once, while the replica lags', own === trials && stale > 0, [
    `${trials} renames through nginx, ${(RYW_MS + 200) / 1000} s apart (past read_your_writes_seconds), each followed at once by a read of the same session: ${own} saw the write (${moved} of the reads landed on another gateway than the write)`,
    `lag present: another session's read at the same moment saw the old name ${stale} of ${trials} times (replica applies commits ${LAG_MS} ms late)`,
    ...(seenFrom.length ? [`missed ${seenFrom.length} times; the gateway that missed it served the write from ${ms(median(seenFrom))} (median), ${ms(Math.max(...seenFrom))} (max) after the write's response`] : []),
    ...misses.slice(0, 5),
  ]);
}

// --- e. a gateway killed under load ----------------------------------------------------------

/** When connections to `base` are first refused (polled every millisecond). */
async function refusedFrom(base) {
  const { hostname, port } = new URL(base);
  for (;;) {
    const refused = await new Promise((resolve) => {
      const socket = net.connect({ host: hostname, port: Number(port) });
      socket.once('connect', () => { socket.destroy(); resolve(false); });
      socket.once('error', () => resolve(true));
    });
    if (refused) return now();
    await sleep(1);
  }
}

async function killUnderLoad() {
  const token = await login(LB, 'nhf.coordinator.bergen@meander.dev');
  const workers = 12, before = 2000, after = 3000;
  const done = [];
  let killedAt = Infinity, stop = false;
  const loop = async () => {
    while (!stop) done.push(await gql(LB, CONTACTS, {}, token));
  };
  const running = Array.from({ length: workers }, loop);
  await sleep(before);
  killedAt = now();
  process.kill(PIDS[0], 'SIGKILL');
  // The process is gone (its sockets closed) when its port refuses connections.
  const goneAt = await refusedFrom(A);
  await sleep(after);
  stop = true;
  await Promise.all(running);
  const aPort = A.split(':').pop();
  const onA = (r) => (r.upstream ?? '').split(',')[0].trim().endsWith(`:${aPort}`);
  // In flight: sent before A was gone, not answered when the kill was sent.
  const inFlight = done.filter((r) => r.started < goneAt && r.ended > killedAt);
  const inFlightOnA = inFlight.filter(onA);
  const failed = done.filter((r) => !succeeded(r));
  const failedAfter = failed.filter((r) => r.started > goneAt);
  const failedUnexplained = failed.filter((r) => !inFlightOnA.includes(r));
  const afterwards = done.filter((r) => r.started > goneAt);
  const servedBy = (rs) => ['A', 'B', 'C'].map((n) => `${n} ${rs.filter((r) => via(r.upstream) === n).length}`).join(', ');
  claim('e. kill -9 of gateway A under load loses only the requests in flight on it', failedUnexplained.length === 0 && failed.length <= inFlightOnA.length, [
    `${workers} clients back to back through nginx, ${done.length} requests over ${(before + after) / 1000} s; A killed after ${before / 1000} s, its port refused connections ${ms(goneAt - killedAt)} later`,
    `in flight at the kill: ${inFlight.length}, ${inFlightOnA.length} of them passed to A (${inFlightOnA.filter((r) => succeeded(r) && (r.upstream ?? '').includes(',')).length} of those nginx passed on to B or C: they had not reached A); failed: ${failed.length} (${failed.map((r) => `${r.status || r.error} sent ${ms(r.started - killedAt)} after the kill`).join(', ') || 'none'})`,
    `after the kill: ${afterwards.length} requests (${servedBy(afterwards)}), ${failedAfter.length} failed`,
    ...failedUnexplained.slice(0, 5).map((r) => `unexplained failure: ${r.status} ${r.error ?? JSON.stringify(r.body).slice(0, 160)} via ${r.upstream}`),
  ]);
}

// --- main ------------------------------------------------------------------------------------

console.log(`topology: nginx ${LB} -> A ${A}, B ${B}, C ${C}; pool ${process.env.POOL ?? 'direct'}; ${TRIALS} trials`);
const checks = [notificationsAcrossReplicas, rateLimitAcrossReplicas, readYourWrites, revocationsEverywhere, killUnderLoad];
for (const check of checks) {
  try {
    await check();
  } catch (e) {
    claim(`${check.name}: could not run`, false, [String(e.message ?? e)]);
  }
}
const failed = results.filter((r) => !r.ok);
console.log(`\n${results.length - failed.length} of ${results.length} claims hold`);
process.exit(failed.length ? 1 : 0);
