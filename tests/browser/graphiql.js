// Browser check of /graphiql (run by tests/browser/run.sh, which CI calls; not part of
// `cargo test`: it needs Chromium and puppeteer-core). Loads the IDE in headless Chromium, runs
// the README's login and viewer query through the UI, then a subscription from the IDE over
// /graphql/ws that must show a notification caused meanwhile by another user; fails if the page
// requested anything outside the gateway, and writes a screenshot of each step.
//
//   node tests/browser/graphiql.js http://127.0.0.1:8080 /tmp/graphiql.png [/usr/bin/chromium]
const puppeteer = require('puppeteer-core');

const COORDINATOR = 'nhf.coordinator@meander.dev';
const MENTOR = 'nhf.mentor@meander.dev';
const PASSWORD = 'meander-demo';

(async () => {
  const [base = 'http://127.0.0.1:8080', shot = 'graphiql.png', chromium = '/usr/bin/chromium'] =
    process.argv.slice(2);
  // The flags keep Chromium from calling home (no network here, and none needed).
  const browser = await puppeteer.launch({
    executablePath: chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    const origin = new URL(base).host;
    const outside = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.protocol !== 'data:' && url.host !== origin) outside.push(r.url());
    });
    await page.goto(`${base}/graphiql`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.graphiql-query-editor .CodeMirror');
    const result = () => page.evaluate(() => (document.querySelector('.result-window') || {}).innerText || '');
    const run = async (query) => {
      await page.evaluate((q) => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(q), query);
      await new Promise((r) => setTimeout(r, 500)); // the editor state follows on the next tick
      await page.click('.graphiql-execute-button');
    };
    const login = async (email) => {
      await page.evaluate(() => sessionStorage.removeItem('meander:accessToken'));
      await run(`mutation Login { login(input: { email: "${email}", password: "${PASSWORD}" }) { accessToken } }`);
      await page.waitForFunction(() => sessionStorage.getItem('meander:accessToken'), { timeout: 15000 });
      return page.evaluate(() => sessionStorage.getItem('meander:accessToken'));
    };
    // Operations the script makes itself, as another client would.
    const gql = async (token, query, variables = {}) => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = await res.json();
      if (body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
      return body.data;
    };

    // 1. The README's first session: login, then the viewer query, token kept by the page.
    const coordinator = await login(COORDINATOR);
    await run('query Viewer { viewer { user { firstName lastName } organization { name } roles { key reach } } }');
    await page.waitForFunction(() => (document.querySelector('.result-window') || {}).innerText?.includes('firstName'), { timeout: 15000 });
    const viewer = await result();
    if (!viewer.includes('"viewer"') || viewer.includes('"errors"')) throw new Error(`viewer query failed: ${viewer}`);
    await page.screenshot({ path: shot });

    // 2. A subscription from the IDE: the mentor listens; the coordinator approves the mentor's
    // pending activity over HTTP; the notification appears in the IDE's result pane.
    const mentor = await login(MENTOR);
    const types = await gql(mentor, '{ activityTypes(filter: { key: { eq: "admin_work" } }) { nodes { id } } }');
    const registered = await gql(mentor,
      'mutation($i: RegisterActivityInput!) { registerActivity(input: $i) { activity { id status } } }',
      { i: { activityTypeId: types.activityTypes.nodes[0].id, activityDate: new Date(Date.now() - 2 * 3600e3).toISOString() } });
    const activity = registered.registerActivity.activity;
    if (activity.status !== 'PENDING_REVIEW') throw new Error(`activity not pending: ${JSON.stringify(activity)}`);
    await run('subscription Notifications { notificationAdded { title body relatedEntityId } }');
    await new Promise((r) => setTimeout(r, 1500)); // connection_init, ack and subscribe
    await gql(coordinator, 'mutation($id: UUID!) { approveActivity(id: $id) { activity { id status } } }', { id: activity.id });
    await page.waitForFunction((id) => (document.querySelector('.result-window') || {}).innerText?.includes(id), { timeout: 15000 }, activity.id);
    const notified = await result();
    if (!notified.includes('notificationAdded') || notified.includes('"errors"')) throw new Error(`subscription failed: ${notified}`);
    await page.screenshot({ path: shot.replace(/\.png$/, '') + '-subscription.png' });

    if (outside.length) throw new Error(`requests outside the gateway: ${outside.join(', ')}`);
    console.log('ok: GraphiQL loaded from the gateway alone; login, viewer query and a subscription ran in it; screenshots', shot);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
