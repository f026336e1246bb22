// N worker processes serving one port with @purehttp/http-server, through
// node:cluster: the primary forks the workers; each creates its own server
// and listens on the same address, and the primary shares one listening
// socket among them and hands out connections (round-robin, Node's default
// except on Windows). SIGINT/SIGTERM close every worker gracefully.
//   WORKERS=4 PORT=3000 npx tsx examples/cluster.ts
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { createServer } from '@purehttp/http-server';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

if (cluster.isPrimary) {
  const workers = Number(process.env.WORKERS ?? availableParallelism());
  for (let i = 0; i < workers; i++) cluster.fork();
  const listening = new Set<number>();
  cluster.on('listening', (worker, address) => {
    listening.add(worker.id);
    if (listening.size === workers) console.log(`http://${host}:${address.port}/ served by ${workers} workers`);
  });
  cluster.on('exit', (worker, code, signal) => console.log(`worker ${worker.process.pid} exited (${signal ?? code})`));
  // Ask each worker to finish (one still starting cannot hear it yet, and serves nothing: kill it);
  // the primary exits by itself once they are all gone.
  const shutdown = () => {
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker && listening.has(worker.id)) worker.send('shutdown');
      else worker?.kill();
    }
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} else {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end(`hello from worker ${process.pid}\n`);
  });
  server.listen(port, host);

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    server.close(() => process.exit(0)); // requests in flight finish first
    server.closeIdleConnections();
  };
  process.on('message', (message) => message === 'shutdown' && shutdown());
  // Ctrl-C in a terminal signals the whole process group, workers included.
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
