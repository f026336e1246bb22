// The options of createServer, their defaults and their validation, as Node's
// storeHTTPOptions (lib/_http_server.js). Kept apart from the server so the
// HTTP and HTTPS servers share them.
import { httpError, describe } from './errors.js';
import { IncomingMessage } from './incoming-message.js';
import { ServerResponse } from './server-response.js';
import { parseUniqueHeadersOption } from './server-response.js';

/** Options of {@link createServer} (node:http's ServerOptions). */
export interface ServerOptions {
  /** Class of requests (must extend IncomingMessage). */
  IncomingMessage?: typeof IncomingMessage;
  /** Class of responses (must extend ServerResponse). */
  ServerResponse?: typeof ServerResponse;
  /** ms to receive a whole request; 0 disables. Default 300000. */
  requestTimeout?: number;
  /** ms to receive a request head; 0 disables. Default min(60000, requestTimeout). */
  headersTimeout?: number;
  /** ms an idle keep-alive connection is kept. Default 5000. */
  keepAliveTimeout?: number;
  /** ms between checks of headersTimeout/requestTimeout. Default 30000. */
  connectionsCheckingInterval?: number;
  /** Most bytes of a request head (and of a trailer section). Default 16384. */
  maxHeaderSize?: number;
  /** Lenient parsing (every lenient flag but header_value_relaxed). Default: --insecure-http-parser. */
  insecureHTTPParser?: boolean;
  /** Join repeated single-valued fields with ", " instead of keeping the first. Default false. */
  joinDuplicateHeaders?: boolean;
  /** Answer 400 to an HTTP/1.1 request without Host (RFC 9112 §3.2). Default true. */
  requireHostHeader?: boolean;
  /** Answer 400 to more than one Host line or an invalid Host value (RFC 9110 §7.2). Default true. */
  strictHost?: boolean;
  /** Answer 400 to the asterisk form (`*`) with a method other than OPTIONS (RFC 9112 §3.2.4). Default true. */
  strictRequestTarget?: boolean;
  /** Most requests per connection; 0: no limit. Default 0. */
  maxRequestsPerSocket?: number;
  /** TCP_NODELAY on accepted sockets. Default true. */
  noDelay?: boolean;
  /** TCP keep-alive on accepted sockets. Default false. */
  keepAlive?: boolean;
  /** TCP keep-alive initial delay in ms. Default 0. */
  keepAliveInitialDelay?: number;
  /** highWaterMark of accepted sockets (and so of requests and responses). */
  highWaterMark?: number;
  /** Field names sent as one line, list values joined with "; ". */
  uniqueHeaders?: string[];
  /** Throw on body writes to responses that have no content (HEAD, 204, 304). Default false. */
  rejectNonStandardBodyWrites?: boolean;
}

/** The HTTP settings of a server, resolved from its options. */
export interface HttpSettings {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
  maxHeaderSize: number | undefined;
  insecureHTTPParser: boolean | undefined;
  requestTimeout: number;
  headersTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
  requireHostHeader: boolean;
  strictHost: boolean;
  strictRequestTarget: boolean;
  joinDuplicateHeaders: boolean | undefined;
  rejectNonStandardBodyWrites: boolean;
  maxRequestsPerSocket: number;
  uniqueHeaders: Set<string> | null;
}

function integer(value: unknown, name: string): number {
  if (typeof value !== 'number') throw httpError('ERR_INVALID_ARG_TYPE', name, 'of type number.' + describe(value));
  if (!Number.isInteger(value)) throw httpError('ERR_OUT_OF_RANGE', name, 'an integer', value);
  if (value < 0) throw httpError('ERR_OUT_OF_RANGE', name, '>= 0 && <= 9007199254740991', value);
  return value;
}

function boolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw httpError('ERR_INVALID_ARG_TYPE', name, 'of type boolean.' + describe(value));
  return value;
}

/** Validates `options` and fills in Node's defaults. Throws Node's errors for bad values. */
export function resolveOptions(options: ServerOptions): HttpSettings {
  const maxHeaderSize = options.maxHeaderSize === undefined ? undefined : integer(options.maxHeaderSize, 'maxHeaderSize');
  const insecure = options.insecureHTTPParser === undefined ? undefined : boolean(options.insecureHTTPParser, 'options.insecureHTTPParser');
  const requestTimeout = options.requestTimeout === undefined ? 300_000 : integer(options.requestTimeout, 'requestTimeout');
  const headersTimeout = options.headersTimeout === undefined ? Math.min(60_000, requestTimeout) : integer(options.headersTimeout, 'headersTimeout');
  // Node: a head cannot be given longer than the whole request.
  if (requestTimeout > 0 && headersTimeout > 0 && headersTimeout > requestTimeout) {
    throw httpError('ERR_OUT_OF_RANGE', 'headersTimeout', '<= requestTimeout', headersTimeout);
  }
  return {
    IncomingMessage: options.IncomingMessage ?? IncomingMessage,
    ServerResponse: options.ServerResponse ?? ServerResponse,
    maxHeaderSize,
    insecureHTTPParser: insecure,
    requestTimeout,
    headersTimeout,
    keepAliveTimeout: options.keepAliveTimeout === undefined ? 5_000 : integer(options.keepAliveTimeout, 'keepAliveTimeout'),
    connectionsCheckingInterval: options.connectionsCheckingInterval === undefined
      ? 30_000 : integer(options.connectionsCheckingInterval, 'connectionsCheckingInterval'),
    requireHostHeader: options.requireHostHeader === undefined ? true : boolean(options.requireHostHeader, 'options.requireHostHeader'),
    strictHost: options.strictHost === undefined ? true : boolean(options.strictHost, 'options.strictHost'),
    strictRequestTarget: options.strictRequestTarget === undefined ? true : boolean(options.strictRequestTarget, 'options.strictRequestTarget'),
    joinDuplicateHeaders: options.joinDuplicateHeaders === undefined ? undefined : boolean(options.joinDuplicateHeaders, 'options.joinDuplicateHeaders'),
    rejectNonStandardBodyWrites: options.rejectNonStandardBodyWrites === undefined
      ? false : boolean(options.rejectNonStandardBodyWrites, 'options.rejectNonStandardBodyWrites'),
    maxRequestsPerSocket: options.maxRequestsPerSocket === undefined ? 0 : integer(options.maxRequestsPerSocket, 'maxRequestsPerSocket'),
    uniqueHeaders: parseUniqueHeadersOption(options.uniqueHeaders),
  };
}

/** Node's --insecure-http-parser, the default of insecureHTTPParser. */
export const insecureByDefault: boolean =
  process.execArgv.includes('--insecure-http-parser') || /(?:^|\s)--insecure-http-parser(?:\s|$)/.test(process.env.NODE_OPTIONS ?? '');
