// headersTimeout and requestTimeout, checked the way Node checks them: one
// unref'd interval per server (every connectionsCheckingInterval ms) asks
// each connection whether the request it is receiving is over time, and an
// expired one is answered 408 and closed (through clientError, so a
// 'clientError' listener may take over). One timer for all connections
// instead of one per request keeps the hot path free of timer churn; the
// price is precision: a request expires up to one interval late.
import type { Connection } from './connection.js';

/** What the checker reads from its server. */
export interface TimeoutSettings {
  headersTimeout: number;
  requestTimeout: number;
}

/** The periodic check of a server's connections. */
export class ConnectionsChecker {
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #server: TimeoutSettings;
  readonly #connections: Set<Connection>;

  constructor(server: TimeoutSettings, connections: Set<Connection>) {
    this.#server = server;
    this.#connections = connections;
  }

  /** (Re)starts checking every `interval` ms (0: never). */
  start(interval: number): void {
    this.stop();
    if (interval > 0) this.#timer = setInterval(() => this.check(), interval).unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One round: expire every connection whose request is over time. */
  check(now = Date.now()): void {
    const { headersTimeout, requestTimeout } = this.#server;
    if (headersTimeout === 0 && requestTimeout === 0) return;
    for (const conn of [...this.#connections]) {
      if (conn.state.expired(now, headersTimeout, requestTimeout)) conn.requestTimedOut();
    }
  }
}
