/**
 * Contender 4: llhttp compiled to WebAssembly, as undici ships and drives it
 * (lib/dispatcher/client-h1.js of the pinned undici): one module instance
 * whose `env` imports call back into the parser being executed, each chunk
 * copied into wasm memory (a buffer from `malloc`, grown in 4 KiB steps) and
 * parsed by `llhttp_execute`, and spans turned back into Buffer views of the
 * caller's chunk. Header names and values stay Buffers while the head is read
 * (concatenated when split), with undici's Content-Length / Connection /
 * Keep-Alive tracking, and become strings at the end of the head through
 * `util.parseRawHeaders`, as undici's request API does (`responseHeaders:
 * 'raw'`, which keeps names as sent, so the check can compare them).
 *
 * undici only parses responses; for requests this allocates the parser with
 * type 1 (HTTP_REQUEST), keeps the URL from `wasm_on_url` (undici's returns
 * 0) and reads the method with `llhttp_get_method`.
 *
 * Like undici, it loads llhttp_simd-wasm.js when the engine accepts it and
 * llhttp-wasm.js otherwise; UNDICI_NO_WASM_SIMD=1 forces the latter, as it
 * does for undici.
 */
import assert from 'node:assert';
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import type { Contender, Message, Tally } from '../contender.js';
import { FNV_OFFSET, fnv1a } from '../contender.js';
import type { Input } from '../inputs.js';

const require = createRequire(import.meta.url);

interface UndiciUtil {
  bufferToLowerCasedHeaderName(b: Buffer): string;
  parseRawHeaders(headers: Buffer[]): string[];
  parseKeepAliveTimeout(v: string): number | null;
}
/** The little of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (mod: object, imports: Record<string, Record<string, Function>>) => { exports: unknown };
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Llhttp {
  memory: { buffer: ArrayBuffer };
  malloc(size: number): number;
  free(ptr: number): void;
  llhttp_alloc(type: number): number;
  llhttp_execute(ptr: number, data: number, len: number): number;
  llhttp_get_error_pos(ptr: number): number;
  llhttp_get_error_reason(ptr: number): number;
  llhttp_get_method(ptr: number): number;
}

const util = require('undici/lib/core/util.js') as UndiciUtil;
const constants = require('undici/lib/llhttp/constants.js') as {
  TYPE: { REQUEST: number; RESPONSE: number };
  ERROR: { OK: number };
  METHODS: Record<string, number>;
};
const undiciVersion = (require('undici/package.json') as { version: string }).version;
/** undici's own Buffer subclass, which it uses to view a chunk without copying. */
const FastBuffer = (Buffer as unknown as { [Symbol.species]: new (ab: ArrayBufferLike, offset: number, length: number) => Buffer })[Symbol.species];
const METHOD_NAMES: string[] = [];
for (const [name, num] of Object.entries(constants.METHODS)) METHOD_NAMES[num] = name;

function loadModule(): { mod: object; simd: boolean } {
  if (process.env.UNDICI_NO_WASM_SIMD !== '1') {
    try {
      return { mod: new WebAssembly.Module(require('undici/lib/llhttp/llhttp_simd-wasm.js')), simd: true };
    } catch {
      // as undici: fall back to the plain build
    }
  }
  return { mod: new WebAssembly.Module(require('undici/lib/llhttp/llhttp-wasm.js')), simd: false };
}

// undici's module-level state: the parser being executed and where its chunk sits in wasm memory
let currentParser: WasmParser | null = null;
let currentBufferRef: Buffer | null = null;
let currentBufferSize = 0;
let currentBufferPtr = 0;

function view(at: number, len: number): Buffer {
  const ref = currentBufferRef as Buffer;
  return new FastBuffer(ref.buffer, at - currentBufferPtr + ref.byteOffset, len);
}

function instantiate(mod: object): Llhttp {
  const instance = new WebAssembly.Instance(mod, {
    env: {
      wasm_on_url: (p: number, at: number, len: number) => {
        assert(currentParser!.ptr === p);
        return currentParser!.onUrl(view(at, len));
      },
      wasm_on_status: (p: number, at: number, len: number) => {
        assert(currentParser!.ptr === p);
        return currentParser!.onStatus(view(at, len));
      },
      wasm_on_message_begin: (p: number) => {
        assert(currentParser!.ptr === p);
        return currentParser!.onMessageBegin();
      },
      wasm_on_header_field: (p: number, at: number, len: number) => {
        assert(currentParser!.ptr === p);
        return currentParser!.onHeaderField(view(at, len));
      },
      wasm_on_header_value: (p: number, at: number, len: number) => {
        assert(currentParser!.ptr === p);
        return currentParser!.onHeaderValue(view(at, len));
      },
      wasm_on_headers_complete: (p: number, statusCode: number, upgrade: number, shouldKeepAlive: number) => {
        assert(currentParser!.ptr === p);
        return currentParser!.onHeadersComplete(statusCode, upgrade === 1, shouldKeepAlive === 1);
      },
      wasm_on_body: (p: number, at: number, len: number) => {
        assert(currentParser!.ptr === p);
        return currentParser!.onBody(view(at, len));
      },
      wasm_on_message_complete: (p: number) => {
        assert(currentParser!.ptr === p);
        return currentParser!.onMessageComplete();
      },
    },
  });
  return instance.exports as unknown as Llhttp;
}

/** undici's Parser, less its socket, timers and request queue. */
class WasmParser {
  readonly ptr: number;
  readonly request: boolean;
  statusCode = 0;
  statusText = '';
  upgrade = false;
  url: Buffer | null = null;
  method: string | null = null;
  headers: Buffer[] = [];
  headersSize = 0;
  headersMaxSize = 16 * 1024;
  shouldKeepAlive = false;
  keepAlive = '';
  contentLength = '';
  connection = '';
  bytesRead = 0;
  /** What undici's request handler gets: the head as strings. */
  rawHeaders: string[] = [];
  bodyHash = FNV_OFFSET;
  readonly stats: Tally = { messages: 0, headers: 0, bodyBytes: 0 };
  log: Message[] | null = null;

  constructor(private readonly llhttp: Llhttp, type: 'request' | 'response') {
    this.request = type === 'request';
    this.ptr = llhttp.llhttp_alloc(this.request ? constants.TYPE.REQUEST : constants.TYPE.RESPONSE);
  }

  execute(chunk: Buffer): void {
    const { llhttp } = this;
    if (chunk.length > currentBufferSize) {
      if (currentBufferPtr) llhttp.free(currentBufferPtr);
      currentBufferSize = Math.ceil(chunk.length / 4096) * 4096;
      currentBufferPtr = llhttp.malloc(currentBufferSize);
    }
    new Uint8Array(llhttp.memory.buffer, currentBufferPtr, currentBufferSize).set(chunk);
    let ret: number;
    try {
      currentBufferRef = chunk;
      currentParser = this;
      ret = llhttp.llhttp_execute(this.ptr, currentBufferPtr, chunk.length);
    } finally {
      currentParser = null;
      currentBufferRef = null;
    }
    if (ret !== constants.ERROR.OK) {
      const at = llhttp.llhttp_get_error_pos(this.ptr) - currentBufferPtr;
      const reasonPtr = llhttp.llhttp_get_error_reason(this.ptr);
      const mem = new Uint8Array(llhttp.memory.buffer);
      const reason = reasonPtr ? Buffer.from(mem.subarray(reasonPtr, mem.indexOf(0, reasonPtr))).toString() : '';
      throw new Error(`llhttp-wasm: error ${ret} (${reason}) at ${at}`);
    }
  }

  /** Not in undici (a client never parses requests): the request target, kept as undici keeps header pieces. */
  onUrl(buf: Buffer): number {
    this.url = this.url === null ? buf : Buffer.concat([this.url, buf]);
    return 0;
  }

  onStatus(buf: Buffer): number {
    this.statusText = buf.toString();
    return 0;
  }

  onMessageBegin(): number {
    return 0;
  }

  onHeaderField(buf: Buffer): number {
    const len = this.headers.length;
    if ((len & 1) === 0) this.headers.push(buf);
    else this.headers[len - 1] = Buffer.concat([this.headers[len - 1], buf]);
    this.trackHeader(buf.length);
    return 0;
  }

  onHeaderValue(buf: Buffer): number {
    let len = this.headers.length;
    if ((len & 1) === 1) {
      this.headers.push(buf);
      len += 1;
    } else {
      this.headers[len - 1] = Buffer.concat([this.headers[len - 1], buf]);
    }
    const key = this.headers[len - 2];
    if (key.length === 10) {
      const headerName = util.bufferToLowerCasedHeaderName(key);
      if (headerName === 'keep-alive') this.keepAlive += buf.toString();
      else if (headerName === 'connection') this.connection += buf.toString();
    } else if (key.length === 14 && util.bufferToLowerCasedHeaderName(key) === 'content-length') {
      this.contentLength += buf.toString();
    }
    this.trackHeader(buf.length);
    return 0;
  }

  trackHeader(len: number): void {
    this.headersSize += len;
    if (this.headersSize >= this.headersMaxSize) throw new Error('llhttp-wasm: headers overflow');
  }

  onHeadersComplete(statusCode: number, upgrade: boolean, shouldKeepAlive: boolean): number {
    this.statusCode = statusCode;
    this.shouldKeepAlive = shouldKeepAlive;
    if (upgrade) {
      this.upgrade = true;
      return 2;
    }
    if (this.request) {
      this.method = METHOD_NAMES[this.llhttp.llhttp_get_method(this.ptr)];
    }
    if (this.shouldKeepAlive && this.keepAlive) util.parseKeepAliveTimeout(this.keepAlive);
    // undici's request handler: rawHeaders to strings (responseHeaders: 'raw')
    this.rawHeaders = util.parseRawHeaders(this.headers);
    this.stats.headers += this.headers.length >> 1;
    this.headers = [];
    this.headersSize = 0;
    return 0;
  }

  onBody(buf: Buffer): number {
    this.bytesRead += buf.length;
    this.stats.bodyBytes += buf.length;
    if (this.log !== null) this.bodyHash = fnv1a(this.bodyHash, buf, 0, buf.length);
    return 0;
  }

  onMessageComplete(): number {
    const { contentLength, bytesRead } = this;
    if (contentLength && bytesRead !== parseInt(contentLength, 10)) throw new Error('llhttp-wasm: content-length mismatch');
    if (this.log !== null) {
      this.log.push({
        method: this.request ? this.method : null,
        url: this.request ? (this.url === null ? '' : this.url.toString('latin1')) : null,
        status: this.request ? null : this.statusCode,
        headers: this.rawHeaders,
        bodyBytes: bytesRead,
        bodyHash: this.bodyHash,
      });
    }
    this.stats.messages++;
    this.statusCode = 0;
    this.statusText = '';
    this.bytesRead = 0;
    this.contentLength = '';
    this.keepAlive = '';
    this.connection = '';
    this.url = null;
    this.method = null;
    this.bodyHash = FNV_OFFSET;
    this.headers = [];
    this.headersSize = 0;
    return 0;
  }
}

export async function create(): Promise<Contender> {
  const { mod, simd } = loadModule();
  const llhttp = instantiate(mod);
  return {
    id: 'llhttp-wasm',
    label: `llhttp wasm${simd ? ' (simd)' : ''} (undici ${undiciVersion} glue)`,
    prepare(input: Input) {
      const parser = new WasmParser(llhttp, input.type);
      const chunks = input.chunks;
      const run = (): number => {
        const before = parser.stats.messages;
        for (let i = 0; i < chunks.length; i++) parser.execute(chunks[i]);
        return parser.stats.messages - before;
      };
      return {
        run,
        tally: (): Tally => ({ ...parser.stats }),
        record(): Message[] {
          const log: Message[] = [];
          parser.log = log;
          try {
            run();
          } finally {
            parser.log = null;
          }
          return log;
        },
      };
    },
  };
}
