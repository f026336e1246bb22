// What a connection needs of its server: the settings, the Node-visible
// properties (read at each use, so that changing them after createServer
// takes effect, as in Node), its events and its connection registry. An
// interface, so that connection.ts does not import the server class.
import type { HttpSettings } from './options.js';
import type { HttpServerEventMap } from './events.js';
import type { Connection } from './connection.js';

/** The settings a server also exposes as properties (Node's names and types, so the list is taken from HttpSettings). */
type LiveSettings = Pick<
  HttpSettings,
  | 'keepAliveTimeout' | 'maxRequestsPerSocket' | 'requireHostHeader' | 'strictHost' | 'strictRequestTarget'
  | 'joinDuplicateHeaders' | 'rejectNonStandardBodyWrites' | 'insecureHTTPParser' | 'maxHeaderSize'
>;

export interface ConnectionHost extends LiveSettings {
  readonly settings: HttpSettings;
  /** Set by close(): responses stop offering keep-alive, connections end after their last response. */
  readonly closing: boolean;
  timeout: number;
  maxHeadersCount: number | null;
  emit<K extends keyof HttpServerEventMap>(event: K, ...args: HttpServerEventMap[K]): boolean;
  listenerCount(event: keyof HttpServerEventMap): number;
  /** The connection is gone (closed or handed over): stop tracking it. */
  forget(conn: Connection): void;
}
