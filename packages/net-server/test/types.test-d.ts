// Compile-time checks of NetServer's typed events, verified by types.test.ts
// with the TypeScript compiler: every `@ts-expect-error` line must be an
// error (an unused one is itself a diagnostic), everything else must compile.
import type { Socket } from 'node:net';
import { NetServer, type KeepsPayloads, type NetServerDropInfo, type NetServerEventMap } from '../src/index.js';

const server = new NetServer();

// Correct uses compile, with payloads inferred from the map.
server.on('listening', () => {});
server.on('connection', (socket) => {
  const s: Socket = socket;
  s.end();
});
server.on('drop', (data) => {
  const info: NetServerDropInfo | undefined = data;
  void info?.remotePort;
});
server.on('error', (err) => void err.message);
server.once('close', () => {});
server.emit('drop', { remoteAddress: '127.0.0.1', remotePort: 1 });
server.emit('drop');
server.emit('listening');

// @ts-expect-error misspelled event name
server.on('conection', () => {});
// @ts-expect-error misspelled event name at emit
server.emit('listenning');
// @ts-expect-error wrong payload at emit
server.emit('drop', 42);
// @ts-expect-error a payload for an event that has none
server.emit('close', 1);
// @ts-expect-error a listener typed for the wrong payload
server.on('connection', (socket: string) => void socket);
// @ts-expect-error a listener typed for the wrong error payload
server.once('error', (err: number) => void err);

// A subclass with an extra event: both its own and the inherited ones are typed.
interface EchoEventMap extends NetServerEventMap {
  message: [text: string, socket: Socket];
}
class EchoServer extends NetServer<EchoEventMap> {
  constructor() {
    super((socket) => socket.on('data', (data) => this.emit('message', String(data), socket)));
  }
}
const echo = new EchoServer();
echo.on('message', (text, socket) => socket.end(text.toUpperCase()));
echo.on('connection', (socket) => socket.setNoDelay());
// @ts-expect-error the extra event's payload is typed
echo.on('message', (text: number) => void text);
// @ts-expect-error the extra event's payload is checked at emit
echo.emit('message', 42);
// @ts-expect-error a misspelled extra event
echo.on('mesage', () => {});
// @ts-expect-error inherited events keep their payloads
echo.emit('drop', 42);

// A subclass that is itself generic over its map (as the HTTP server will be),
// and a subclass of that.
interface HttpLikeEventMap extends NetServerEventMap {
  request: [url: string];
}
class HttpLike<E extends HttpLikeEventMap & Record<keyof E, unknown[]> & KeepsPayloads<E, HttpLikeEventMap> = HttpLikeEventMap> extends NetServer<E> {}
interface HttpsLikeEventMap extends HttpLikeEventMap {
  secureConnection: [socket: Socket];
}
class HttpsLike extends HttpLike<HttpsLikeEventMap> {}
const https = new HttpsLike();
https.on('request', (url) => void url.length);
https.on('secureConnection', (socket) => socket.destroy());
https.on('close', () => {});
new HttpLike().on('request', (url) => void url.trim());
// @ts-expect-error the grandchild's events are typed too
https.on('request', (url: number) => void url);
// @ts-expect-error unknown on the grandchild
https.emit('secureconnection');

// Narrowing an inherited payload is refused: NetServer emits plain Sockets,
// so a listener typed for more would be lied to.
interface NarrowEventMap extends NetServerEventMap {
  connection: [socket: Socket & { encrypted: true }];
}
// @ts-expect-error narrowing an inherited payload
export class Narrowing extends NetServer<NarrowEventMap> {}
// @ts-expect-error payloads are tuples
export class NotTuples extends NetServer<NetServerEventMap & { custom: string }> {}
