// @purehttp/http-server: the public surface at a glance.
import { HTTPParser, DEFAULT_MAX_HEADER_SIZE } from '@purehttp/http-parser';
import { CallableServer, type Server as ServerClass } from './server.js';
import type { HttpServerEventMap } from './events.js';
import type { NetServerEventMap, KeepsPayloads } from '@purehttp/net-server';

export { createServer, type RequestListener } from './server.js';
export { createSecureServer, SecureServer, type SecureServerOptions } from './https.js';
export { IncomingMessage } from './incoming-message.js';
export { ServerResponse, type ServerResponseOptions } from './server-response.js';
export { OutgoingMessage, STATUS_CODES, validateHeaderName, validateHeaderValue } from '@purehttp/outgoing-message';
export type { ServerOptions } from './options.js';
export type { HttpServerEventMap, HttpsServerEventMap } from './events.js';
export type { IncomingHttpHeaders } from './headers.js';
export { HttpServerError, HttpServerTypeError, HttpServerRangeError, ERROR_CODES, type HttpServerErrorCode } from './errors.js';
export { ConnectionState, State as ConnectionStates, PIPELINE_LIMIT } from './connection-state.js';

/** The HTTP server class, callable with or without `new` (Node's `http.Server`). */
export const Server = CallableServer;
/** An HTTP server instance. */
export type Server<
  E extends HttpServerEventMap & Record<keyof E, unknown[]> & KeepsPayloads<E, NetServerEventMap> = HttpServerEventMap,
> = ServerClass<E>;

/** The methods the parser knows, sorted (Node's `http.METHODS`). */
export const METHODS: readonly string[] = [...HTTPParser.methods].sort();

/** The largest request head accepted by default, in bytes (Node's `http.maxHeaderSize`). */
export const maxHeaderSize: number = DEFAULT_MAX_HEADER_SIZE;
