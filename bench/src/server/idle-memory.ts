/**
 * The memory scenario: resident memory per idle keep-alive connection.
 *
 * A fresh server (started with --expose-gc) reports its rss after two full
 * GCs (GET /stats on a connection of its own); the idle client
 * (idle-client.ts, another process) opens N connections, gets one response
 * on each and keeps them all open; the server reports again, with its count
 * of open connections, which must be N + 1 (the /stats one). The figure is
 * (rss with - rss before) / N, in KiB.
 */
import { get } from 'node:http';
import { firstLine, nodeArgs, start, startServer, stop, withFdLimit } from './children.js';
import type { Impl } from './routes.js';

export interface IdleMemory {
  connections: number;
  rssBefore: number;
  rssWith: number;
  heapBefore: number;
  heapWith: number;
  kibPerConnection: number;
}

interface Stats {
  rss: number;
  heapUsed: number;
  connections: number;
}

function stats(port: number): Promise<Stats> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/stats', agent: false, headers: { Connection: 'close' }, timeout: 10_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => (text += s));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text) as Stats);
        } catch {
          reject(new Error(`/stats answered ${res.statusCode} ${JSON.stringify(text.slice(0, 80))}`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('/stats: no answer within 10 s')));
    req.on('error', reject);
  });
}

/** Opens `connections` idle connections to a fresh `impl` server and measures its rss. */
export async function measureIdle(impl: Impl, connections: number): Promise<IdleMemory> {
  const fds = connections + 500;
  const server = await startServer(impl, fds);
  const { command, args, limit } = withFdLimit(process.execPath, [...nodeArgs('./idle-client.ts'), String(server.port), String(connections)], fds);
  if (limit < fds) {
    await server.stop();
    throw new Error(`${connections} connections need ${fds} open files; the hard limit is ${limit}`);
  }
  let client: ReturnType<typeof start> | undefined;
  try {
    const before = await stats(server.port);
    client = start(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const ready = JSON.parse(await firstLine(client, 'the idle client', 90_000)) as { answered: number; open: number };
    if (ready.open !== connections) throw new Error(`only ${ready.open} of ${connections} connections open`);
    const after = await stats(server.port);
    client.stdin!.write('report\n');
    const still = JSON.parse(await firstLine(client, 'the idle client', 10_000)) as { open: number };
    if (still.open !== connections || after.connections < connections) {
      throw new Error(`connections closed while measuring: client has ${still.open}, server ${after.connections} of ${connections}`);
    }
    return {
      connections,
      rssBefore: before.rss,
      rssWith: after.rss,
      heapBefore: before.heapUsed,
      heapWith: after.heapUsed,
      kibPerConnection: (after.rss - before.rss) / connections / 1024,
    };
  } finally {
    if (client) await stop(client);
    await server.stop();
  }
}
