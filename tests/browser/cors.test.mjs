// Browser test of cross-origin API calls: a page served from another origin (a second loopback port)
// creates, lists and deletes a runner through fetch with an Authorization header, in Debian's Chromium
// (headless, playwright-core). Every one of those calls is preflighted; the browser rejects the answer if
// a CORS header is missing or doubled, so the page only sees the envelopes if CORS is right end to end.
// Usage: node cors.test.mjs  (env GW_GATEWAY_BIN, GW_SIM_BIN, ARTIFACTS_DIR; CHROMIUM defaults to /usr/bin/chromium)
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { check, freePort, run, waitForOk } from './helpers.mjs';

const gatewayBin = process.env.GW_GATEWAY_BIN;
const simBin = process.env.GW_SIM_BIN;
const artifacts = process.env.ARTIFACTS_DIR || path.resolve('artifacts');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const apiKey = 'browser-test-key';

const children = [];

// The page: three calls in a row, each result written into #log as JSON.
function page(api) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>CORS client</title></head><body>
<pre id="log"></pre><script>
const api = ${JSON.stringify(api)};
const auth = { Authorization: 'Bearer ${apiKey}' };
const results = [];
async function call(name, method, url, body) {
  try {
    const headers = body ? { ...auth, 'Content-Type': 'application/json' } : auth;
    const res = await fetch(api + url, { method, headers, body: body && JSON.stringify(body) });
    const json = await res.json();
    results.push({ name, status: res.status, envelope: json, requestId: res.headers.get('X-Request-ID') });
    return json;
  } catch (error) {
    results.push({ name, error: String(error) });
    return null;
  }
}
(async () => {
  const created = await call('create', 'POST', '/api/v1/runners', { scope: 'repo', scope_name: 'octo/hello', count: 1 });
  const id = created && created.data && created.data[0] && created.data[0].runner_id;
  await call('list', 'GET', '/api/v1/runners');
  await call('delete', 'DELETE', '/api/v1/runners/' + encodeURIComponent(id || 'none'));
  document.getElementById('log').textContent = JSON.stringify({ id, results }, null, 1);
  document.body.dataset.done = 'yes';
})();
</script></body></html>`;
}

async function main() {
  if (!gatewayBin || !simBin) throw new Error('GW_GATEWAY_BIN and GW_SIM_BIN must be set');
  mkdirSync(artifacts, { recursive: true });
  const [simPort, controlPort, gatewayPort, pagePort, metricsPort] = [await freePort(), await freePort(),
    await freePort(), await freePort(), await freePort()];
  const api = `http://127.0.0.1:${gatewayPort}`;
  const pageOrigin = `http://127.0.0.1:${pagePort}`;
  children.push(spawn(simBin, [`--port=${simPort}`, `--control-port=${controlPort}`], { stdio: 'inherit' }));
  children.push(spawn(gatewayBin, [], {
    env: {
      ...process.env, API_GATEWAY_HOST: '127.0.0.1', API_GATEWAY_PORT: String(gatewayPort),
      ORCHESTRATOR_URL: `http://127.0.0.1:${simPort}`, HEALTH_CHECK_INTERVAL_SECONDS: '0.2', LOG_LEVEL: 'WARNING',
      API_KEYS: apiKey, CORS_ORIGINS: pageOrigin, METRICS_PORT: String(metricsPort),
    },
    stdio: 'inherit',
  }));
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page(api));
  });
  await new Promise((resolve) => server.listen(pagePort, '127.0.0.1', resolve));
  try {
    if (!(await waitForOk(`${api}/healthz`, 10000))) throw new Error('gateway did not start');
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    try {
      const context = await browser.newContext();
      const tab = await context.newPage();
      const consoleErrors = [];
      tab.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await tab.goto(`${pageOrigin}/`);
      await tab.waitForSelector('body[data-done="yes"]', { timeout: 15000 });
      const { id, results } = JSON.parse(await tab.locator('#log').textContent());
      await tab.screenshot({ path: path.join(artifacts, 'cors-client.png') });
      const byName = Object.fromEntries(results.map((r) => [r.name, r]));
      for (const name of ['create', 'list', 'delete'])
        check(byName[name] && !byName[name].error && byName[name].status === 200,
          `cross-origin ${name} with Authorization: ${JSON.stringify(byName[name])}`);
      check(typeof id === 'string' && id.length > 0, `the page read the created runner's id (${id})`);
      const listed = byName.list && byName.list.envelope && byName.list.envelope.data;
      check(Array.isArray(listed) && listed.some((r) => r.runner_id === id), 'the list the page saw holds that runner');
      check(byName.delete && byName.delete.envelope && byName.delete.envelope.data &&
        byName.delete.envelope.data.destroyed === true, 'the page saw the runner destroyed');
      check(byName.create && typeof byName.create.requestId === 'string' && byName.create.requestId.length > 0,
        'X-Request-ID is readable cross-origin (exposed)');
      // Chromium's preflights are not shown to playwright: the gateway's own metrics count them (on its
      // metrics port: with keys on, the public port's /metrics needs a key).
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      let options = 0;
      for (const line of metrics.split('\n'))
        if (line.startsWith('gha_gateway_requests_total{') && line.includes('method="OPTIONS"') &&
            line.includes('status="200"'))
          options += Number(line.slice(line.lastIndexOf(' ') + 1));
      // One per URL: the list reuses the create's preflight (same URL, cached by the browser).
      check(options >= 2, `the browser preflighted the calls and each preflight got 200 (${options})`);
      check(consoleErrors.length === 0, `no CORS or script errors in the page ${consoleErrors.join(' | ')}`);
    } finally {
      await browser.close();
    }
  } finally {
    server.close();
  }
}

await run(main, children, 'cors browser test passed', 'cors browser test');
