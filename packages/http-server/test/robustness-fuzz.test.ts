// 10,000 random and mutated requests from a seeded generator: malformed
// lines, smuggling shapes (CL+TE, duplicate CL, bad chunk sizes), obs-fold,
// bare CR/LF, huge headers, invalid Host, the asterisk form, NUL bytes,
// non-ASCII in the URL, spaces in field names… sent 1–3 per connection,
// 50 connections at a time. For each connection, the server's answers must
// match a second framing of the same bytes by @purehttp/http-parser used
// directly (referenceFraming): one 200 per complete message — the handler
// echoes method, url, body length and hash — and after them a 4xx/5xx or
// just a close for an error, nothing for a clean end. The process never
// throws, and valid requests on other connections are served throughout.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from '../src/index.js';
import { listen, shut, parseResponses, bounded } from './harness.js';
import { seeded, guardProcess, pool, rawClient, validLoop, referenceFraming, fnv } from './robustness-helpers.js';

const fz = suite('robustness: fuzz');

/** FUZZ_SEED=n reruns with another corpus (failures name the seed and the connection). */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const REQUESTS = 10_000;
const CONCURRENCY = 50;

type Rand = ReturnType<typeof seeded>;

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];
const PATHS = ['/', '/a', '/a/b?c=d', '/%7e', 'http://h/x', '*', '/long' + 'x'.repeat(100)];

/** A valid request: method, target, Host, maybe a body (Content-Length or chunked). */
function valid(r: Rand): string {
  const method = r.pick(METHODS);
  const path = r.pick(PATHS.slice(0, 5));
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: example.com'];
  if (r.int(3) === 0) lines.push(`X-R: ${r.int(1e6)}`);
  let body = '';
  if (method === 'POST' || method === 'PUT') {
    const data = 'b'.repeat(r.int(40));
    if (r.int(2) === 0) {
      lines.push(`Content-Length: ${data.length}`);
      body = data;
    } else {
      lines.push('Transfer-Encoding: chunked');
      body = (data.length ? `${data.length.toString(16)}\r\n${data}\r\n` : '') + '0\r\n\r\n';
    }
  }
  if (r.int(8) === 0) lines.push('Connection: close');
  return lines.join('\r\n') + '\r\n\r\n' + body;
}

// [mutation name, make]: each returns a request (or a part of one) with one known-bad or random shape.
const MUTATIONS: [string, (r: Rand) => string][] = [
  ['CL+TE', () => 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
  ['TE+CL', () => 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n'],
  ['duplicate CL', (r) => `POST / HTTP/1.1\r\nHost: h\r\nContent-Length: ${r.int(5)}\r\nContent-Length: ${r.int(5)}\r\n\r\nabcd`],
  ['CL list', () => 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 1\r\n\r\na'],
  ['bad CL', (r) => `POST / HTTP/1.1\r\nHost: h\r\nContent-Length: ${r.pick(['-1', '+1', '0x1', '1 2', ''])}\r\n\r\na`],
  ['bad chunk size', (r) => `POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n${r.pick(['zz', '-1', '1 1', 'fffffffffffffffffff', ' 1', '0x1'])}\r\na\r\n0\r\n\r\n`],
  ['chunk without CRLF', () => 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naX0\r\n\r\n'],
  ['TE not chunked', (r) => `POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ${r.pick(['gzip', 'chunked, gzip', 'identity', ''])}\r\n\r\n0\r\n\r\n`],
  ['TE obfuscated', (r) => `POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding${r.pick([' ', '\t', ''])}:${r.pick([' chunked', 'chunked ', ' xchunked', ' "chunked"'])}\r\n\r\n0\r\n\r\n`],
  ['obs-fold', () => 'GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n'],
  ['bare CR', () => 'GET / HTTP/1.1\r\nHost: h\rX: a\r\n\r\n'],
  ['bare LF', () => 'GET / HTTP/1.1\nHost: h\n\n'],
  ['huge header', (r) => `GET / HTTP/1.1\r\nHost: h\r\nX: ${'a'.repeat(16000 + r.int(4000))}\r\n\r\n`],
  ['huge URL', (r) => `GET /${'u'.repeat(16000 + r.int(4000))} HTTP/1.1\r\nHost: h\r\n\r\n`],
  ['many headers', (r) => `GET / HTTP/1.1\r\nHost: h\r\n${'A: b\r\n'.repeat(2000 + r.int(2000))}\r\n`],
  ['invalid Host', (r) => `GET / HTTP/1.1\r\nHost: ${r.pick(['', 'a, b', 'u@h', 'h/p', 'h:x', '[::1', ':80'])}\r\n\r\n`],
  ['two Hosts', () => 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'],
  ['no Host', () => 'GET / HTTP/1.1\r\n\r\n'],
  ['asterisk form', (r) => `${r.pick(['GET', 'POST', 'OPTIONS'])} * HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n`],
  ['NUL in value', () => 'GET / HTTP/1.1\r\nHost: h\r\nX: a\x00b\r\n\r\n'],
  ['NUL in URL', () => 'GET /a\x00b HTTP/1.1\r\nHost: h\r\n\r\n'],
  ['non-ASCII URL', (r) => `GET /${String.fromCharCode(0x80 + r.int(128))} HTTP/1.1\r\nHost: h\r\n\r\n`],
  ['space in name', () => 'GET / HTTP/1.1\r\nHost: h\r\nX Y: z\r\n\r\n'],
  ['space before colon', () => 'GET / HTTP/1.1\r\nHost: h\r\nX : z\r\n\r\n'],
  ['bad version', (r) => `GET / ${r.pick(['HTTP/1.2', 'HTTP/2.0', 'HTTP/1', 'http/1.1', 'HTTP/1.1 ', 'HTTP/11.1'])}\r\nHost: h\r\n\r\n`],
  ['bad method', (r) => `${r.pick(['G ET', 'get', 'FOO', 'GET\t', '\x01'])} / HTTP/1.1\r\nHost: h\r\n\r\n`],
  ['leading empty lines', () => '\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n'],
  ['HTTP/1.0 keep-alive', () => 'GET /ten HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'],
  ['truncated', (r) => valid(r).slice(0, 5 + r.int(20))],
];

/** Random edits of a valid request: byte flips, insertions of special bytes, deletions. */
function mutateBytes(r: Rand, s: string): string {
  const specials = ['\r', '\n', '\x00', ' ', '\t', ':', ',', '\x7f', '\xff', ';', '"', '0', 'a'];
  let out = s;
  for (let k = 1 + r.int(3); k > 0; k--) {
    const at = r.int(out.length + 1);
    switch (r.int(3)) {
      case 0: out = out.slice(0, at) + String.fromCharCode(r.int(256)) + out.slice(at + 1); break;
      case 1: out = out.slice(0, at) + r.pick(specials) + out.slice(at); break;
      default: out = out.slice(0, at) + out.slice(at + 1 + r.int(3));
    }
  }
  return out;
}

/** One request of the corpus and what made it. */
function request(r: Rand): { kind: string; text: string } {
  const roll = r.int(10);
  if (roll < 3) return { kind: 'valid', text: valid(r) };
  if (roll < 7) {
    const [kind, make] = r.pick(MUTATIONS);
    return { kind, text: make(r) };
  }
  return { kind: 'random edit', text: mutateBytes(r, valid(r)) };
}

/** The corpus: connections carrying 1–3 requests each, REQUESTS requests in all. */
function corpus(seed: number): { kinds: string[]; bytes: Buffer }[] {
  const r = seeded(seed);
  const out: { kinds: string[]; bytes: Buffer }[] = [];
  for (let n = 0; n < REQUESTS;) {
    const k = Math.min(1 + r.int(3), REQUESTS - n);
    const reqs = Array.from({ length: k }, () => request(r));
    out.push({ kinds: reqs.map((q) => q.kind), bytes: Buffer.from(reqs.map((q) => q.text).join(''), 'latin1') });
    n += k;
  }
  return out;
}

fz('the generator is deterministic', () => {
  const a = corpus(SEED);
  const b = corpus(SEED);
  assert.is(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(a[i].bytes.equals(b[i].bytes), `connection ${i}`);
});

fz(`${REQUESTS} random and mutated requests (seed ${SEED}): one interpretation, no throw, others served`, async () => {
  const guard = guardProcess();
  const server = createServer((req, res) => {
    if (req.url === '/valid') {
      res.end('valid');
      return;
    }
    let len = 0;
    let hash = 0x811c9dc5;
    req.on('data', (d: Buffer) => {
      len += d.length;
      hash = fnv(d, hash);
    });
    req.on('end', () => {
      const body = Buffer.from(`${req.method} ${req.url} ${len} ${hash.toString(16)}`, 'latin1');
      // An explicit length: an HTTP/1.0 keep-alive response is then length-delimited and persists (as node:http).
      res.setHeader('Content-Length', body.length);
      res.end(body);
    });
  });
  const port = await listen(server);
  const loop = validLoop(port);
  const cases = corpus(SEED);
  const failures: string[] = [];
  const tally = { served: 0, errors: 0, closes: 0 };
  try {
    await bounded(pool(cases, CONCURRENCY, async ({ kinds, bytes }, i) => {
      const expected = referenceFraming(bytes);
      const c = await rawClient(port);
      c.socket.end(bytes); // all of it, then EOF
      await bounded(c.closed, 10000, `seed ${SEED} connection ${i}`);
      const responses = parseResponses(c.text()).filter((x) => x.status >= 200); // (no 1xx expected)
      const ok = responses.filter((x) => x.status === 200).map((x) => x.body);
      const rest = responses.slice(ok.length);
      const where = `seed ${SEED} connection ${i} [${kinds.join(', ')}] ${JSON.stringify(bytes.toString('latin1').slice(0, 200))}`;
      const prefixOk = responses.slice(0, ok.length).every((x) => x.status === 200);
      if (!prefixOk || JSON.stringify(ok) !== JSON.stringify(expected.served)) {
        failures.push(`${where}: served ${JSON.stringify(ok)}, parser framed ${JSON.stringify(expected.served)} (${expected.end} ${expected.detail})`);
        return;
      }
      tally.served += ok.length;
      if (expected.end === 'error') {
        // one 4xx/5xx (Connection: close), or a close alone (an error after a response began)
        if (rest.length > 1 || (rest.length === 1 && (rest[0].status < 400 || rest[0].headers.connection !== 'close'))) {
          failures.push(`${where}: after an error (${expected.detail}) got ${rest.map((x) => x.statusLine).join(' | ')}`);
        }
        tally.errors++;
      } else if (rest.length !== 0) {
        failures.push(`${where}: ${expected.end}, yet more responses: ${rest.map((x) => x.statusLine).join(' | ')}`);
      } else tally.closes++;
    }), 50000, 'the fuzz run');
    const valid = await loop.stop();
    assert.equal(failures.slice(0, 10), [], `${failures.length} connections disagree`);
    assert.ok(tally.served > 1000 && tally.errors > 1000, `a corpus with both valid and invalid requests: ${JSON.stringify(tally)}`);
    assert.equal(valid.failed, [], 'valid requests beside the fuzz');
    assert.ok(valid.ok > 0, 'valid requests were served during the run');
    assert.equal(guard.errors.map(String), [], 'no uncaughtException / unhandledRejection');
    // Still serving after it all.
    const after = await rawClient(port);
    after.socket.end('GET /valid HTTP/1.1\r\nHost: h\r\n\r\n');
    await bounded(after.closed, 5000);
    assert.match(after.text(), /^HTTP\/1\.1 200 OK/);
  } finally {
    await loop.stop();
    guard.dispose();
    await shut(server);
  }
});

fz.run();
