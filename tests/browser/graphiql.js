// Browser check of /graphiql (not part of `cargo test`: it needs Chromium and puppeteer-core).
// Loads the IDE in headless Chromium, runs the README's login and viewer query through the UI,
// fails if the page requested anything outside the gateway, and writes a screenshot.
//
//   npm install puppeteer-core@23
//   node tests/browser/graphiql.js http://127.0.0.1:8080 /tmp/graphiql.png [/usr/bin/chromium]
const puppeteer = require('puppeteer-core');

(async () => {
  const [base = 'http://127.0.0.1:8080', shot = 'graphiql.png', chromium = '/usr/bin/chromium'] =
    process.argv.slice(2);
  const browser = await puppeteer.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu'] });
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
  const run = async (query) => {
    await page.evaluate((q) => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(q), query);
    await new Promise((r) => setTimeout(r, 500)); // the editor state follows on the next tick
    await page.click('.graphiql-execute-button');
  };
  await run('mutation Login { login(input: { email: "nhf.coordinator@meander.dev", password: "meander-demo" }) { accessToken } }');
  await page.waitForFunction(() => sessionStorage.getItem('meander:accessToken'), { timeout: 15000 });
  await run('query Viewer { viewer { user { firstName lastName } organization { name } roles { key reach } } }');
  await page.waitForFunction(() => (document.querySelector('.result-window') || {}).innerText?.includes('firstName'), { timeout: 15000 });
  const result = await page.evaluate(() => document.querySelector('.result-window').innerText);
  await page.screenshot({ path: shot });
  await browser.close();
  if (outside.length) throw new Error(`requests outside the gateway: ${outside.join(', ')}`);
  if (!result.includes('"viewer"') || result.includes('"errors"')) throw new Error(`viewer query failed: ${result}`);
  console.log('ok: GraphiQL loaded from the gateway alone, login and viewer ran; screenshot', shot);
})().catch((e) => { console.error(e); process.exit(1); });
