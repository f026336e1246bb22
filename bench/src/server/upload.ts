/**
 * The upload scenario's client: Node's own http client (in this process)
 * POSTs `bytes` to /upload in `writeSize` writes, waiting for 'drain' when
 * the socket's buffer is full, over one keep-alive connection (an Agent with
 * one socket) reused by every repeat. The server counts the bytes and
 * answers the count, which must be right.
 */
import { Agent, request } from 'node:http';

const TIMEOUT_MS = 60_000;

function uploadOnce(agent: Agent, port: number, bytes: number, piece: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/upload',
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (s: string) => (text += s));
        res.on('end', () => {
          const ns = Number(process.hrtime.bigint() - t0);
          if (res.statusCode !== 200 || text !== String(bytes)) reject(new Error(`upload answered ${res.statusCode} ${JSON.stringify(text.slice(0, 80))}, expected 200 "${bytes}"`));
          else resolve(ns / 1e9);
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`upload: no progress for ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        const n = Math.min(piece.length, bytes - sent);
        sent += n;
        if (!req.write(n === piece.length ? piece : piece.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** `repeats` uploads of `bytes` after one warm-up upload; megabytes (10^6) per second over all of them. */
export async function measureUpload(port: number, bytes: number, writeSize: number, repeats: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const piece = Buffer.alloc(writeSize, 'upload ');
  try {
    await uploadOnce(agent, port, bytes, piece);
    let seconds = 0;
    for (let i = 0; i < repeats; i++) seconds += await uploadOnce(agent, port, bytes, piece);
    return (bytes * repeats) / seconds / 1e6;
  } finally {
    agent.destroy();
  }
}
