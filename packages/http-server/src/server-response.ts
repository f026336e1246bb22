// The server's ServerResponse: outgoing-message's, plus the two server
// options that shape a response and that Node implements in the response
// itself — `uniqueHeaders` and `rejectNonStandardBodyWrites`.
import {
  ServerResponse as BaseServerResponse,
  type HeaderValue, type OutgoingFields, type RequestLike, type ServerResponseOptions as BaseOptions, type Chunk,
} from '@purehttp/outgoing-message';
import { httpError } from './errors.js';
import { kOwnPrototype } from './node-prototypes.js';

/** Options of {@link ServerResponse}: outgoing-message's plus the server's body-write rule. */
export interface ServerResponseOptions extends BaseOptions {
  /** Throw ERR_HTTP_BODY_NOT_ALLOWED on a body write to HEAD/204/304/1xx instead of dropping it (Node 20.4+). */
  rejectNonStandardBodyWrites?: boolean;
}

/** Where the server stores the parsed `uniqueHeaders` option on a response (Node's kUniqueHeaders). */
export const kUniqueHeaders = Symbol('kUniqueHeaders');
const kRejectNonStandardBodyWrites = Symbol('kRejectNonStandardBodyWrites');
/** The connection a response belongs to: told when the response has ended and when it is written. */
export const kConnection = Symbol('kConnection');

/** What a response tells its connection (connection.ts). */
export interface ResponseOwner {
  /** `res` ended and all its bytes are with the socket ('prefinish'): the next response may write. */
  responseEnded(res: ServerResponse): void;
  /** `res` is written ('finish', before its listeners run). */
  responseWritten(res: ServerResponse): void;
}

/** `uniqueHeaders` as given (names) → a set of lower-cased names, or null when not an array (Node). */
export function parseUniqueHeadersOption(headers: unknown): Set<string> | null {
  if (!Array.isArray(headers)) return null;
  const unique = new Set<string>();
  for (let i = 0; i < headers.length; i++) unique.add(String(headers[i]).toLowerCase());
  return unique;
}

type Entry = [string, HeaderValue];

/** RFC 9110 §5.3: a unique field goes out as one line, its list values joined with "; " (Node's choice). */
function joinUnique(fields: unknown, unique: Set<string>, store: boolean): OutgoingFields | unknown {
  const out: Entry[] = [];
  const push = (name: string, value: HeaderValue): void => {
    out.push([name, Array.isArray(value) && unique.has(name.toLowerCase()) ? value.join('; ') : value]);
  };
  if (!fields) return fields;
  if (store) {
    for (const entry of (fields as Map<string, Entry>).values()) push(entry[0], entry[1]);
  } else if (Array.isArray(fields)) {
    if (fields.length && Array.isArray(fields[0])) for (const e of fields as Entry[]) push(e[0], e[1]);
    else return fields; // flat arrays are validated (and rejected when odd) by composeHead itself
  } else {
    const o = fields as Record<string, HeaderValue>;
    for (const key of Object.keys(o)) push(key, o[key]);
  }
  return out;
}

/**
 * A response, as Node's `http.ServerResponse` (see `@purehttp/outgoing-message`
 * for the API). Works standalone: `new ServerResponse(req)`.
 */
export class ServerResponse extends BaseServerResponse {
  /** Lower-cased names of fields that must be sent as one line (the server's `uniqueHeaders`). */
  [kUniqueHeaders]: Set<string> | null = null;
  [kRejectNonStandardBodyWrites]: boolean;
  [kConnection]: ResponseOwner | null = null;

  constructor(req: RequestLike, options?: ServerResponseOptions) {
    super(req, options);
    this[kRejectNonStandardBodyWrites] = options?.rejectNonStandardBodyWrites ?? false;
    // remembered for frameworks that swap our prototype for one built on node:http's (node-prototypes.ts)
    (this as { [kOwnPrototype]?: object })[kOwnPrototype] = Object.getPrototypeOf(this) as object;
  }

  override _storeHeader(firstLine: string, fields: Parameters<BaseServerResponse['_storeHeader']>[1]): void {
    const unique = this[kUniqueHeaders];
    if (unique !== null && unique.size > 0 && fields) {
      fields = joinUnique(fields, unique, fields === this.store) as OutgoingFields;
    }
    super._storeHeader(firstLine, fields);
  }

  override _finish(): void {
    super._finish();
    const owner = this[kConnection];
    if (owner !== null) owner.responseEnded(this);
  }

  protected override _beforeFinish(): void {
    const owner = this[kConnection];
    if (owner !== null) owner.responseWritten(this);
  }

  override write(chunk: Chunk, encoding?: BufferEncoding | ((err?: Error | null) => void) | null, callback?: (err?: Error | null) => void): boolean {
    if (this[kRejectNonStandardBodyWrites]) this.checkBodyAllowed(chunk);
    return super.write(chunk, encoding, callback);
  }

  override end(chunk?: Chunk | ((err?: Error | null) => void) | null, encoding?: BufferEncoding | ((err?: Error | null) => void) | null, callback?: (err?: Error | null) => void): this {
    if (this[kRejectNonStandardBodyWrites] && chunk && typeof chunk !== 'function') this.checkBodyAllowed(chunk);
    return super.end(chunk, encoding, callback);
  }

  /** RFC 9110 §9.3.2, §15.3.5, §15.4.5: HEAD, 204 and 304 (and 1xx) responses have no content. */
  private checkBodyAllowed(chunk: Chunk): void {
    if (chunk === null || chunk === undefined || this.finished) return;
    const status = this.statusCode;
    const noBody = !this._hasBody || (this._header === null && (status === 204 || status === 304 || status < 200));
    if (noBody) throw httpError('ERR_HTTP_BODY_NOT_ALLOWED');
  }
}
