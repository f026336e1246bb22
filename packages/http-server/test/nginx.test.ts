// Behind nginx (issue #8): nginx, started here as a child process with a
// generated configuration in a temporary directory, proxies to our server
// over upstream keep-alive connections (`keepalive 16`, HTTP/1.1, the
// client's Connection header dropped). Shown: requests and bodies flow, few
// upstream connections carry many requests, and no 502 when idle upstream
// connections end — because nginx's upstream `keepalive_timeout` (100 ms) is
// shorter than our `keepAliveTimeout` (300 ms), so the proxy, not the
// server, closes idle connections (the load-balancer race the README's
// "Behind a reverse proxy" section is about). Needs /usr/sbin/nginx.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from '../src/index.js';
import { bounded, listen, request, shut, sleep } from './harness.js';

const nginxBin = '/usr/sbin/nginx';
const keepAliveTimeout = 300; // ours
const upstreamIdle = 100; // nginx's keepalive_timeout for idle upstream connections: below ours

setTimeout(() => {
  process.stderr.write('nginx.test.ts: still running after 45 s\n');
  process.exit(1);
}, 45_000).unref();

/** A port that was free a moment ago (nginx binds it itself). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function config(dir: string, port: number, upstreamPort: number): string {
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 4m;
  upstream backend {
    server 127.0.0.1:${upstreamPort};
    keepalive 16;
    keepalive_timeout ${upstreamIdle}ms;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

const dir = mkdtempSync(join(tmpdir(), 'purehttp-nginx-'));
let nginx: ChildProcess | undefined;
let nginxOutput = '';
let nginxPort = 0;
let server: Server;
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

// What our server sees: each connection nginx opens, and whether nginx (not we) ended it.
let connections = 0;
let requests = 0;
let closedByPeer = 0;
let closed = 0;

process.on('exit', () => nginx?.kill('SIGKILL'));

const test = suite('http-server behind nginx');

test.before(async () => {
  server = createServer({ keepAliveTimeout, headersTimeout: 10_000 }, (req, res) => {
    requests++;
    if (req.method === 'POST') {
      const hash = createHash('sha256');
      let bytes = 0;
      req.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
      });
      req.on('end', () => res.end(JSON.stringify({ bytes, sha256: hash.digest('hex') })));
      return;
    }
    res.setHeader('content-type', 'text/plain');
    res.end(`${req.method} ${req.url} ${req.headers.connection ?? '-'}`);
  });
  server.on('connection', (socket) => {
    connections++;
    let ended = false;
    socket.on('end', () => (ended = true));
    socket.on('close', () => {
      closed++;
      if (ended) closedByPeer++;
    });
  });
  const upstreamPort = await listen(server);
  nginxPort = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), config(dir, nginxPort, upstreamPort));
  if (!existsSync(nginxBin)) return;
  nginx = spawn(nginxBin, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stdout!.on('data', (d) => (nginxOutput += d));
  nginx.stderr!.on('data', (d) => (nginxOutput += d));
  nginx.on('error', (err) => (nginxOutput += String(err)));
  // Ready when it accepts connections (bounded).
  for (let i = 0; ; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(nginxPort, '127.0.0.1', () => resolve(true)).on('error', () => resolve(false));
      socket.on('connect', () => socket.destroy());
    });
    if (up) break;
    if (i === 100 || nginx.exitCode !== null) throw new Error(`nginx did not start:\n${nginxOutput}\n${errorLog()}`);
    await sleep(50);
  }
});

test.after(async () => {
  agent.destroy();
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((resolve) => nginx!.once('exit', resolve));
    nginx.kill('SIGQUIT'); // graceful shutdown
    await bounded(exited, 5000, 'nginx exit').catch(() => nginx!.kill('SIGKILL'));
  }
  await shut(server);
  rmSync(dir, { recursive: true, force: true });
});

function errorLog(): string {
  return existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
}

const viaNginx = (opts: http.RequestOptions & { body?: Buffer } = {}) =>
  request(nginxPort, { agent, ...opts, headers: { ...opts.headers, ...(opts.body ? { 'content-length': opts.body.length } : {}) } });

test('nginx is installed and running in front of our server', () => {
  assert.ok(existsSync(nginxBin), `${nginxBin} is missing: apt-get install nginx`);
  assert.ok(nginx && nginx.exitCode === null, `nginx is not running:\n${nginxOutput}`);
});

test('GET and POST flow through nginx', async () => {
  const get = await viaNginx({ path: '/hello?x=1' });
  assert.is(get.status, 200);
  // nginx sent `Connection:` empty (proxy_set_header Connection ""): HTTP/1.1, persistent by default.
  assert.is(get.body, 'GET /hello?x=1 -');
  assert.match(String(get.headers.server), /^nginx/);
  const body = randomBytes(1024 * 1024);
  const post = await viaNginx({ method: 'POST', path: '/upload', body });
  assert.is(post.status, 200);
  assert.equal(JSON.parse(post.body), { bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
});

test('upstream keep-alive: many requests, few connections to our server', async () => {
  const before = { connections, requests };
  const n = 40;
  for (let i = 0; i < n; i++) {
    const r = await viaNginx({ path: `/seq/${i}` });
    assert.is(r.status, 200, `request ${i}`);
  }
  assert.is(requests - before.requests, n, 'our server served every request');
  // Back to back, nginx reuses its idle upstream connection (perhaps still the one of the test
  // before: 0 new); it opens a new one only if a gap between two requests outlasted 100 ms.
  const opened = connections - before.connections;
  assert.ok(opened <= n / 4, `${opened} new connections for ${n} requests`);
});

test('idle upstream connections: nginx closes them first, so bursts after pauses get no 502', async () => {
  const statuses = new Map<number, number>();
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const before = connections;
  for (let burst = 0; burst < 3; burst++) {
    // 8 concurrent requests, half of them POSTs (which nginx never retries on another connection)
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      i % 2 ? viaNginx({ method: 'POST', path: '/p', body: Buffer.from(`burst ${burst} request ${i}`) }) : viaNginx({ path: `/g/${burst}/${i}` })));
    results.forEach((r) => count(r.status));
    // Longer than our keepAliveTimeout and its socket timer (keepAliveTimeout + 1 s): every idle connection is gone before the next burst.
    await sleep(keepAliveTimeout + 1200);
  }
  assert.equal([...statuses], [[200, 24]], `statuses: ${JSON.stringify([...statuses])}`);
  assert.ok(connections > before, 'the bursts opened new upstream connections after the pauses');
  // Every connection that ended was ended by nginx (a FIN from the proxy), none by our idle timer.
  assert.ok(closed > 0, 'idle upstream connections were closed');
  assert.is(closedByPeer, closed, `${closed - closedByPeer} of ${closed} connections were closed by our server`);
  assert.not.match(errorLog(), /\[error\]|upstream prematurely closed|reset by peer/, 'nginx logged no upstream errors');
});

test.run();
