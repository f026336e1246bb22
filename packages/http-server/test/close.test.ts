// Shutting down: close() stops accepting, closes idle connections at once
// (Node 19+) and lets in-flight requests finish — their response says
// `Connection: close` — then 'close'; closeIdleConnections(),
// closeAllConnections() and Symbol.asyncDispose.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import { once } from 'node:events';
import { createServer } from '../src/index.js';
import { listen, connect, parseResponses, until, bounded } from './harness.js';

const cl = suite('close');

cl('close(): idle keep-alive connections are closed at once, then close fires', async () => {
  const server = createServer((_req, res) => res.end('ok'));
  const port = await listen(server);
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  await until(() => text.includes('ok'));
  const closed = once(socket, 'close');
  let serverClosed = false;
  server.close(() => (serverClosed = true));
  await bounded(closed, 2000, 'idle connection closed');
  await bounded(until(() => serverClosed), 2000, 'server close');
});

cl('close() is graceful: an in-flight request finishes, with Connection: close', async () => {
  let respond: (() => void) | undefined;
  const server = createServer((_req, res) => {
    respond = () => res.end('finished');
  });
  const port = await listen(server);
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  await until(() => respond !== undefined);
  const serverClosed = once(server, 'close');
  server.close();
  assert.is(server.listening, false);
  respond!();
  await bounded(once(socket, 'close'), 2000, 'connection end after response');
  await bounded(serverClosed, 2000, 'server close');
  const r = parseResponses(text);
  assert.is(r[0].body, 'finished');
  assert.is(r[0].headers.connection, 'close');
});

cl('closeIdleConnections() leaves busy ones; closeAllConnections() destroys all', async () => {
  const server = createServer((req, res) => {
    if (req.url === '/busy') return; // never answers
    res.end('ok');
  });
  const port = await listen(server);
  const idle = await connect(port);
  const busy = await connect(port);
  let idleText = '';
  idle.on('data', (d) => (idleText += d));
  idle.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  busy.write('GET /busy HTTP/1.1\r\nHost: x\r\n\r\n');
  await until(() => idleText.includes('ok') && server.connections === 2);
  const idleClosed = once(idle, 'close');
  server.closeIdleConnections();
  await bounded(idleClosed, 2000, 'idle closed');
  assert.is(busy.destroyed, false);
  const busyClosed = once(busy, 'close');
  server.closeAllConnections();
  await bounded(busyClosed, 2000, 'busy closed');
  server.close();
  await once(server, 'close');
});

cl('Symbol.asyncDispose closes the server', async () => {
  const server = createServer((_req, res) => res.end('ok'));
  const port = await listen(server);
  const agent = new http.Agent({ keepAlive: true });
  await new Promise<void>((resolve) => http.get({ host: '127.0.0.1', port, agent }, (res) => { res.resume(); res.on('end', resolve); }));
  await bounded(server[Symbol.asyncDispose](), 2000, 'dispose');
  assert.is(server.listening, false);
  agent.destroy();
});

cl.run();
