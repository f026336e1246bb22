// HTTPS: createSecureServer over node:tls, with a self-signed certificate
// made at test time by openssl (or test/fixtures/ if openssl is missing),
// served to Node's https client and Agent (keep-alive included).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import https from 'node:https';
import tls from 'node:tls';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { createSecureServer } from '../src/index.js';
import { listen, shut, bounded } from './harness.js';

function credentials(): { key: Buffer; cert: Buffer } {
  const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
  try {
    const dir = mkdtempSync(join(tmpdir(), 'purehttp-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const out = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
    rmSync(dir, { recursive: true, force: true });
    return out;
  } catch {
    if (!existsSync(join(fixtures, 'key.pem'))) throw new Error('openssl missing and no fixture certificate');
    return { key: readFileSync(join(fixtures, 'key.pem')), cert: readFileSync(join(fixtures, 'cert.pem')) };
  }
}

const { key, cert } = credentials();
const tlsSuite = suite('https');

function get(port: number, agent: https.Agent | undefined, path = '/', body?: string): Promise<{ status: number; body: string; reused: boolean; alpn: string | false | null }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path, agent, ca: cert, servername: 'localhost', method: body ? 'POST' : 'GET' }, (res) => {
      let b = '';
      const alpn = (res.socket as tls.TLSSocket).alpnProtocol;
      res.on('data', (d) => (b += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: b, reused: req.reusedSocket, alpn }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

tlsSuite('serves Node\'s https client, with keep-alive through an Agent', async () => {
  const server = createSecureServer({ key, cert }, (req, res) => {
    let b = '';
    req.on('data', (d) => (b += d));
    req.on('end', () => res.end(`${req.method} ${req.url} ${b} ${(req.socket as tls.TLSSocket).encrypted}`));
  });
  const port = await listen(server);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
  const a = await bounded(get(port, agent, '/a'));
  const b = await bounded(get(port, agent, '/b', 'data'));
  assert.is(a.status, 200);
  assert.is(a.body, 'GET /a  true');
  assert.is(b.body, 'POST /b data true');
  assert.ok(b.reused);
  agent.destroy();
  await shut(server);
});

tlsSuite('connection gets the TCP socket, secureConnection the TLS one; a bad handshake is a tlsClientError', async () => {
  const server = createSecureServer({ key, cert }, (_req, res) => res.end('ok'));
  const seen: string[] = [];
  server.on('connection', (s) => seen.push(`connection ${s instanceof tls.TLSSocket}`));
  server.on('secureConnection', (s) => seen.push(`secure ${s instanceof tls.TLSSocket}`));
  server.on('tlsClientError', (err) => seen.push(`tlsClientError ${(err as { code?: string }).code !== undefined || err.message.length > 0}`));
  const port = await listen(server);
  await bounded(get(port, undefined));
  // Plain HTTP to a TLS port: the handshake fails.
  const net = await import('node:net');
  const raw = net.connect(port, '127.0.0.1');
  raw.on('error', () => {});
  raw.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  await bounded(once(raw, 'close'));
  assert.ok(seen.includes('connection false'));
  assert.ok(seen.includes('secure true'));
  assert.ok(seen.includes('tlsClientError true'));
  await shut(server);
});

tlsSuite.run();
