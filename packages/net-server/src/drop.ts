// What node:net's onconnection reports when maxConnections turns a client
// away: both ends' addresses (getsockname/getpeername of the client handle),
// or nothing at all for a pipe, whose handle has neither.
import type { Socket } from 'node:net';
import type { NetServerDropInfo } from './events.js';

/** The 'drop' payload for `socket`, or undefined for a pipe connection. */
export function dropInfo(socket: Socket): NetServerDropInfo | undefined {
  if (socket.remoteAddress === undefined && socket.localAddress === undefined) return undefined;
  return {
    localAddress: socket.localAddress,
    localPort: socket.localPort,
    localFamily: socket.localFamily,
    remoteAddress: socket.remoteAddress,
    remotePort: socket.remotePort,
    remoteFamily: socket.remoteFamily,
  };
}
