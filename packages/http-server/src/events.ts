// The server's events, as tuple maps for node:events' typed EventEmitter.
// Names and payloads are node:http's; the map extends NetServer's, whose
// events (listening, connection, close, error, drop) keep their payloads.
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { NetServerEventMap } from '@purehttp/net-server';
import type { IncomingMessage } from './incoming-message.js';
import type { ServerResponse } from './server-response.js';

/** Events of {@link Server}. */
export interface HttpServerEventMap extends NetServerEventMap {
  /** A request head arrived; the body streams through `req`. */
  request: [req: IncomingMessage, res: ServerResponse];
  /** A request with `Expect: 100-continue`; without a listener: `100 Continue`, then 'request'. */
  checkContinue: [req: IncomingMessage, res: ServerResponse];
  /** A request with another Expect value; without a listener: 417. */
  checkExpectation: [req: IncomingMessage, res: ServerResponse];
  /** A client error (parse error, timeout, socket error). The listener owns the socket; without one: 400/408/414/431/501/505 and close. */
  clientError: [err: Error, socket: Duplex];
  /** A CONNECT request; the socket and the bytes after the head are handed over. Without a listener the socket is destroyed. */
  connect: [req: IncomingMessage, socket: Duplex, head: Buffer];
  /** A request to switch protocols (Upgrade + Connection: upgrade); without a listener it is served as a normal request. */
  upgrade: [req: IncomingMessage, socket: Duplex, head: Buffer];
  /** A request over `maxRequestsPerSocket`: it is answered 503. */
  dropRequest: [req: IncomingMessage, socket: Duplex];
  /** A socket's inactivity timeout (server.timeout, or the keep-alive wait) fired. */
  timeout: [socket: Socket];
}

/** Events of the HTTPS server: the HTTP ones plus node:tls's. */
export interface HttpsServerEventMap extends HttpServerEventMap {
  /** A TLS handshake completed; HTTP starts on this socket. */
  secureConnection: [socket: Socket];
  /** A TLS handshake failed (forwarded to 'clientError' as Node does). */
  tlsClientError: [err: Error, socket: Socket];
}
