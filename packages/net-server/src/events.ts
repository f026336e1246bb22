// The events of NetServer, as tuple maps for node:events' typed EventEmitter,
// and the rule subclasses follow to add events of their own.
import type { Socket } from 'node:net';

/**
 * Who was turned away when `maxConnections` was reached: node:net's 'drop'
 * payload, read from the socket before it is destroyed.
 */
export interface NetServerDropInfo {
  localAddress?: string | undefined;
  localPort?: number | undefined;
  localFamily?: string | undefined;
  remoteAddress?: string | undefined;
  remotePort?: number | undefined;
  remoteFamily?: string | undefined;
}

/** NetServer's events and their arguments; names and payloads are node:net's. */
export interface NetServerEventMap {
  /** The server is bound and accepting; never emitted synchronously inside `listen()`. */
  listening: [];
  /** A connection was accepted (and counted). */
  connection: [socket: Socket];
  /** The server was closed and its last connection has ended. */
  close: [];
  /** A listen failure (EADDRINUSE, ENOTFOUND, EACCES…) or an accept failure. */
  error: [err: Error];
  /**
   * A connection over `maxConnections` was closed at once. Like node:net, a
   * pipe (Unix socket) connection has no addresses and comes without payload.
   */
  drop: [data?: NetServerDropInfo];
}

/**
 * Requires an event map `E` to keep every event of `Base` with exactly its
 * payload: a subclass may add events but not change inherited ones.
 *
 * Why: NetServer emits its events with NetServerEventMap's payloads whatever
 * `E` is. Were a subclass allowed to narrow one (say `connection:
 * [socket: TLSSocket]`), its listeners would be typed for arguments they never
 * get. `E extends Base` alone permits that narrowing; this adds the other
 * direction (Base's payload must be assignable to E's), so the two are equal.
 * It is written over Base's (concrete) keys, so a subclass that is generic
 * over its own map (`class H<E extends HMap & KeepsPayloads<E, HMap>> extends
 * NetServer<E>`) still type-checks: for inherited keys, HMap's and
 * NetServerEventMap's conditions are the same type.
 */
export type KeepsPayloads<E, Base> = {
  [K in keyof Base]: Base[K] extends E[K & keyof E] ? unknown : never;
};
