// The events and the socket shape of outgoing messages.
import type { BatchSocket } from './wire-batch.js';

/**
 * The part of a `net.Socket` an outgoing message uses. Any net.Socket (or
 * tls.TLSSocket) fits; tests may pass a wrapper that counts writes.
 */
export interface OutgoingSocket extends BatchSocket {
  readonly writable: boolean;
  readonly destroyed: boolean;
  readonly writableLength: number;
  readonly writableHighWaterMark: number;
  readonly writableCorked: number;
  /** The message that currently owns the socket (Node's convention, shared with node:http). */
  _httpMessage?: unknown;
  /** Set by net.Socket when it was destroyed by an error: 'finish' is then never emitted. */
  _hadError?: boolean;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
  destroy(error?: Error): unknown;
  setTimeout(msecs: number, callback?: () => void): unknown;
}

/** Events of an {@link OutgoingMessage}, Node's names and payloads. */
export interface OutgoingMessageEventMap {
  /** end() was called and everything has been handed to the socket. */
  prefinish: [];
  /** The last byte of the message has been written to the socket. */
  finish: [];
  /** The message is done with (the server closed it, or the socket closed). */
  close: [];
  /** write() returned false earlier and the socket has drained: write again. */
  drain: [];
  /** A write after end (ERR_STREAM_WRITE_AFTER_END), or an error from the pipeline. */
  error: [err: Error];
  /** A socket was assigned. */
  socket: [socket: OutgoingSocket];
  /** The socket timed out (see setTimeout). */
  timeout: [];
  /** Emitted by Readable#pipe on its destination. */
  pipe: [src: unknown];
  /** Emitted by Readable#unpipe on its destination. */
  unpipe: [src: unknown];
}
