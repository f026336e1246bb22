// Theory of operation: everything a message sends between two flushes —
// head, 1xx lines, chunk framing, body data, trailers — is gathered here and
// leaves as ONE socket.write. Node gets the same single packet by corking the
// socket around several writes; joining here also keeps the write count down,
// which is what the server's hot path pays for.
//
// Pieces join as a string while they can (the common case: an ASCII head and
// a utf8 or latin1 body string), since V8 concatenates strings with ropes and
// the socket encodes once. A piece that cannot join a string — a Uint8Array,
// a string in another encoding, latin1 text with high bytes after a utf8
// string — turns the batch into a list of buffers, joined with one copy at
// flush time while small, or written back to back under cork when large (so a
// big body is never copied just to save a syscall).
import { Buffer } from 'node:buffer';
import type { Chunk, FrameSink } from './body-writers.js';

/** The part of a net.Socket a batch writes to. */
export interface BatchSocket {
  write(data: string | Uint8Array, encoding: BufferEncoding, cb?: (err?: Error | null) => void): boolean;
  write(data: string | Uint8Array, cb?: (err?: Error | null) => void): boolean;
  cork(): void;
  uncork(): void;
}

/** Bodies up to this many bytes are copied into one buffer with the head; larger ones are written separately, corked. */
export const JOIN_LIMIT = 64 * 1024;

const NON_ASCII = /[^\x00-\x7f]/;

type StringEncoding = 'latin1' | 'utf8';

/** The string encoding `encoding` reads as, or null when the string must become a buffer first. */
function stringEncoding(encoding: BufferEncoding | undefined | null): StringEncoding | null {
  switch (encoding) {
    case undefined: case null: case 'utf8': case 'utf-8': return 'utf8';
    // Node encodes 'ascii' strings exactly as 'latin1' ones (low byte of each unit).
    case 'latin1': case 'binary': case 'ascii': return 'latin1';
    default: return null;
  }
}

/** One socket write in the making. */
export class WireBatch implements FrameSink {
  private str = '';
  private enc: StringEncoding = 'latin1';
  private bufs: Uint8Array[] | null = null;
  private bufBytes = 0;
  /** Approximate size in bytes (string length for strings), for backpressure. */
  size = 0;

  /** Nothing gathered. */
  get empty(): boolean {
    return this.size === 0;
  }

  /** Protocol text, latin1. */
  text(s: string): void {
    if (s.length === 0) return;
    this.size += s.length;
    if (this.bufs !== null) this.push(Buffer.from(s, 'latin1'));
    else if (this.enc === 'latin1' || !NON_ASCII.test(s)) this.str += s;
    else this.spill(Buffer.from(s, 'latin1'));
  }

  /** Body data in its own encoding. */
  data(chunk: Chunk, encoding: BufferEncoding | undefined): void {
    if (typeof chunk === 'string') {
      if (chunk.length === 0) return;
      this.size += chunk.length;
      const enc = stringEncoding(encoding);
      if (this.bufs !== null || enc === null) this.spill(Buffer.from(chunk, encoding));
      else if (enc === this.enc || this.str.length === 0) {
        this.enc = enc;
        this.str += chunk;
      } else if (enc === 'utf8' && chunk.length <= this.str.length && !NON_ASCII.test(chunk)) {
        // An ASCII utf8 string reads the same as latin1 (scanning the shorter side: usually the body, not the head).
        this.str += chunk;
      } else if (enc === 'utf8' && !NON_ASCII.test(this.str)) {
        // ASCII latin1 text reads the same as utf8: switch and keep joining.
        this.enc = 'utf8';
        this.str += chunk;
      } else this.spill(Buffer.from(chunk, enc));
    } else {
      if (chunk.byteLength === 0) return;
      this.size += chunk.byteLength;
      this.spill(chunk);
    }
  }

  /**
   * Writes the batch to `socket` — one write unless a large buffer makes
   * copying worse than a corked second write — and empties it. Returns the
   * socket's answer (false: wait for 'drain').
   */
  flushTo(socket: BatchSocket, cb: ((err?: Error | null) => void) | undefined): boolean {
    const bufs = this.bufs;
    if (bufs === null) {
      const s = this.str;
      const enc = this.enc;
      this.clear();
      return socket.write(s, enc, cb);
    }
    const total = this.bufBytes;
    this.clear();
    if (bufs.length === 1) return socket.write(bufs[0], cb);
    if (total <= JOIN_LIMIT) return socket.write(Buffer.concat(bufs, total), cb);
    socket.cork();
    for (let i = 0; i < bufs.length - 1; i++) socket.write(bufs[i]);
    const ret = socket.write(bufs[bufs.length - 1], cb);
    socket.uncork();
    return ret;
  }

  /** The gathered bytes as one buffer (for tests and for callers without a socket). */
  toBuffer(): Buffer {
    return this.bufs === null ? Buffer.from(this.str, this.enc) : Buffer.concat(this.bufs, this.bufBytes);
  }

  /** Drops everything gathered. */
  clear(): void {
    this.str = '';
    this.enc = 'latin1';
    this.bufs = null;
    this.bufBytes = 0;
    this.size = 0;
  }

  /** Moves to buffer mode (if not there yet) and appends `b`. */
  private spill(b: Uint8Array): void {
    if (this.bufs === null) {
      this.bufs = [];
      if (this.str.length !== 0) this.push(Buffer.from(this.str, this.enc));
      this.str = '';
    }
    this.push(b);
  }

  private push(b: Uint8Array): void {
    this.bufs!.push(b);
    this.bufBytes += b.byteLength;
  }
}
