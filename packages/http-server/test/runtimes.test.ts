// The server under Bun and Deno (issue #8), through their node:net and
// node:tls: each runtime (root devDependencies `bun` and `deno`, binaries
// put in place by their postinstall) runs fixtures/runtime-smoke.ts, which
// imports the built package (dist/, as a user of that runtime would) and
// listens on 127.0.0.1:0. From here, in Node: keep-alive GETs, a POST body, a chunked
// response, a pipelined pair, HTTPS, an Upgrade hand-off, the idle
// keep-alive timeout, and a graceful close on SIGTERM. Needs the build
// (dist/) and openssl (a throwaway certificate).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bounded, connect, exchange, parseResponses, request } from './harness.js';
import { start, type Program } from './child.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/runtime-smoke.ts', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const denoDir = mkdtempSync(join(tmpdir(), 'purehttp-deno-'));
// A self-signed certificate for the HTTPS check (openssl: scripts/system-tools.ts installs it).
const tlsDir = mkdtempSync(join(tmpdir(), 'purehttp-tls-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
  '-keyout', join(tlsDir, 'key.pem'), '-out', join(tlsDir, 'cert.pem')], { stdio: 'ignore' });
const cert = readFileSync(join(tlsDir, 'cert.pem'));

setTimeout(() => {
  process.stderr.write('runtimes.test.ts: still running after 60 s\n');
  process.exit(1);
}, 60_000).unref();

// The real executables, not node_modules/.bin's shims: those are a shell script (bun) and a Node
// script (deno) that run the binary as their child, so a signal sent to them would not reach it.
const binaries: Record<string, string> = {
  bun: join(root, 'node_modules/bun/bin/bun.exe'),
  deno: join(root, 'node_modules/deno/deno'),
};

const runtimes: Record<string, string[]> = {
  bun: ['run', '--no-install', fixture], // --no-install: never auto-install from a registry
  // --node-modules-dir=manual and --cached-only: resolve the workspace packages from the pnpm-installed
  // node_modules, never fetch. --sloppy-imports: as for the parser's tests. Network limited to loopback.
  deno: ['run', '--no-prompt', '--node-modules-dir=manual', '--cached-only', '--sloppy-imports',
    '--allow-net=127.0.0.1', `--allow-read=${root},${tlsDir}`, '--allow-env', fixture],
};

/** Starts the fixture under `runtime`; resolves once it printed its ports. */
function startIn(runtime: string): Promise<Program> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', TLS_DIR: tlsDir };
  delete env.NODE_V8_COVERAGE; // the coverage scripts/test.ts collects is Node's
  return start(binaries[runtime], runtimes[runtime], { cwd: root, env, ready: /listening (\d+) (\w+) (\d+)/ });
}

const post = (port: number, agent: http.Agent, body: Buffer) =>
  request(port, { method: 'POST', path: '/echo', agent, body, headers: { 'content-length': body.length } });

for (const runtime of Object.keys(runtimes)) {
  const test = suite(`http-server under ${runtime}`);
  let child: Program | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const port = () => {
    assert.ok(child, `${runtime} did not start`);
    return Number(child.match[1]);
  };
  test.after(() => {
    agent.destroy();
    child?.kill();
  });

  test(`${runtime}: starts the built package on 127.0.0.1:0`, async () => {
    assert.ok(existsSync(dist), `${dist} is missing: run \`pnpm build\` first`);
    child = await startIn(runtime);
    assert.ok(port() > 0);
    assert.is(child.match[2], runtime);
  });

  test(`${runtime}: keep-alive GETs share one connection`, async () => {
    const a = await request(port(), { path: '/a', agent });
    const b = await request(port(), { path: '/b?x=1', agent });
    assert.equal([a.status, a.body, a.headers['x-runtime']], [200, 'GET /a', runtime]);
    assert.equal([b.status, b.body], [200, 'GET /b?x=1']);
    assert.is(a.headers.connection, 'keep-alive');
    assert.ok(b.reused, 'the client reused its socket');
    assert.is(b.headers['x-connection'], a.headers['x-connection'], 'the server saw one connection');
  });

  test(`${runtime}: POST with a 256 KiB body`, async () => {
    const body = randomBytes(256 * 1024);
    const r = await post(port(), agent, body);
    assert.is(r.status, 200);
    assert.equal(JSON.parse(r.body), { bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
    const small = await post(port(), agent, Buffer.from('{"a":1}'));
    assert.equal(JSON.parse(small.body).bytes, 7);
    assert.ok(small.reused, 'still the same connection after a body');
  });

  test(`${runtime}: chunked response`, async () => {
    const r = await request(port(), { path: '/chunked', agent });
    assert.is(r.status, 200);
    assert.is(r.headers['transfer-encoding'], 'chunked');
    assert.is(r.headers['content-length'], undefined);
    assert.is(r.body, 'one,two,three');
  });

  test(`${runtime}: pipelined pair, answered in order on one connection`, async () => {
    const raw = 'GET /first HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc'
      + 'GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
    const r = await exchange(port(), raw, { ms: 10_000 });
    const responses = parseResponses(r.text);
    assert.ok(r.closed, 'closed after Connection: close');
    assert.equal(responses.map((x) => [x.status, x.body]), [
      [200, 'GET /first'],
      [200, JSON.stringify({ bytes: 3, sha256: createHash('sha256').update('abc').digest('hex') })],
      [200, 'GET /last'],
    ]);
    assert.equal(new Set(responses.map((x) => x.headers['x-connection'])).size, 1);
    assert.is(responses[2].headers.connection, 'close');
  });

  test(`${runtime}: HTTPS (createSecureServer over the runtime's node:tls), keep-alive`, async () => {
    port();
    const tlsPort = Number(child!.match[3]);
    const tlsAgent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: cert, servername: 'localhost' });
    const get = (path: string, body?: Buffer) => new Promise<{ status: number; body: string; connection: string; reused: boolean }>((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port: tlsPort, path, agent: tlsAgent, method: body ? 'POST' : 'GET' }, (res) => {
        let text = '';
        res.setEncoding('latin1');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: text, connection: String(res.headers['x-connection']), reused: req.reusedSocket }));
      });
      req.on('error', reject);
      req.end(body);
    });
    try {
      const a = await bounded(get('/secure'), 10_000, 'HTTPS GET');
      const body = randomBytes(64 * 1024);
      const b = await bounded(get('/echo', body), 10_000, 'HTTPS POST');
      assert.equal([a.status, a.body], [200, 'GET /secure']);
      assert.equal([b.status, JSON.parse(b.body).sha256], [200, createHash('sha256').update(body).digest('hex')]);
      assert.ok(b.reused, 'the client reused its TLS socket');
      assert.is(b.connection, a.connection, 'the server saw one connection');
    } finally {
      tlsAgent.destroy();
    }
  });

  test(`${runtime}: Upgrade hands the socket over, with the bytes after the head`, async () => {
    const socket = await connect(port());
    let text = '';
    socket.on('data', (d) => (text += d));
    socket.write('GET /u HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nhello ');
    await bounded(new Promise<void>((resolve) => socket.on('data', () => text.endsWith('hello ') && resolve())), 10_000, 'upgrade');
    socket.end('world');
    await bounded(new Promise((resolve) => socket.on('close', resolve)), 10_000, 'upgraded socket close');
    assert.ok(text.startsWith('HTTP/1.1 101 Switching Protocols\r\n'), text);
    assert.ok(text.endsWith('\r\n\r\nhello world'), text);
  });

  test(`${runtime}: an idle keep-alive connection is closed after keepAliveTimeout`, async () => {
    // keepAliveTimeout is 2 s in the fixture; the bound is generous, not a timing assertion.
    const r = await exchange(port(), 'GET /idle HTTP/1.1\r\nHost: x\r\n\r\n', { ms: 15_000 });
    assert.ok(r.closed, 'the server closed the idle connection');
    assert.equal(parseResponses(r.text).map((x) => [x.status, x.body]), [[200, 'GET /idle']]);
  });

  test(`${runtime}: SIGTERM closes gracefully (close(), closeIdleConnections())`, async () => {
    const c = child!;
    c.signal('SIGTERM');
    const code = await bounded(c.exit, 15_000, `${runtime} exit`);
    assert.is(code, 0, c.output());
    assert.match(c.output(), /\nclosed\n/);
  });

  test.run();
}

process.on('beforeExit', () => {
  rmSync(denoDir, { recursive: true, force: true });
  rmSync(tlsDir, { recursive: true, force: true });
});
