// The parser in a browser (issue #8): Debian's Chromium, driven headless by
// playwright-core, loads the bundle a browser build would pick from this
// package's exports map, untouched, and runs fixtures/browser-checks.ts
// against it on plain Uint8Arrays. The same checks run here in Node against
// src: the two results must be equal, and match what is written below.
// Needs the build (dist/) and /usr/bin/chromium (.ci/run installs it).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { transform } from 'esbuild';
import { chromium } from 'playwright-core';
import * as api from '../src/index.js';
import { runChecks } from './fixtures/browser-checks.js';

const pkgDir = new URL('../', import.meta.url);
const chromiumPath = '/usr/bin/chromium';

/** What a bundler targeting browsers resolves `@purehttp/http-parser` to: the `browser` condition, else `import`. */
function browserEntry(): URL {
  const entry = JSON.parse(readFileSync(new URL('package.json', pkgDir), 'utf8')).exports['.'];
  const target = entry.browser?.default ?? entry.browser ?? entry.import.default;
  return new URL(target, pkgDir);
}

const page = `<!doctype html><meta charset="utf-8"><title>parser</title><link rel="icon" href="data:,">
<script type="module">
  import * as api from '/parser.js';
  import { runChecks } from '/checks.js';
  // No Node globals here: the bundle must not lean on them.
  const env = { Buffer: typeof Buffer, process: typeof process, require: typeof require };
  window.__result = JSON.stringify({ env, checks: runChecks(api) });
</script>`;

async function serve(): Promise<Server> {
  const checks = await transform(readFileSync(new URL('fixtures/browser-checks.ts', import.meta.url), 'utf8'),
    { loader: 'ts', format: 'esm', target: 'es2022' });
  const files: Record<string, [string, string]> = {
    '/': ['text/html', page],
    '/parser.js': ['text/javascript', readFileSync(browserEntry(), 'utf8')],
    '/checks.js': ['text/javascript', checks.code],
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    res.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' }).end(file?.[1] ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Loads the page in a fresh headless Chromium and returns what it computed; page errors fail the load. */
async function runInChromium(): Promise<{ env: Record<string, string>; checks: unknown }> {
  const server = await serve();
  // launch() gives the browser a fresh temporary --user-data-dir and deletes it on close.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    timeout: 20_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const tab = await browser.newPage();
    const problems: string[] = [];
    tab.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    tab.on('console', (msg) => msg.type() === 'error' && problems.push(`console: ${msg.text()}`));
    tab.on('response', (res) => res.status() >= 400 && problems.push(`${res.status()} for ${res.url()}`));
    const { port } = server.address() as AddressInfo;
    await tab.goto(`http://127.0.0.1:${port}/`, { timeout: 10_000 });
    const done = await tab.waitForFunction('window.__result', null, { timeout: 10_000 }).catch(() => null);
    assert.equal(problems, [], 'the page ran without errors');
    assert.ok(done, 'the page produced a result');
    return JSON.parse(String(await tab.evaluate('window.__result')));
  } finally {
    await browser.close();
    server.close();
  }
}

const test = suite('http-parser in Chromium');
let fromBrowser: Awaited<ReturnType<typeof runInChromium>>;
const inNode = JSON.parse(JSON.stringify(runChecks(api))) as ReturnType<typeof runChecks>;

test('the bundle for browsers loads as is and runs without Node globals', async () => {
  assert.ok(existsSync(browserEntry()), `${browserEntry().pathname} is missing: run \`pnpm build\` first`);
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: apt-get install chromium`);
  fromBrowser = await runInChromium();
  assert.equal(fromBrowser.env, { Buffer: 'undefined', process: 'undefined', require: 'undefined' });
});

test('Chromium computes exactly what Node computes', () => {
  assert.equal(fromBrowser.checks, inNode);
});

// What those results are; each span check is fed whole and byte by byte.
const msg = (head: string, headers: string[], body: string, keepAlive: boolean) => ({ head, headers, body, keepAlive });
const ok = (...messages: ReturnType<typeof msg>[]) => ({ messages, error: 'HPE_OK', reason: '', errorOffset: -1, status: 0 });
const spanRows: Array<[keyof typeof inNode, unknown]> = [
  ['chunkedRequest', ok(msg('POST /upload?x=1 HTTP/1.1', ['Host: example.com', 'Transfer-Encoding: chunked', 'Trailer-A: 1'], 'hello world', true))],
  ['pipelinedRequests', ok(msg('GET /a HTTP/1.1', ['Host: h'], '', true), msg('GET /b HTTP/1.1', ['Host: h', 'Connection: close'], '', false))],
  ['chunkedResponse', ok(msg('200 OK HTTP/1.1', ['Transfer-Encoding: chunked'], 'abc', true))],
  ['pipelinedResponses', ok(msg('404 Not Found HTTP/1.1', ['Content-Length: 2'], 'no', true), msg('204 No Content HTTP/1.1', [], '', true))],
  ['duplicateLength', { messages: [msg('/', ['Content-Length: 1'], '', false)], error: 'HPE_UNEXPECTED_CONTENT_LENGTH',
    reason: 'Duplicate Content-Length', errorOffset: 52, status: 400 }],
];
for (const [name, expected] of spanRows) {
  test(`span API: ${name}`, () => {
    const got = (fromBrowser.checks as typeof inNode)[name] as { whole: unknown; bytewise: unknown };
    assert.equal(got.whole, expected, `${name}, whole`);
    assert.equal(got.bytewise, expected, `${name}, byte by byte`);
  });
}

test('HTTPParser on Uint8Array: request, response, error', () => {
  const { compatRequest, compatResponse, compatError } = fromBrowser.checks as typeof inNode;
  assert.equal(compatRequest, { result: 51, log: [
    { version: '1.1', headers: ['Host', 'x', 'Content-Length', '4'], method: 'PUT', url: '/p', upgrade: false, keepAlive: true },
    { body: 'abcd', type: 'Uint8Array' }, 'complete'] });
  assert.equal(compatResponse, { result: 55, log: [
    { version: '1.0', headers: ['Location', '/n', 'Content-Length', '0'], statusCode: 301, statusMessage: 'Moved', upgrade: false, keepAlive: false },
    'complete'] });
  assert.equal(compatError, { log: [], result: { code: 'HPE_INVALID_VERSION', reason: 'Invalid HTTP version', bytesParsed: 14 } });
});

test.run();
