// Handing a connection over to another protocol: a request with
// `Upgrade` + `Connection: upgrade` (RFC 9110 §7.8) that an 'upgrade'
// listener takes, or CONNECT (RFC 9110 §9.3.6). HTTP lets go of the socket —
// our listeners, the parser, the timeouts — and the listener gets the
// request, the socket and the bytes that followed the head (the first bytes
// of the new protocol, which arrived in the same read), as in Node.
import type { IncomingMessage } from './incoming-message.js';
import type { Connection } from './connection.js';

/** Emits 'upgrade' or 'connect' with (req, socket, head); a CONNECT nobody listens for destroys the socket (Node). */
export function handOver(conn: Connection, req: IncomingMessage, head: Buffer): void {
  const server = conn.server;
  const socket = conn.socket;
  conn.detach();
  server.forget(conn);
  const event = req.method === 'CONNECT' ? 'connect' : 'upgrade';
  // An upgrade request only gets here when someone listens ('upgrade' without
  // listeners is served as a normal request, see Connection#onIncoming).
  if (event === 'upgrade' || server.listenerCount(event) > 0) {
    // The socket was flowing into our 'data' listener: let the new owner
    // choose how to read (Node resets flowing to null for the same reason).
    (socket as unknown as { readableFlowing: boolean | null }).readableFlowing = null;
    server.emit(event, req, socket, head);
  } else {
    socket.destroy();
  }
}
