// Real clients against our server, each scenario also run against node:http
// as the reference: undici (request, fetch, a keep-alive Pool, a pipelining
// Pool with 50 concurrent requests), Node's http client with a keep-alive
// Agent, and curl (GET, POST, Expect: 100-continue, a chunked upload).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, fetch, Pool } from 'undici';
import { startSide, bounded, watchdog, IMPLS, type Impl, type Side, throwUncaught } from './fixtures/frameworks-side-by-side.js';

watchdog();

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the handler saw of a request, as JSON. */
interface Seen {
  method: string;
  url: string;
  httpVersion: string;
  te: string | null;
  cl: string | null;
  expect: string | null;
  length: number;
  sha256: string;
  text: string;
  /** Requests this connection had received so far, and how many of them were unanswered. */
  nth: number;
  inFlight: number;
}

interface Server {
  side: Side;
  /** Highest number of requests received on one connection and not yet answered. */
  maxInFlight: number;
}

async function startServer(impl: Impl): Promise<Server> {
  const state = { maxInFlight: 0 } as Server;
  const perSocket = new WeakMap<object, { nth: number; inFlight: number }>();
  state.side = await startSide(impl, (_impl, mod) => mod.createServer(async (req, res) => {
    let conn = perSocket.get(req.socket);
    if (!conn) perSocket.set(req.socket, (conn = { nth: 0, inFlight: 0 }));
    conn.nth++;
    conn.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, conn.inFlight);
    const nth = conn.nth;
    const inFlight = conn.inFlight;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const seq = /^\/seq\/(\d+)$/.exec(req.url ?? '');
    // Pipelined requests are answered out of order inside the server (the
    // first one last); the wire must still carry the answers in order.
    if (seq) await sleep(Number(seq[1]) === 0 ? 30 : (50 - Number(seq[1])) % 7);
    const seen: Seen = {
      method: req.method ?? '',
      url: req.url ?? '',
      httpVersion: req.httpVersion,
      te: (req.headers['transfer-encoding'] as string | undefined) ?? null,
      cl: req.headers['content-length'] ?? null,
      expect: req.headers.expect ?? null,
      length: body.length,
      sha256: sha(body),
      text: body.subarray(0, 40).toString('latin1'),
      nth,
      inFlight,
    };
    conn.inFlight--;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('X-Server', 'clients-test');
    res.end(JSON.stringify(seen));
  }));
  return state;
}

const test = suite('real clients on both servers');

const curl = (() => {
  try {
    return execFileSync('which', ['curl'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
})();
const tmp = mkdtempSync(join(tmpdir(), 'purehttp-clients-'));
const uploadFile = join(tmp, 'upload.bin');
const upload = Buffer.from(Array.from({ length: 150_000 }, (_, i) => (i * 7) % 251));
writeFileSync(uploadFile, upload);
test.after(() => rmSync(tmp, { recursive: true, force: true }));

function runCurl(args: string[], label: string): Promise<string> {
  return bounded(new Promise((resolve, reject) => {
    execFile(curl, ['-sS', '-i', '--http1.1', '--max-time', '8', ...args], { encoding: 'latin1', maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${label}: curl failed: ${err.message} ${stderr}`));
      else resolve(stdout);
    });
  }), label, 10_000);
}

/** Splits curl -i output into its responses (a 100 Continue, then the final one). */
function curlResponses(out: string): Array<{ statusLine: string; headers: Record<string, string>; body: string }> {
  const responses = [];
  let rest = out;
  while (rest.startsWith('HTTP/')) {
    const end = rest.indexOf('\r\n\r\n');
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
    rest = rest.slice(end + 4);
    const informational = /^HTTP\/1\.1 1\d\d /.test(statusLine);
    responses.push({ statusLine, headers, body: informational ? '' : rest });
    if (!informational) break;
  }
  return responses;
}

/** curl outputs of each impl, per scenario, compared at the end. */
/** Most requests of one connection handed to the app before the first was answered. */
const inFlight: Partial<Record<Impl, number>> = {};

/** curl outputs of each impl, per scenario, compared at the end. */
const curlOutputs: Record<string, Partial<Record<Impl, string>>> = {};

for (const impl of IMPLS) {
  test(`[${impl}] undici request: GET and POST`, async () => {
    const { side } = await startServer(impl);
    try {
      const get = await request(`${side.origin}/hello?x=1`);
      assert.is(get.statusCode, 200);
      assert.is(get.headers['content-type'], 'application/json');
      const seen = (await get.body.json()) as Seen;
      assert.equal([seen.method, seen.url, seen.httpVersion, seen.length], ['GET', '/hello?x=1', '1.1', 0]);
      const post = await request(`${side.origin}/echo`, { method: 'POST', body: 'undici body', headers: { 'content-type': 'text/plain' } });
      const p = (await post.body.json()) as Seen;
      assert.equal([p.method, p.cl, p.text], ['POST', '11', 'undici body']);
    } finally {
      await side.close();
    }
  });

  test(`[${impl}] undici fetch: JSON, and a streamed (chunked) upload`, async () => {
    const { side } = await startServer(impl);
    try {
      const r = await fetch(`${side.origin}/fetch`, { headers: { accept: 'application/json' } });
      assert.is(r.status, 200);
      assert.is(r.headers.get('x-server'), 'clients-test');
      assert.is(((await r.json()) as Seen).url, '/fetch');
      const parts = ['stream ', 'of ', 'parts'];
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const p = parts.shift();
          if (p) controller.enqueue(new TextEncoder().encode(p));
          else controller.close();
        },
      });
      const up = await fetch(`${side.origin}/upload`, { method: 'PUT', body, duplex: 'half' });
      const seen = (await up.json()) as Seen;
      assert.equal([seen.method, seen.te, seen.cl, seen.text], ['PUT', 'chunked', null, 'stream of parts']);
    } finally {
      await side.close();
    }
  });

  test(`[${impl}] undici keep-alive Pool: 30 sequential requests on one connection`, async () => {
    const { side } = await startServer(impl);
    const pool = new Pool(side.origin, { connections: 1 });
    try {
      for (let i = 0; i < 30; i++) {
        const r = await pool.request({ path: `/ka/${i}`, method: i % 3 === 0 ? 'POST' : 'GET', body: i % 3 === 0 ? `body ${i}` : undefined });
        const seen = (await r.body.json()) as Seen;
        assert.is(seen.url, `/ka/${i}`, `[${impl}] request ${i}: url`);
        assert.is(seen.nth, i + 1, `[${impl}] request ${i}: its place on the connection`);
      }
      assert.is(side.connections, 1, `[${impl}] one TCP connection`);
    } finally {
      await pool.close();
      await side.close();
    }
  });

  test(`[${impl}] undici pipelining: 50 concurrent requests, answered correctly and in order`, async () => {
    const server = await startServer(impl);
    const { side } = server;
    const pool = new Pool(side.origin, { connections: 1, pipelining: 10 });
    try {
      // undici's count of requests written to the socket and not yet answered.
      let maxRunning = 0;
      const probe = setInterval(() => (maxRunning = Math.max(maxRunning, pool.stats.running)), 1);
      const answers = await bounded(Promise.all(Array.from({ length: 50 }, async (_, i) => {
        // blocking: false, or undici waits for each response's head before the next request.
        const r = await pool.request({ path: `/seq/${i}`, method: 'GET', blocking: false });
        return { i, status: r.statusCode, seen: (await r.body.json()) as Seen };
      })), `[${impl}] 50 pipelined requests`, 10_000).finally(() => clearInterval(probe));
      for (const a of answers) {
        assert.is(a.status, 200, `[${impl}] request ${a.i}: status`);
        assert.is(a.seen.url, `/seq/${a.i}`, `[${impl}] request ${a.i}: answered with its own response`);
        // One connection, requests in order: the i-th request is the connection's (i+1)-th.
        assert.is(a.seen.nth, a.i + 1, `[${impl}] request ${a.i}: order on the connection`);
      }
      assert.is(side.connections, 1, `[${impl}] one TCP connection`);
      // The first answer is held 30 ms: meanwhile undici writes up to 10 requests.
      assert.ok(maxRunning > 1, `[${impl}] requests were pipelined (${maxRunning} on the wire at once)`);
      inFlight[impl] = server.maxInFlight;
    } finally {
      await pool.close();
      await side.close();
    }
  });

  test(`[${impl}] node:http client, keep-alive Agent (maxSockets 1): 20 requests on one socket`, async () => {
    const { side } = await startServer(impl);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const localPorts = new Set<number>();
      for (let i = 0; i < 20; i++) {
        const { reused, seen, localPort } = await bounded(new Promise<{ reused: boolean; seen: Seen; localPort: number }>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port: side.port, path: `/agent/${i}`, method: i % 2 ? 'POST' : 'GET', agent }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve({ reused: req.reusedSocket, seen: JSON.parse(Buffer.concat(chunks).toString()), localPort: req.socket!.localPort! }));
            res.on('error', reject);
          });
          req.on('error', reject);
          if (i % 2) req.end(`agent body ${i}`);
          else req.end();
        }), `[${impl}] agent request ${i}`);
        localPorts.add(localPort);
        assert.is(reused, i > 0, `[${impl}] request ${i}: socket reused`);
        assert.is(seen.url, `/agent/${i}`);
        assert.is(seen.nth, i + 1, `[${impl}] request ${i}: its place on the connection`);
        if (i % 2) assert.is(seen.text, `agent body ${i}`);
      }
      assert.is(localPorts.size, 1, `[${impl}] one client socket`);
      assert.is(side.connections, 1, `[${impl}] one server connection`);
    } finally {
      agent.destroy();
      await side.close();
    }
  });

  test(`[${impl}] node:http client: a chunked request body written in parts`, async () => {
    const { side } = await startServer(impl);
    try {
      const seen = await bounded(new Promise<Seen>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: side.port, path: '/parts', method: 'POST', agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
        });
        req.on('error', reject);
        req.write('part one, ');
        setTimeout(() => req.end('part two'), 10);
      }), `[${impl}] chunked parts`);
      assert.equal([seen.te, seen.cl, seen.text], ['chunked', null, 'part one, part two']);
    } finally {
      await side.close();
    }
  });

  test(`[${impl}] curl: GET, POST --data, Expect: 100-continue, chunked upload`, async () => {
    assert.ok(curl, 'curl not found on PATH (`which curl` failed): install curl to run this test');
    const { side } = await startServer(impl);
    try {
      const url = `${side.origin}`;
      const rows: Array<{ name: string; args: string[]; check: (r: ReturnType<typeof curlResponses>) => void }> = [
        {
          name: 'GET',
          args: [`${url}/curl/get?q=1`],
          check: ([r]) => {
            assert.is(r.statusLine, 'HTTP/1.1 200 OK');
            assert.is(r.headers['content-type'], 'application/json');
            assert.is(r.headers.connection, 'keep-alive');
            const seen = JSON.parse(r.body) as Seen;
            assert.equal([seen.method, seen.url, seen.length], ['GET', '/curl/get?q=1', 0]);
          },
        },
        {
          name: 'POST --data',
          args: ['--data', 'a=1&b=two', `${url}/curl/post`],
          check: ([r]) => {
            const seen = JSON.parse(r.body) as Seen;
            assert.equal([seen.method, seen.cl, seen.text], ['POST', '9', 'a=1&b=two']);
          },
        },
        {
          name: 'Expect: 100-continue',
          args: ['-H', 'Expect: 100-continue', '--data-binary', 'expected body', `${url}/curl/expect`],
          check: (rs) => {
            assert.is(rs.length, 2, 'a 100 Continue, then the response');
            assert.is(rs[0].statusLine, 'HTTP/1.1 100 Continue');
            assert.is(rs[1].statusLine, 'HTTP/1.1 200 OK');
            const seen = JSON.parse(rs[1].body) as Seen;
            assert.equal([seen.expect, seen.text], ['100-continue', 'expected body']);
          },
        },
        {
          name: 'chunked upload from a file',
          args: ['-H', 'Transfer-Encoding: chunked', '--data-binary', `@${uploadFile}`, `${url}/curl/chunked`],
          check: (rs) => {
            const r = rs[rs.length - 1];
            assert.is(r.statusLine, 'HTTP/1.1 200 OK');
            const seen = JSON.parse(r.body) as Seen;
            assert.equal([seen.te, seen.cl, seen.length, seen.sha256], ['chunked', null, upload.length, sha(upload)]);
          },
        },
        {
          name: 'HEAD (-I)',
          args: ['-I', `${url}/curl/head`],
          check: ([r]) => {
            assert.is(r.statusLine, 'HTTP/1.1 200 OK');
            assert.is(r.body, '');
          },
        },
      ];
      for (const row of rows) {
        const out = await runCurl(row.args, `[${impl}] curl ${row.name}`);
        try {
          row.check(curlResponses(out));
        } catch (err) {
          (err as Error).message = `[${impl}] curl ${row.name}: ${(err as Error).message}\n--- curl output ---\n${out}`;
          throw err;
        }
        (curlOutputs[row.name] ??= {})[impl] = out.replace(/^Date: .*$/gim, 'Date: <clock>');
      }
    } finally {
      await side.close();
    }
  });
}

test('pipelined requests reach the app before the first is answered, as in node:http', () => {
  // Node's server emits 'request' for each pipelined request as it is
  // parsed and queues the responses; the app sees them concurrently.
  assert.ok(inFlight.node! > 1, `node: ${inFlight.node}`);
  assert.ok(inFlight.ours! > 1, `ours: ${inFlight.ours}`);
});

test('curl saw the same bytes from both servers (Date masked)', () => {
  for (const [name, outs] of Object.entries(curlOutputs)) {
    assert.is(outs.ours, outs.node, `curl ${name}: ours vs node`);
  }
});

test('no exception escaped into a server callback', () => throwUncaught('after all tests'));

test.run();
