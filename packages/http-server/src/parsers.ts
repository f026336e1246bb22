// The pool of request parsers, as Node's `parsers` FreeList: a connection
// takes one when it opens and gives it back when it closes (or upgrades),
// so a busy server reuses parsers instead of allocating one per connection.
// Each parser's callback slots are set once, at creation, to module-level
// functions that forward to the connection the parser currently serves:
// no closure is made per connection or per request.
import { FreeList } from '@purehttp/freelist';
import { HTTPParser } from '@purehttp/http-parser';

/** What a parser reports to its connection (the slots of Node's binding). */
export interface ParserOwner {
  onMessageBegin(): void;
  onHeadersComplete(
    major: number, minor: number, headers: string[], method: number, url: string,
    statusCode: undefined, statusMessage: undefined, upgrade: boolean, shouldKeepAlive: boolean,
  ): number;
  onBody(chunk: Buffer): void;
  onTrailers(trailers: string[]): void;
  onMessageComplete(): void;
}

/** An HTTPParser that knows which connection it serves. */
export class RequestParser extends HTTPParser {
  owner: ParserOwner | null = null;
  constructor() {
    super(HTTPParser.REQUEST);
    this[HTTPParser.kOnMessageBegin] = onMessageBegin;
    this[HTTPParser.kOnHeadersComplete] = onHeadersComplete;
    this[HTTPParser.kOnBody] = onBody;
    this[HTTPParser.kOnHeaders] = onHeaders;
    this[HTTPParser.kOnMessageComplete] = onMessageComplete;
  }
}

function onMessageBegin(this: RequestParser): void {
  this.owner?.onMessageBegin();
}

function onHeadersComplete(
  this: RequestParser, major: number, minor: number, headers: string[], method: number, url: string,
  statusCode: undefined, statusMessage: undefined, upgrade: boolean, shouldKeepAlive: boolean,
): number {
  const owner = this.owner;
  return owner === null ? 0 : owner.onHeadersComplete(major, minor, headers, method, url, statusCode, statusMessage, upgrade, shouldKeepAlive);
}

function onBody(this: RequestParser, chunk: Buffer): void {
  this.owner?.onBody(chunk);
}

function onHeaders(this: RequestParser, trailers: string[]): void {
  this.owner?.onTrailers(trailers);
}

function onMessageComplete(this: RequestParser): void {
  this.owner?.onMessageComplete();
}

/** Up to 1000 idle parsers are kept, as Node does. */
export const parsers = new FreeList<RequestParser>('parsers', 1000, () => new RequestParser());

/** Parsers taken by connections and not given back yet. */
let inUse = 0;

/** Takes a parser from the pool (or makes one) for a connection. */
export function allocParser(): RequestParser {
  inUse++;
  return parsers.alloc();
}

/** Gives a parser back to the pool, with no link left to its connection. */
export function freeParser(parser: RequestParser): void {
  inUse--;
  parser.owner = null;
  parser.free();
  parsers.free(parser);
}

/**
 * @internal For tests and diagnostics, not part of the public API: parsers
 * held by connections (0 once every connection has closed or upgraded) and
 * idle parsers kept in the pool.
 */
export function parserStats(): { inUse: number; pooled: number } {
  return { inUse, pooled: parsers.size };
}
