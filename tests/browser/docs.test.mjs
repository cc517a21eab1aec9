// Browser test of the documentation pages: a real gateway and simulator on loopback, Debian's Chromium
// headless, driven by playwright-core. Opens /docs, checks the eight API routes are listed, runs
// "Try it out" on GET /api/v1/runners and sees the 200 envelope, then opens /redoc and sees it rendered.
// Every request the pages make must go to the gateway itself (the pages work offline).
// Usage: node docs.test.mjs  (env GW_GATEWAY_BIN, GW_SIM_BIN, ARTIFACTS_DIR; CHROMIUM defaults to /usr/bin/chromium)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { check, freePort, run, waitForOk } from './helpers.mjs';

const gatewayBin = process.env.GW_GATEWAY_BIN;
const simBin = process.env.GW_SIM_BIN;
const artifacts = process.env.ARTIFACTS_DIR || path.resolve('artifacts');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const apiRoutes = [
  ['POST', '/api/v1/runners'], ['GET', '/api/v1/runners'],
  ['GET', '/api/v1/runners/{runner_id}'], ['DELETE', '/api/v1/runners/{runner_id}'],
  ['POST', '/api/v1/runners/cleanup'], ['GET', '/api/v1/health'],
  ['GET', '/health'], ['GET', '/healthz'],
];

const children = [];

function start(bin, args, env) {
  const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  return child;
}

async function main() {
  if (!gatewayBin || !simBin) throw new Error('GW_GATEWAY_BIN and GW_SIM_BIN must be set');
  mkdirSync(artifacts, { recursive: true });
  const simPort = await freePort();
  const controlPort = await freePort();
  const gatewayPort = await freePort();
  start(simBin, [`--port=${simPort}`, `--control-port=${controlPort}`], {});
  start(gatewayBin, [], {
    API_GATEWAY_HOST: '127.0.0.1', API_GATEWAY_PORT: String(gatewayPort),
    ORCHESTRATOR_URL: `http://127.0.0.1:${simPort}`, HEALTH_CHECK_INTERVAL_SECONDS: '0.2', LOG_LEVEL: 'WARNING',
  });
  const origin = `http://127.0.0.1:${gatewayPort}`;
  if (!(await waitForOk(`${origin}/healthz`, 10000))) throw new Error('gateway did not start');
  // A runner to list, so "Try it out" shows real data.
  const created = await fetch(`${origin}/api/v1/runners`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ scope: 'repo', scope_name: 'myorg/myrepo', count: 1 }),
  });
  check(created.status === 200, 'a runner is created through the gateway before the pages are opened');

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const foreign = [];
    const pageErrors = [];
    context.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });

    // --- Swagger UI ---
    const docs = await page.goto(`${origin}/docs`);
    check(docs.status() === 200, '/docs answers 200');
    await page.waitForSelector('.opblock', { timeout: 20000 });
    for (const [method, route] of apiRoutes) {
      const block = page.locator(`.opblock-${method.toLowerCase()}`, {
        has: page.locator(`.opblock-summary-path[data-path="${route}"]`),
      });
      check((await block.count()) === 1, `/docs lists ${method} ${route}`);
    }
    const list = page.locator('.opblock-get', {
      has: page.locator('.opblock-summary-path[data-path="/api/v1/runners"]'),
    });
    await list.locator('.opblock-summary').first().click();
    await list.locator('button.try-out__btn').click();
    await list.locator('button.execute').click();
    const status = list.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 15000 });
    check((await status.innerText()).trim().startsWith('200'), '"Try it out" on GET /api/v1/runners answers 200');
    const body = await list.locator('.live-responses-table .response-col_description pre').first().innerText();
    let envelope = null;
    try { envelope = JSON.parse(body); } catch { /* checked below */ }
    check(envelope && envelope.status === 'success' && Array.isArray(envelope.data) && envelope.data.length === 1 &&
      envelope.message === 'Listados 1 runners activos', `"Try it out" shows the envelope: ${body.slice(0, 120)}`);
    await status.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(artifacts, 'docs.png'), fullPage: false });

    // --- ReDoc ---
    const redoc = await page.goto(`${origin}/redoc`);
    check(redoc.status() === 200, '/redoc answers 200');
    await page.waitForSelector('h1', { timeout: 20000 });
    const title = (await page.locator('h1').first().innerText()).trim();
    check(title.startsWith('GHA API Gateway'), `/redoc renders the API title: "${title}"`);
    const operations = page.locator('h2');
    await operations.filter({ hasText: 'Crear runners' }).first().waitFor({ timeout: 10000 });
    for (const summary of ['Crear runners', 'Listar runners activos', 'Obtener estado de un runner',
      'Destruir un runner', 'Limpiar runners inactivos', 'Health check completo'])
      check((await operations.filter({ hasText: summary }).count()) > 0, `/redoc renders the operation "${summary}"`);
    await page.screenshot({ path: path.join(artifacts, 'redoc.png'), fullPage: false });

    check(foreign.length === 0, `the pages load nothing from outside the gateway ${foreign.join(' ')}`);
    check(pageErrors.length === 0, `no script or policy errors in the pages ${pageErrors.join(' | ')}`);
  } finally {
    await browser.close();
  }
}

await run(main, children, `browser test passed; screenshots in ${artifacts}`, 'browser test');
