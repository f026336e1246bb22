// Reading every connection into one shared 64 KiB buffer, as Node's own
// HTTP server does: `parser.consume(handle)` makes node_http_parser.cc read
// all sockets into one static buffer and copy out only the body pieces
// (Buffer::Copy in on_body).
//
// Why: a socket read the ordinary way ('data' events) gets a Buffer of its
// own per read (stream_base's allocate_managed_buffer: 64 KiB, then a
// shrunken copy when the read was short), and that memory goes back only at
// the next GC. Under a large upload the process keeps writing into fresh,
// cold memory: page faults and system time. Measured on a 64 MiB upload
// (10 repeats), a bare socket server: 41,000 minor faults and ~2.2 GB/s with
// 'data' events, 600 faults and ~2.7 GB/s reading into one reused buffer.
// (A server still copies body pieces out, as node:http does; `newestCopy`
// below keeps glibc from trimming the heap those copies come from.) Every
// request also skips the per-read allocation and the socket's Readable
// machinery: about 0.5 µs of CPU less per hello-world response.
//
// How: Node's `onread` socket option (`net.connect({ onread: { buffer,
// callback } })`, public since v12.1) does exactly this for a socket it
// creates; a server cannot pass the option to the sockets it accepts, so
// `readIntoSharedBuffer` sets on an accepted socket the three fields the
// option sets (found by their symbols' names on the socket itself) and calls
// its handle's `useUserBuffer`, as net.Socket's own initSocketHandle does.
// Where any of that is missing (another runtime, TLS, a socket with bytes
// already buffered) it returns false and the caller reads 'data' events.
//
// The rule that comes with it: bytes handed to `onRead` are a view of the
// shared buffer, valid only during the call (the next read overwrites them).
// Whatever must outlive it — a body piece pushed to a request, bytes held
// for later, the head of an upgraded protocol — goes through `own()`.
import type { Socket } from 'node:net';

/** libuv's read size (uv__read suggests 64 KiB). */
export const SHARED_READ_SIZE = 64 * 1024;

/** Called with each read, `this` being the socket (Node calls `socket[kBufferCb](nread, buffer)`). */
export type SharedReadCallback = (this: Socket, nread: number, buffer: Buffer) => unknown;

interface ReadSymbols {
  buffer: symbol;
  callback: symbol;
  generator: symbol;
}

type ReadSocket = Socket & {
  _handle?: { useUserBuffer?: (buf: Uint8Array) => void } | null;
  encrypted?: boolean;
  [key: symbol]: unknown;
};

/** Allocated on first use; its own ArrayBuffer (never the pool's), so `isShared` can tell views of it. */
let shared: Buffer | null = null;
/** undefined: not looked up yet; null: this runtime has no such fields. */
let symbols: ReadSymbols | null | undefined;

function findSymbols(socket: ReadSocket): ReadSymbols | null {
  const byName = new Map<string, symbol>();
  for (const s of Object.getOwnPropertySymbols(socket)) if (s.description) byName.set(s.description, s);
  const buffer = byName.get('kBuffer');
  const callback = byName.get('kBufferCb');
  const generator = byName.get('kBufferGen');
  return buffer && callback && generator ? { buffer, callback, generator } : null;
}

/**
 * Makes `socket` read into the shared buffer, each read reported to
 * `onRead`. False when it cannot (the socket keeps emitting 'data').
 */
export function readIntoSharedBuffer(socket: Socket, onRead: SharedReadCallback): boolean {
  const s = socket as ReadSocket;
  const handle = s._handle;
  if (!handle || typeof handle.useUserBuffer !== 'function' || s.encrypted || s.readableLength > 0) return false;
  if (symbols === undefined) symbols = findSymbols(s);
  if (symbols === null || !(symbols.buffer in s)) return false;
  if (shared === null) shared = Buffer.allocUnsafeSlow(SHARED_READ_SIZE);
  s[symbols.buffer] = shared;
  s[symbols.callback] = onRead;
  s[symbols.generator] = null;
  handle.useUserBuffer(shared);
  return true;
}

/** Each read pushed as a copy: the socket then emits 'data' with Buffers of its own, as an ordinary socket does. */
function pushCopy(this: Socket, nread: number, buffer: Buffer): boolean {
  // false stops reading until the stream wants more (onStreamRead readStops; Socket#_read starts again)
  return this.push(copy(buffer.subarray(0, nread)));
}

/**
 * A socket that read into the shared buffer goes back to ordinary reads
 * (its new owner after an upgrade listens for 'data'). The handle keeps
 * reading into the shared buffer; each read is copied out and pushed.
 */
export function releaseSharedBuffer(socket: Socket): void {
  const s = socket as ReadSocket;
  if (symbols && s[symbols.buffer] === shared && shared !== null) s[symbols.callback] = pushCopy;
}

/** Whether `bytes` is a view of the shared read buffer. */
export function isShared(bytes: Uint8Array): boolean {
  return shared !== null && bytes.buffer === shared.buffer;
}

/** `bytes` itself, or a copy when it is a view of the shared buffer: bytes that may be kept. */
export function own(bytes: Buffer): Buffer {
  return isShared(bytes) ? copy(bytes) : bytes;
}

/**
 * The newest copy, kept alive until the next one replaces it (at most one
 * 64 KiB piece, for the whole process). Why: once about 32 MiB of young
 * ArrayBuffer memory is outstanding, V8 runs a young-generation GC *before*
 * it allocates the next backing store (Heap::AllocateExternalBackingStore).
 * Under an upload every earlier copy is dead by then: the sweeper frees them
 * all, the top of glibc's heap comes free and is trimmed, and the copies
 * that follow grow the heap again with `brk` and fault its pages back in.
 * The newest copy, allocated last and so high in the heap, keeps the top in
 * use through that GC, and the next copies reuse the freed space below it.
 * Measured (`perf stat -e syscalls:sys_enter_brk`) over 11 uploads of
 * 64 MiB: 611–1,431 `brk` calls without it, 252–434 with it (see the
 * upload row in the repository's README).
 */
let newestCopy: Buffer | null = null;

/**
 * A copy in uninitialised memory (small ones from Buffer's pool), as
 * Node's Buffer::Copy makes. `Buffer.from(buffer)` would allocate zeroed
 * memory and copy into it.
 */
function copy(bytes: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(bytes.length);
  out.set(bytes);
  newestCopy = out;
  return out;
}
