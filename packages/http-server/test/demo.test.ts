// The demo as a user meets it (issue #8): `scripts/demo.ts` (under tsx,
// PORT=0) opened in headless Chromium (Debian's, driven by playwright-core).
// The live counters fill in from server-sent events; each button — JSON
// echo, chunked stream, 1 MiB upload, WebSocket echo — shows its result in
// <pre id="out">; then SIGINT, with the page (and its event stream) still
// open, closes the demo gracefully: "closed", exit 0.
// Needs the build (dist/) and /usr/bin/chromium. (Code run in the page is
// written as strings: this file is type-checked without the DOM's types.)
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { bounded } from './harness.js';
import { start, tsxCli, type Program } from './child.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const demo = fileURLToPath(new URL('../../../scripts/demo.ts', import.meta.url));
const chromiumPath = '/usr/bin/chromium';

setTimeout(() => {
  process.stderr.write('demo.test.ts: still running after 60 s\n');
  process.exit(1);
}, 60_000).unref();

const test = suite('the demo in Chromium');
let program: Program | undefined;
let browser: Browser | undefined;
let tab: Page;
const problems: string[] = [];

test.after(async () => {
  await browser?.close().catch(() => {});
  program?.kill();
});

/** The text of <pre id="out"> once `done` holds for it (bounded). */
async function out(done: string): Promise<string> {
  await tab.waitForFunction(`document.getElementById('out').textContent.includes(${JSON.stringify(done)})`, null, { timeout: 15_000 });
  return (await tab.textContent('#out')) ?? '';
}

/** The JSON shown under the first line of #out. */
const shown = (text: string) => JSON.parse(text.slice(text.indexOf('\n') + 1));

test('the demo starts and prints its URL', async () => {
  program = await start(process.execPath, [tsxCli, demo], {
    cwd: root, env: { ...process.env, PORT: '0' }, ready: /purehttp demo: (http:\/\/127\.0\.0\.1:\d+\/)/,
  });
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install chromium`);
  // launch() gives the browser a fresh temporary --user-data-dir and deletes it on close.
  browser = await chromium.launch({
    executablePath: chromiumPath,
    timeout: 20_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  tab = await browser.newPage();
  tab.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  tab.on('console', (msg) => msg.type() === 'error' && !/favicon/.test(msg.location().url) && problems.push(`console: ${msg.text()}`));
  tab.on('response', (res) => res.status() >= 400 && !res.url().endsWith('/favicon.ico') && problems.push(`${res.status()} for ${res.url()}`));
  const response = await tab.goto(program.match[1], { timeout: 15_000 });
  assert.is(response?.status(), 200);
  assert.is(await tab.title(), 'purehttp demo');
});

test('the live counters show numbers (server-sent events)', async () => {
  await tab.waitForFunction(`['requests', 'connections', 'uptime'].every((id) => /^\\d+$/.test(document.getElementById(id).textContent))`,
    null, { timeout: 15_000 });
  const connections = Number(await tab.textContent('#connections'));
  assert.ok(connections >= 1, `${connections} open connections (the event stream is one)`);
});

test('echo: POST JSON to /echo', async () => {
  await tab.click('#echo');
  const text = await out('echo: 200');
  const echo = shown(text);
  assert.is(echo.method, 'POST');
  assert.is(echo.url, '/echo');
  assert.is(echo.headers['content-type'], 'application/json');
  assert.is(echo.body.hello, 'purehttp');
  assert.type(echo.body.at, 'number');
});

test('stream: five chunks, shown as they arrive', async () => {
  await tab.click('#stream');
  const text = await out('chunk 5 of 5');
  const lines = text.split('\n').filter(Boolean);
  assert.is(lines[0], 'stream (chunked)');
  assert.equal(lines.slice(1).map((l) => l.replace(/ at .*/, '')), [1, 2, 3, 4, 5].map((n) => `chunk ${n} of 5`));
});

test('upload: 1 MiB streamed through SHA-256', async () => {
  await tab.click('#upload');
  const text = await out('upload: 200');
  const body = new Uint8Array(1024 * 1024).map((_, i) => i & 0xff); // what the page sends
  assert.equal(shown(text), { bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
});

test('WebSocket echo (ws on our upgrade event)', async () => {
  await tab.click('#ws');
  assert.is(await out('hello over WebSocket'), 'websocket echo\nhello over WebSocket');
});

test('the counters went up; the page had no errors', async () => {
  // GET /, /events, /echo, /stream, /upload: at least 5 requests, shown within a few updates.
  await tab.waitForFunction(`Number(document.getElementById('requests').textContent) >= 5`, null, { timeout: 15_000 });
  assert.equal(problems, []);
});

test('SIGINT with the page still open: graceful close, "closed", exit 0', async () => {
  const p = program!;
  p.signal('SIGINT');
  const code = await bounded(p.exit, 15_000, 'demo exit');
  assert.is(code, 0, p.output());
  assert.match(p.output(), /closing: finishing requests in flight\.\.\.\nclosed\n/);
});

test.run();
