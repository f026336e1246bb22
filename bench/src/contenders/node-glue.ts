/**
 * The JavaScript side of Node's HTTP parser binding, as lib/_http_common.js
 * (Node 20) wires it: functions in the numbered slots, run with the parser as
 * `this`. `kOnHeaders` gathers header pairs that the native parser flushes
 * early (it hands over at most 32 pairs at a time, and on a split head),
 * `kOnHeadersComplete` takes the method name, url and raw header strings,
 * `kOnBody` takes each body piece, `kOnMessageComplete` adds trailers and
 * ends the message. Where Node builds an `IncomingMessage` and pushes body
 * pieces into its stream, this keeps a plain record and counts, so that what
 * is timed is the parser and the strings it makes, not the stream machinery.
 *
 * Every binding-style contender (our HTTPParser, the native binding,
 * http-parser-js) gets a private copy of this module (see freshImport), so
 * that V8's feedback for one does not slow down another.
 */
import type { Message, Tally } from '../contender.js';
import { FNV_OFFSET, fnv1a } from '../contender.js';

/** The parts of the binding interface that Node's glue touches. */
export interface BindingParser {
  [slot: number]: unknown;
  execute(buf: Uint8Array): number | Error;
  _headers: string[];
  _url: string;
  maxHeaderPairs: number;
  incoming: Incoming | null;
}

interface Incoming {
  method: string | null;
  url: string | null;
  status: number | null;
  rawHeaders: string[];
  bodyBytes: number;
  bodyHash: number;
}

export interface Slots {
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
}

export interface Glue {
  readonly stats: Tally;
  /** Non-null while recording: each completed message is appended. */
  log: Message[] | null;
}

/**
 * Wire Node's callbacks into `parser`'s slots. `methods` maps the parser's
 * method numbers to names (Node's `allMethods`, or http-parser-js's list).
 */
export function attach(parser: BindingParser, slots: Slots, methods: readonly string[]): Glue {
  const glue: Glue = { stats: { messages: 0, headers: 0, bodyBytes: 0 }, log: null };
  parser._headers = [];
  parser._url = '';
  parser.maxHeaderPairs = 2000;
  parser.incoming = null;

  // Only called when the head was flushed early (split over chunks, or more than 32 pairs), and for trailers.
  parser[slots.kOnHeaders] = function parserOnHeaders(this: BindingParser, headers: string[], url: string): void {
    if (this.maxHeaderPairs <= 0 || this._headers.length < this.maxHeaderPairs) this._headers.push(...headers);
    this._url += url;
  };

  parser[slots.kOnHeadersComplete] = function parserOnHeadersComplete(
    this: BindingParser,
    _versionMajor: number,
    _versionMinor: number,
    headers: string[] | undefined,
    method: number | undefined,
    url: string | undefined,
    statusCode: number | undefined,
    _statusMessage: string | undefined,
    _upgrade: boolean,
    _shouldKeepAlive: boolean,
  ): number {
    if (!headers) {
      headers = this._headers;
      this._headers = [];
    }
    if (!url) {
      url = this._url;
      this._url = '';
    }
    const request = typeof method === 'number';
    this.incoming = {
      method: request ? methods[method] : null,
      url: request ? url : null,
      status: request ? null : (statusCode as number),
      rawHeaders: headers,
      bodyBytes: 0,
      bodyHash: FNV_OFFSET,
    };
    glue.stats.headers += headers.length >> 1;
    return 0;
  };

  // Node >= 12 reads only the first argument; http-parser-js and ours also pass (start = 0, length).
  parser[slots.kOnBody] = function parserOnBody(this: BindingParser, b: Uint8Array): void {
    const incoming = this.incoming;
    if (incoming === null) return;
    incoming.bodyBytes += b.length;
    glue.stats.bodyBytes += b.length;
    if (glue.log !== null) incoming.bodyHash = fnv1a(incoming.bodyHash, b, 0, b.length);
  };

  parser[slots.kOnMessageComplete] = function parserOnMessageComplete(this: BindingParser): void {
    const incoming = this.incoming;
    if (incoming !== null) {
      const trailers = this._headers;
      if (trailers.length > 0) {
        incoming.rawHeaders = incoming.rawHeaders.concat(trailers);
        glue.stats.headers += trailers.length >> 1;
        this._headers = [];
        this._url = '';
      }
      if (glue.log !== null) {
        glue.log.push({
          method: incoming.method,
          url: incoming.url,
          status: incoming.status,
          headers: incoming.rawHeaders,
          bodyBytes: incoming.bodyBytes,
          bodyHash: incoming.bodyHash,
        });
      }
    }
    glue.stats.messages++;
    this.incoming = null;
  };

  return glue;
}

/**
 * A `Prepared` for a binding-style parser: `run` feeds every chunk to
 * `execute`, throwing on an error as Node's socket glue would destroy the
 * connection.
 */
export function bindingRunner(parser: BindingParser, glue: Glue, chunks: readonly Uint8Array[], who: string) {
  const run = (): number => {
    const before = glue.stats.messages;
    for (let i = 0; i < chunks.length; i++) {
      const r = parser.execute(chunks[i]);
      if (typeof r !== 'number') throw new Error(`${who}: ${(r as Error).message} (${String((r as { code?: string }).code)})`);
    }
    return glue.stats.messages - before;
  };
  return {
    run,
    tally: (): Tally => ({ ...glue.stats }),
    record: (): Message[] => {
      const log: Message[] = [];
      glue.log = log;
      try {
        run();
      } finally {
        glue.log = null;
      }
      return log;
    },
  };
}
