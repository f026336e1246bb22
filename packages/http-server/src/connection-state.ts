// Theory of operation — the life of one HTTP/1.1 server connection, sans I/O.
//
// A connection reads requests and writes responses, in order (RFC 9112 §9.3.2:
// a server MUST send its responses in the order the requests were received).
// With pipelining the two sides overlap: the head of request n+1 may be read
// while the response to request n is still being written. So the state below
// is the *reading* side; the writing side is one counter, `pending`: requests
// whose response has not finished yet.
//
//   HEAD        reading a request head (also: a new connection, before any
//               byte — Node counts it as active so that a client that
//               connects and says nothing still meets headersTimeout)
//   BODY        head done, reading its body
//   RESPONDING  nothing being read; responses pending
//   IDLE        nothing being read, nothing pending (the keep-alive wait)
//   MUST_CLOSE  no further request will be read; the connection ends once
//               `pending` is 0 (a request or response said `close`, the
//               peer ended its side, or the server is closing)
//   UPGRADED    the socket now speaks another protocol (101, CONNECT): HTTP
//               has no more say over it
//   CLOSED      the socket is gone
//
// Transitions (one table, below; `~` = computed: IDLE when nothing is
// pending, else RESPONDING):
//
//   event \ state   HEAD        BODY        RESPONDING  IDLE        MUST_CLOSE  UPGRADED CLOSED
//   BEGIN           HEAD        ·           HEAD        HEAD        ·           ·        ·
//   HEAD_DONE       BODY        ·           ·           ·           ·           ·        ·
//   BODY_DONE       ·           ~           ·           ·           ·           ·        ·
//   RESPONSE_DONE   HEAD        BODY        ~           ·           MUST_CLOSE  ·        ·
//   LAST_RESPONSE   MUST_CLOSE  MUST_CLOSE  MUST_CLOSE  ·           MUST_CLOSE  ·        ·
//   CLOSE_AFTER     HEAD*       BODY*       MUST_CLOSE  MUST_CLOSE  MUST_CLOSE  ·        ·
//   UPGRADE         UPGRADED    ·           ·           ·           ·           ·        ·
//   SOCKET_CLOSED   CLOSED      CLOSED      CLOSED      CLOSED      CLOSED      CLOSED   CLOSED
//
// "·" is an event that cannot happen in that state; the machine ignores it
// (returns false) rather than throwing: a server must not crash on any
// input, and the socket glue treats false as "nothing to do".
//
// BODY_DONE after a head that asked to close (HTTP/1.0 without keep-alive,
// `Connection: close`) goes to MUST_CLOSE instead: RFC 9112 §9.6, the
// server must not read further requests on that connection. (*) CLOSE_AFTER
// while a request is being received lets it finish arriving first: it only
// sets `closeAfterRequest`, and BODY_DONE then goes to MUST_CLOSE.
//
// Read flow control is a pure function of the state and three holds, each
// owned by one party: `bodyFull` (the request's readable buffer is over its
// highWaterMark), `writeFull` (the socket's write buffer or the queued
// responses are over the highWaterMark) and `pipelineFull` (PIPELINE_LIMIT
// requests are unanswered: pending, and their response not ended yet). A
// response that has ended but not finished (its bytes are with the socket,
// or queued behind it) no longer counts against the limit: writeFull bounds
// those bytes. So a pipelined batch answered at once never trips the limit,
// however long the batch. The glue pauses the socket whenever canRead()
// is false: a client that floods requests or never reads responses cannot
// make the server buffer without bound.
//
// Timeouts (Node's headersTimeout and requestTimeout) run from the first
// byte of a request (`startedAt`, stamped at BEGIN) and apply while it is
// being received: HEAD meets both, BODY only requestTimeout. expired() is
// asked every connectionsCheckingInterval by the server's checker.

/** Reading-side states (see the theory of operation). */
export const State = {
  HEAD: 0,
  BODY: 1,
  RESPONDING: 2,
  IDLE: 3,
  MUST_CLOSE: 4,
  UPGRADED: 5,
  CLOSED: 6,
} as const;
export type State = (typeof State)[keyof typeof State];

/** What happens to a connection. */
export const Event = {
  BEGIN: 0,
  HEAD_DONE: 1,
  BODY_DONE: 2,
  RESPONSE_DONE: 3,
  LAST_RESPONSE: 4,
  CLOSE_AFTER: 5,
  UPGRADE: 6,
  SOCKET_CLOSED: 7,
} as const;
export type Event = (typeof Event)[keyof typeof Event];

/** Most requests a connection reads ahead of its responses (parsed but unanswered). */
export const PIPELINE_LIMIT = 16;

const X = -1; // cannot happen
const SETTLE = -2; // IDLE when nothing is pending, else RESPONDING
const { HEAD, BODY, RESPONDING, IDLE, MUST_CLOSE, UPGRADED, CLOSED } = State;

/** NEXT[state][event]: the transition table of the theory of operation, row by state. */
const NEXT: readonly (readonly number[])[] = [
  //            BEGIN  HEAD_DONE BODY_DONE RESPONSE_DONE LAST_RESPONSE CLOSE_AFTER  UPGRADE   SOCKET_CLOSED
  /* HEAD */       [HEAD, BODY,     X,        HEAD,         MUST_CLOSE,   HEAD,       UPGRADED, CLOSED],
  /* BODY */       [X,    X,        SETTLE,   BODY,         MUST_CLOSE,   BODY,       X,        CLOSED],
  /* RESPONDING */ [HEAD, X,        X,        SETTLE,       MUST_CLOSE,   MUST_CLOSE, X,        CLOSED],
  /* IDLE */       [HEAD, X,        X,        X,            X,            MUST_CLOSE, X,        CLOSED],
  /* MUST_CLOSE */ [X,    X,        X,        MUST_CLOSE,   MUST_CLOSE,   MUST_CLOSE, X,        CLOSED],
  /* UPGRADED */   [X,    X,        X,        X,            X,            X,          X,        CLOSED],
  /* CLOSED */     [X,    X,        X,        X,            X,            X,          X,        CLOSED],
];

/**
 * One connection's lifecycle: the state, the count of pending responses, the
 * read holds and the request clock. No I/O: the socket glue (connection.ts)
 * reports events and acts on the answers.
 */
export class ConnectionState {
  state: State = HEAD;
  /** Requests whose response has not finished. */
  pending = 0;
  /** Of those, the ones whose response has ended (everything handed to the socket or queued for it). */
  ended = 0;
  /** When the request being received began (ms since epoch); 0 when none is. */
  startedAt: number;
  /** Read no request after the one being received (it asked to close, RFC 9112 §9.6; or the server is closing). */
  closeAfterRequest = false;
  /** Holds on reading (see the theory of operation). */
  bodyFull = false;
  writeFull = false;
  pipelineFull = false;

  constructor(now: number) {
    this.startedAt = now;
  }

  /** Applies `event`; false when it cannot happen in this state (nothing changes then). */
  on(event: Event): boolean {
    let next = NEXT[this.state][event];
    if (next === X) return false;
    if (next === SETTLE) next = this.closeAfterRequest ? MUST_CLOSE : this.pending === 0 ? IDLE : RESPONDING;
    this.state = next as State;
    return true;
  }

  /** A request's first byte arrived. */
  begin(now: number): boolean {
    if (!this.on(Event.BEGIN)) return false;
    this.startedAt = now;
    return true;
  }

  /** A request head is complete; `keepAlive` false: read no request after this one. */
  headDone(keepAlive: boolean): boolean {
    if (!this.on(Event.HEAD_DONE)) return false;
    this.pending++;
    this.updatePipelineFull();
    if (!keepAlive) this.closeAfterRequest = true;
    return true;
  }

  /** The request body is complete: the request is no longer being received. */
  bodyDone(): boolean {
    if (!this.on(Event.BODY_DONE)) return false;
    this.startedAt = 0;
    return true;
  }

  /** A pending response ended: its request is answered, though its bytes may not be written yet. */
  responseEnded(): void {
    if (this.ended < this.pending) this.ended++;
    this.updatePipelineFull();
  }

  /**
   * A response finished; `last`: it was the connection's last (Connection:
   * close); `ended`: responseEnded() was reported for it.
   */
  responseDone(last: boolean, ended: boolean): boolean {
    if (this.pending > 0) this.pending--;
    if (ended && this.ended > 0) this.ended--;
    this.updatePipelineFull();
    // A last response (Connection: close) ends the connection whatever was under way.
    return this.on(last ? Event.LAST_RESPONSE : Event.RESPONSE_DONE);
  }

  /** No request after the current ones (peer ended, server closing, a response said close). */
  closeAfter(): boolean {
    const s = this.state;
    if (s === HEAD || s === BODY) this.closeAfterRequest = true;
    return this.on(Event.CLOSE_AFTER);
  }

  /** The request switched protocols: the socket leaves HTTP. */
  upgrade(): boolean {
    return this.on(Event.UPGRADE);
  }

  closed(): void {
    this.on(Event.SOCKET_CLOSED);
  }

  private updatePipelineFull(): void {
    this.pipelineFull = this.pending - this.ended >= PIPELINE_LIMIT;
  }

  /** Whether the socket may be read now. */
  canRead(): boolean {
    const s = this.state;
    return s <= IDLE && !this.bodyFull && !this.writeFull && !this.pipelineFull;
  }

  /** No request is being received (Node's "idle" for closeIdleConnections: the response may still be running). */
  isIdle(): boolean {
    return this.state >= RESPONDING && this.state <= MUST_CLOSE && this.startedAt === 0;
  }

  /** Nothing read, nothing pending: the connection waits for a next request (keep-alive). */
  isQuiet(): boolean {
    return this.state === IDLE;
  }

  /** The connection is done: nothing pending and no further request will be read. */
  shouldEnd(): boolean {
    return this.state === MUST_CLOSE && this.pending === 0;
  }

  /**
   * Whether the request being received is over time: its head took longer than
   * `headersTimeout`, or the whole request longer than `requestTimeout`
   * (0 disables either). Node's ConnectionsList.expired().
   */
  expired(now: number, headersTimeout: number, requestTimeout: number): boolean {
    const start = this.startedAt;
    if (start === 0) return false;
    const s = this.state;
    if (s === HEAD && headersTimeout > 0 && now - start > headersTimeout) return true;
    return (s === HEAD || s === BODY) && requestTimeout > 0 && now - start > requestTimeout;
  }
}
