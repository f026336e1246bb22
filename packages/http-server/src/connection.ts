// The socket glue of one HTTP connection: it feeds socket bytes to a pooled
// parser, turns parser callbacks into IncomingMessage / ServerResponse pairs
// and server events, and reports everything that happens to the connection's
// state machine (connection-state.ts), acting on its answers: pause or resume
// the socket, arm the keep-alive timer, end the connection.
//
// Node's shape (lib/_http_server.js connectionListenerInternal): `incoming`
// holds the requests whose response has not finished, oldest first;
// `outgoing` the responses waiting for the socket while an earlier one writes
// (RFC 9112 §9.3.2: responses go out in request order). The parser's return
// codes are control flow, as in undici: PAUSED (too many requests ahead of
// their responses) keeps the unparsed rest in `held`; an upgrade offset hands
// the rest over with the socket.
//
// Client errors (parse errors, heads refused by request-checks.ts, timeouts)
// go to 'clientError'; without a listener the canned answer waits behind the
// responses to earlier pipelined requests (deferredStatus), so that a client
// never reads it as the answer to one of them.
//
// One write per batch: the socket is corked while a chunk is parsed, and a
// response that has ended hands the socket to the next one at once
// (responseEnded) instead of at 'finish', so the responses to a pipelined
// batch answered in one tick leave in one writev. Node writes each
// separately. Only while the socket's buffer has room: a client that does
// not read still stops us (backpressure, as before).
//
// No closures per connection or request: the socket's listeners and the
// responses' hooks are shared functions that find their connection through
// the socket (kConn) or the response (kConnection). Between requests the
// parser goes back to the pool (parkParser): an idle keep-alive connection
// holds no parser.
//
// Reads land in one buffer shared by every connection (shared-reads.ts), as
// node:http's C++ parser reads: a chunk is only valid while it is parsed, so
// the bytes a connection keeps (body pieces, held requests, an upgrade's
// head, a client error's rawPacket) are copied with own().
import type { Socket } from 'node:net';
import { ERROR, HTTPParser, HTTPParserError } from '@purehttp/http-parser';
import { ConnectionState, State } from './connection-state.js';
import { clientErrorResponse, clientErrorStatus } from './client-error.js';
import { connReset, httpError } from './errors.js';
import { checkRequestHead, type RequestCheckReason } from './request-checks.js';
import { kSource, type BodySource, type IncomingMessage } from './incoming-message.js';
import { allocParser, freeParser, type ParserOwner, type RequestParser } from './parsers.js';
import { kConnection, kUniqueHeaders, type ResponseOwner, type ServerResponse } from './server-response.js';
import { handOver } from './upgrade.js';
import { own, readIntoSharedBuffer, releaseSharedBuffer } from './shared-reads.js';
import { insecureByDefault } from './options.js';
import type { ConnectionHost } from './server-host.js';

// Read once (in the CommonJS build each use of an import is a getter call).
const { PAUSED, PAUSED_H2_UPGRADE, HEADER_OVERFLOW } = ERROR;
const ALL_METHODS: readonly string[] = HTTPParser.allMethods;
const { REQUEST, kLenientAll, kLenientNone } = HTTPParser;
/** Body bytes read and thrown away after the response finished, before the connection is closed instead (as Go's server). */
export const DUMP_LIMIT = 256 * 1024;
/** Node: the socket timeout runs this much longer than the announced keep-alive timeout, so that the client closes first. */
const KEEP_ALIVE_TIMEOUT_BUFFER = 1000;
/** RFC 9110 §10.1.1: the 100-continue expectation, matched as Node does. */
const RE_CONTINUE = /(?:^|\W)100-continue(?:$|\W)/i;
const VERSIONS: Record<number, string> = { 0x100: '1.0', 0x101: '1.1', 0x9: '0.9' };

/** What a refused head's error carries besides its code (the shape of a parse error). */
interface RejectedHead {
  reason: RequestCheckReason;
  status: number;
  bytesParsed: number;
  rawPacket: Buffer;
}

/** Where a served socket keeps its connection, for the shared listeners below. */
const kConn = Symbol('purehttp.connection');

type HttpSocket = Socket & {
  [kConn]?: Connection | null;
  server?: unknown;
  parser?: unknown;
  _httpMessage?: ServerResponse | null;
  destroySoon?: () => void;
};

function socketSetEncoding(): never {
  // RFC 9112 §2.2: HTTP/1.1 is octets; a decoded socket would break framing.
  throw httpError('ERR_HTTP_SOCKET_ENCODING');
}

// The socket's listeners, shared by every connection (no closures per
// connection: an idle connection is a few hundred bytes lighter).
function socketOnData(this: HttpSocket, chunk: Buffer): void {
  this[kConn]?.receive(chunk);
}
/** A read into the shared buffer (shared-reads.ts): the bytes are only valid during this call. */
function socketOnSharedRead(this: HttpSocket, nread: number, buffer: Buffer): void {
  this[kConn]?.receive(buffer.subarray(0, nread));
}
function socketOnEnd(this: HttpSocket): void {
  this[kConn]?.peerEnded();
}
function socketOnClose(this: HttpSocket): void {
  this[kConn]?.socketClosed();
}
function socketOnDrain(this: HttpSocket): void {
  this[kConn]?.socketDrained();
}
function socketOnError(this: HttpSocket, err: Error): void {
  this[kConn]?.clientError(err, true);
}
function socketOnTimeout(this: HttpSocket): void {
  this[kConn]?.timedOut();
}
function resumeHeldNT(conn: Connection): void {
  conn.resumeScheduled = false;
  conn.updateReading();
}
/** A response's `_onPendingData` (called on the response). */
function responsePendingData(this: ServerResponse, delta: number): void {
  (this[kConnection] as Connection | null)?.pendingData(delta);
}

/** Releases every cork (execute's and any under it): what they held is written now. */
function uncorkAll(socket: Socket): void {
  while (socket.writableCorked > 0) socket.uncork();
}

function emitCloseNT(res: ServerResponse): void {
  res._emitClose();
}


/** One accepted socket speaking HTTP/1.x. */
export class Connection implements ParserOwner, BodySource, ResponseOwner {
  readonly server: ConnectionHost;
  readonly socket: HttpSocket;
  readonly state: ConnectionState;
  parser: RequestParser | null;
  /** Requests whose response has not finished, oldest first. */
  readonly incoming: IncomingMessage[] = [];
  /** Responses waiting for the socket while an earlier one writes. */
  readonly outgoing: ServerResponse[] = [];
  /** Responses that handed the socket on before their last bytes were written (responseEnded), oldest first. */
  private readonly flushing: ServerResponse[] = [];
  /** The response holding the socket once it has ended (responseEnded), until it hands the socket on or finishes. */
  private endedHolder: ServerResponse | null = null;
  /** Bytes buffered in responses that wait for the socket (Node's outgoingData). */
  outgoingData = 0;
  /** HTTP/1.1 requests seen, for maxRequestsPerSocket. */
  requestsCount = 0;
  /** The socket timeout is the keep-alive wait (to be reset when a request comes). */
  keepAliveTimeoutSet = false;
  /** The request being received (head parsed, body not complete). */
  current: IncomingMessage | null = null;
  /** The request whose socket is handed over (Upgrade / CONNECT). */
  upgradeReq: IncomingMessage | null = null;
  /** Bytes read but not parsed yet (the parser was paused). */
  held: Buffer | null = null;
  /** We paused the socket. */
  paused = false;
  /** The parser went back to the pool while the connection waits for a next request (parkParser). */
  private parked = false;
  /** Inside parser.execute (no re-entry). */
  executing = false;
  /** An earlier chunk of the head being received had a line break. */
  headLF = false;
  /** The head overflow happened inside the request line (answered 414, not 431). */
  inRequestLine = false;
  /** Body bytes thrown away after the response finished. */
  dumped = 0;
  /** Why request-checks.ts refused the head just parsed (the parser is paused on it). */
  rejected: RequestCheckReason | null = null;
  private errored = false;
  /** A client error waits for the responses to earlier pipelined requests: its canned status (0: none). */
  private deferredStatus = 0;
  private deferredError: Error | null = null;
  /** Requests (and their responses) dropped by abandon(), closed with the socket. */
  private readonly abandoned: (IncomingMessage | ServerResponse)[] = [];
  private trailers: string[] | null = null;
  resumeScheduled = false;

  /** A response's change in bytes buffered while it waits for the socket (Node's outgoingData). */
  pendingData(delta: number): void {
    this.outgoingData += delta;
    this.socketDrained();
  }

  constructor(server: ConnectionHost, socket: Socket) {
    this.server = server;
    this.socket = socket as HttpSocket;
    this.state = new ConnectionState(Date.now());
    this.parser = this.takeParser();
  }

  /** A pooled parser, set up for this connection. */
  private takeParser(): RequestParser {
    const server = this.server;
    const parser = allocParser();
    const lenient = server.insecureHTTPParser ?? insecureByDefault;
    parser.initialize(REQUEST, undefined, server.maxHeaderSize || 0, lenient ? kLenientAll : kLenientNone);
    parser.owner = this;
    parser.socket = this.socket;
    return parser;
  }

  /**
   * Between requests (keep-alive) the parser holds nothing: it goes back to
   * the pool and the next request's first bytes take one again. An idle
   * connection then costs no parser (~1.3 KiB of heap), and a server with
   * many idle clients reuses a few warm parsers.
   */
  private parkParser(): void {
    const parser = this.parser;
    if (parser === null || this.executing || this.held !== null || this.errored || !this.state.isQuiet()) return;
    this.parser = null;
    this.parked = true;
    this.socket.parser = null;
    freeParser(parser);
  }

  /** Neither serving HTTP nor waiting for a next request: closed, handed over. */
  private get gone(): boolean {
    return this.parser === null && !this.parked;
  }

  /** Starts serving the socket. */
  start(): void {
    const socket = this.socket;
    socket.server = this.server;
    socket.parser = this.parser;
    if (this.server.timeout) socket.setTimeout(this.server.timeout);
    socket[kConn] = this;
    socket.on('timeout', socketOnTimeout);
    // Reads go to the shared buffer where the runtime allows; 'data' still
    // carries anything pushed to the socket otherwise (and keeps it flowing).
    readIntoSharedBuffer(socket, socketOnSharedRead);
    socket.on('data', socketOnData);
    socket.on('error', socketOnError);
    socket.on('end', socketOnEnd);
    socket.on('close', socketOnClose);
    socket.on('drain', socketOnDrain);
    socket.setEncoding = socketSetEncoding;
  }

  /** Stops serving the socket (upgrade): our listeners go, the parser returns to the pool. */
  detach(): void {
    const socket = this.socket;
    releaseSharedBuffer(socket);
    socket.removeListener('data', socketOnData);
    socket.removeListener('end', socketOnEnd);
    socket.removeListener('close', socketOnClose);
    socket.removeListener('drain', socketOnDrain);
    socket.removeListener('error', socketOnError);
    socket.removeListener('timeout', socketOnTimeout);
    socket[kConn] = null;
    delete (socket as { setEncoding?: unknown }).setEncoding;
    socket.parser = null;
    this.releaseParser();
    this.paused = false;
    this.held = null;
  }

  private releaseParser(): void {
    this.parked = false;
    const parser = this.parser;
    if (parser === null) return;
    this.parser = null;
    if (this.executing) process.nextTick(freeParser, parser);
    else freeParser(parser);
  }

  // ---- reading ---------------------------------------------------------------
  // A chunk may be a view of the shared read buffer (shared-reads.ts): every
  // byte kept beyond the read (held, pushed, handed over) goes through own().

  receive(chunk: Buffer): void {
    if (this.errored) return; // after a client error nothing more is read
    if (this.parser === null) {
      if (!this.parked) return;
      this.parked = false;
      this.socket.parser = this.parser = this.takeParser();
    }
    const s = this.state.state;
    if (s >= State.MUST_CLOSE) return; // no further request is read (RFC 9112 §9.6)
    if (this.held !== null || !this.state.canRead()) {
      // Arrived while reading is held: keep it, in order, until reading resumes.
      this.held = this.held === null ? own(chunk) : Buffer.concat([this.held, chunk]);
      this.updateReading();
      return;
    }
    this.execute(chunk);
    this.updateReading();
  }

  /**
   * Parses `chunk` with the socket corked: the responses written while it is
   * parsed (a pipelined batch answered at once) leave in one write.
   */
  private execute(chunk: Buffer): void {
    const socket = this.socket;
    socket.cork();
    try {
      this.executeCorked(chunk);
    } finally {
      socket.uncork();
    }
  }

  /** Parses `chunk`, acting on the parser's return codes. */
  private executeCorked(chunk: Buffer): void {
    let buf = chunk;
    for (;;) {
      const parser = this.parser;
      if (parser === null) return;
      this.executing = true;
      let ret: number;
      try {
        ret = parser.executeBytes(buf);
      } catch (err) {
        // A listener threw (a 'request' handler, say): as in Node the error
        // goes on to the process, and this connection is beyond repair.
        this.executing = false;
        this.socket.destroy();
        throw err;
      }
      this.executing = false;
      const errno = parser.errno;
      if (errno !== 0) {
        if (errno === PAUSED && this.rejected !== null) {
          // A head request-checks.ts refused: a client error, as a parse error
          // is (the parser stays paused: nothing after that head is read).
          const reason = this.rejected;
          this.rejected = null;
          const shape: RejectedHead = { reason, status: 400, bytesParsed: ret, rawPacket: own(buf) };
          const err = Object.assign(httpError('ERR_HTTP_SERVER_INVALID_REQUEST', reason), shape);
          this.clientError(err);
          return;
        }
        if (errno === PAUSED) {
          // Pipeline limit or output backed up (onHeadersComplete): the rest waits until reading may go on (updateReading).
          parser.resume();
          if (ret < buf.length) this.held = own(buf.subarray(ret));
          return;
        }
        if (errno === PAUSED_H2_UPGRADE) {
          // The HTTP/2 preface (RFC 9113 §3.4): not ours to speak; Node destroys the socket.
          this.socket.destroy();
          return;
        }
        const err = new HTTPParserError(errno, parser.reason, ret) as HTTPParserError & { rawPacket?: Buffer };
        err.rawPacket = own(buf);
        if (errno === HEADER_OVERFLOW) this.inRequestLine = this.overflowInRequestLine(buf, ret);
        this.clientError(err);
        return;
      }
      // A head still under way: remember whether its lines began (see overflowInRequestLine).
      if (this.state.state === State.HEAD && this.state.startedAt !== 0 && !this.headLF) this.headLF = buf.includes(10);
      const upgraded = this.upgradeReq;
      if (upgraded !== null) {
        this.upgradeReq = null;
        uncorkAll(this.socket); // the other protocol's owner gets a plain socket
        handOver(this, upgraded, own(buf.subarray(ret)));
        return;
      }
      if (ret >= buf.length) return;
      // An upgrade request served as a normal request (no 'upgrade' listener)
      // stops the parser where the other protocol would begin. What follows
      // is HTTP again (Node drops the rest of that chunk; we parse it).
      buf = buf.subarray(ret);
      if (this.state.state >= State.MUST_CLOSE) return;
      if (!this.state.canRead()) {
        this.held = own(buf);
        return;
      }
    }
  }

  /**
   * Whether a head overflow is the request line's fault (RFC 9110 §15.5.15:
   * 414 URI Too Long): its first line alone is longer than maxHeaderSize.
   * The head is taken to start at the chunk's start, unless an earlier chunk
   * held part of it (`headLF`: it had a line break). When one chunk held the
   * end of an earlier request too, the first line found is that request's,
   * and the answer is 431, as Node's.
   */
  private overflowInRequestLine(buf: Buffer, at: number): boolean {
    if (this.headLF) return false;
    const lf = buf.subarray(0, at).indexOf(10);
    return lf === -1 || lf > (this.server.maxHeaderSize || 16384);
  }

  /** Pauses or resumes the socket as the state machine says; parses held bytes when reading may go on. */
  updateReading(): void {
    const state = this.state;
    if (this.gone) return;
    if (state.canRead()) {
      if (this.held !== null && !this.executing) {
        const held = this.held;
        this.held = null;
        this.execute(held);
        if (!state.canRead() || this.gone) {
          this.pauseSocket();
          return;
        }
      }
      if (this.paused && this.held === null) {
        this.paused = false;
        this.socket.resume();
      }
    } else this.pauseSocket();
  }

  private pauseSocket(): void {
    if (!this.paused && !this.gone) {
      this.paused = true;
      this.socket.pause();
    }
  }

  /** The request's consumer wants more body (IncomingMessage#_read). */
  readStart(): void {
    if (this.state.bodyFull) {
      this.state.bodyFull = false;
      this.scheduleResume();
    }
  }

  private scheduleResume(): void {
    if (this.resumeScheduled) return;
    this.resumeScheduled = true;
    process.nextTick(resumeHeldNT, this);
  }

  // ---- parser callbacks --------------------------------------------------------

  onMessageBegin(): void {
    this.state.begin(Date.now());
  }

  onHeadersComplete(
    major: number, minor: number, headers: string[], method: number, url: string,
    _statusCode: undefined, _statusMessage: undefined, upgrade: boolean, keepAlive: boolean,
  ): number {
    const server = this.server;
    // RFC 9112 / 9110 MUSTs on a well-framed head (request-checks.ts): refused heads never become requests.
    const rejected = checkRequestHead(server, major, minor, headers, method, url);
    if (rejected !== null) {
      this.rejected = rejected;
      return PAUSED;
    }
    const settings = server.settings;
    const req = new settings.IncomingMessage(this.socket);
    req.httpVersionMajor = major;
    req.httpVersionMinor = minor;
    req.httpVersion = VERSIONS[(major << 8) | minor] ?? `${major}.${minor}`;
    req.joinDuplicateHeaders = server.joinDuplicateHeaders ?? false;
    req.url = url;
    req.upgrade = upgrade;
    let n = headers.length;
    const max = server.maxHeadersCount;
    if (typeof max === 'number' && max > 0 && n > max * 2) n = max * 2;
    req._addHeaderLines(headers, n);
    req.method = ALL_METHODS[method];
    req[kSource] = this;
    this.current = req;
    this.headLF = false;
    return this.onIncoming(req, keepAlive);
  }

  onBody(chunk: Buffer): void {
    const req = this.current;
    if (req === null) return;
    if (req._dumped) {
      // The response is done; the rest of the body is read and thrown away
      // so the connection can carry the next request — up to a limit.
      this.dumped += chunk.length;
      if (this.dumped > DUMP_LIMIT && this.state.closeAfter()) this.endSoon();
      return;
    }
    if (!req.push(own(chunk))) {
      this.state.bodyFull = true;
      this.pauseSocket();
    }
  }

  onTrailers(trailers: string[]): void {
    this.trailers = trailers;
  }

  onMessageComplete(): void {
    const req = this.current;
    if (req !== null) {
      this.current = null;
      req.complete = true;
      const trailers = this.trailers;
      if (trailers !== null) {
        this.trailers = null;
        req._addHeaderLines(trailers, trailers.length);
      }
      req.push(null);
    }
    this.dumped = 0;
    // The next request is not held back by this one's unread body.
    this.state.bodyFull = false;
    this.state.bodyDone();
  }

  // ---- requests and responses ----------------------------------------------------

  /** Node's parserOnIncoming: make the response, apply the server's rules, emit. Returns the parser code. */
  private onIncoming(req: IncomingMessage, keepAlive: boolean): number {
    const server = this.server;
    const settings = server.settings;
    const socket = this.socket;
    if (this.keepAliveTimeoutSet) {
      socket.setTimeout(server.timeout || 0);
      this.keepAliveTimeoutSet = false;
    }
    if (req.upgrade) {
      // Node: CONNECT always switches; Upgrade only when someone listens for it.
      req.upgrade = req.method === 'CONNECT' || server.listenerCount('upgrade') > 0;
      if (req.upgrade) {
        this.upgradeReq = req;
        this.state.upgrade();
        return 2; // no body; the rest of the bytes is the other protocol's
      }
    }
    const state = this.state;
    state.headDone(keepAlive);
    this.incoming.push(req);
    // Stop reading while the write side is not keeping up.
    if (socket.writableNeedDrain || this.outgoingData >= socket.writableHighWaterMark) state.writeFull = true;

    const res = new settings.ServerResponse(req, {
      highWaterMark: socket.writableHighWaterMark,
      rejectNonStandardBodyWrites: server.rejectNonStandardBodyWrites,
    });
    res._keepAliveTimeout = server.keepAliveTimeout;
    res._maxRequestsPerSocket = server.maxRequestsPerSocket;
    res._onPendingData = responsePendingData;
    res.shouldKeepAlive = keepAlive && !server.closing;
    res[kUniqueHeaders] = settings.uniqueHeaders;
    res[kConnection] = this;
    if (socket._httpMessage) {
      this.outgoing.push(res);
      // The one before has ended already (answered while it was parsed): this one may write now.
      if (this.endedHolder !== null) this.handOn(this.endedHolder);
    } else res.assignSocket(socket);

    let handled = false;
    if (req.httpVersionMajor === 1 && req.httpVersionMinor === 1) {
      // (Host and the request target were checked in onHeadersComplete.)
      const max = server.maxRequestsPerSocket;
      const limited = typeof max === 'number' && max > 0;
      if (limited) {
        this.requestsCount++;
        res.maxRequestsOnConnectionReached = max <= this.requestsCount;
      }
      if (limited && max < this.requestsCount) {
        handled = true;
        server.emit('dropRequest', req, socket);
        res.writeHead(503);
        res.end();
      } else if (req.headers.expect !== undefined) {
        handled = true;
        // RFC 9110 §10.1.1: 100-continue, or 417 for an expectation we do not meet.
        if (RE_CONTINUE.test(req.headers.expect as string)) {
          res._expect_continue = true;
          if (server.listenerCount('checkContinue') > 0) server.emit('checkContinue', req, res);
          else {
            res.writeContinue();
            server.emit('request', req, res);
          }
        } else if (server.listenerCount('checkExpectation') > 0) server.emit('checkExpectation', req, res);
        else {
          res.writeHead(417);
          res.end();
        }
      }
    }
    if (!handled) server.emit('request', req, res);
    // Too many requests unanswered, or their output not leaving: stop parsing right here.
    return (state.pipelineFull || state.writeFull) && this.parser !== null ? PAUSED : 0;
  }

  /**
   * A response ended and handed all its bytes to the socket: its request is
   * answered (it stops counting against the pipeline limit).
   */
  responseEnded(res: ServerResponse): void {
    if (this.socket._httpMessage !== res) return;
    this.state.responseEnded();
    this.handOn(res);
  }

  /**
   * `res` has ended while holding the socket. When the next response is
   * waiting and the socket has room, it takes the socket now rather than at
   * 'finish', so that responses written in one tick (pipelining) go out
   * together. With the socket's buffer full it waits for 'finish', as
   * Node's does: a client that does not read cannot make us buffer more.
   */
  private handOn(res: ServerResponse): void {
    const socket = this.socket;
    this.endedHolder = res;
    if (res._last || this.deferredStatus !== 0 || this.outgoing.length === 0) return;
    if (socket.writableLength >= socket.writableHighWaterMark) return;
    this.endedHolder = null;
    res.handOffSocket(socket);
    this.flushing.push(res);
    this.outgoing.shift()!.assignSocket(socket);
  }

  /**
   * The response's bytes are written ('finish', before its listeners): Node's
   * resOnFinish. The next response takes the socket, or the keep-alive wait
   * begins, or the connection ends.
   */
  responseWritten(res: ServerResponse): void {
    const req = res.req as IncomingMessage;
    const incoming = this.incoming;
    if (incoming[0] === req) incoming.shift();
    else {
      const i = incoming.indexOf(req);
      if (i >= 0) incoming.splice(i, 1);
    }
    // Nobody read the body: throw it away so the next request can be read.
    const rs = (req as unknown as { _readableState: { resumeScheduled: boolean } })._readableState;
    if (!req._consuming && !rs.resumeScheduled) req._dump();
    const socket = this.socket;
    const held = socket._httpMessage === res;
    // Ended responses are the one holding the socket after its end, and those that handed it on (responseEnded).
    let ended = false;
    if (this.endedHolder === res) {
      this.endedHolder = null;
      ended = true;
    }
    if (held) res.detachSocket(socket);
    else if (this.flushing[0] === res) {
      this.flushing.shift();
      res.detachSocket(socket);
      ended = true;
    }
    process.nextTick(emitCloseNT, res);
    const state = this.state;
    if (this.gone) return; // closed or handed over meanwhile
    if (this.deferredStatus !== 0 && !res._last) {
      // A client error waits behind earlier requests (see clientError): the next response, or the error's.
      if (!held) return;
      if (incoming.length === 0) this.answerClientError(this.deferredStatus, this.deferredError!);
      else this.outgoing.shift()?.assignSocket(socket);
      return;
    }
    if (this.server.closing) state.closeAfter();
    state.responseDone(res._last, ended);
    if (res._last || state.shouldEnd()) {
      this.endSoon();
      return;
    }
    const next = held ? this.outgoing.shift() : undefined;
    if (next !== undefined) next.assignSocket(socket);
    else if (state.isQuiet() && this.server.keepAliveTimeout) {
      socket.setTimeout(this.server.keepAliveTimeout + KEEP_ALIVE_TIMEOUT_BUFFER);
      this.keepAliveTimeoutSet = true;
    }
    if (next === undefined) this.parkParser();
    if (this.held !== null || this.paused) this.scheduleResume();
  }

  /** Ends the connection once what was written has gone out. */
  endSoon(): void {
    const socket = this.socket;
    this.held = null;
    if (typeof socket.destroySoon === 'function') socket.destroySoon();
    else socket.end();
  }

  // ---- socket events ---------------------------------------------------------------

  socketDrained(): void {
    const state = this.state;
    const full = this.outgoingData > this.socket.writableHighWaterMark;
    if (state.writeFull !== full) {
      state.writeFull = full;
      if (!full) this.scheduleResume();
      else this.pauseSocket();
    }
  }

  peerEnded(): void {
    const parser = this.parser;
    const err = parser?.finish();
    if (err) {
      (err as HTTPParserError & { rawPacket?: Buffer }).rawPacket = Buffer.alloc(0);
      this.clientError(err);
      return;
    }
    // The client sends nothing more: answer what it asked, then close.
    this.state.closeAfter();
    if (this.state.pending === 0) this.socket.end();
    else {
      const last = this.outgoing.length > 0 ? this.outgoing[this.outgoing.length - 1] : this.socket._httpMessage;
      if (last) last._last = true;
    }
  }

  socketClosed(): void {
    this.state.closed();
    this.server.forget(this);
    this.socket.parser = null;
    this.releaseParser();
    this.held = null;
    this.current = null;
    // Node's abortIncoming: requests without a finished response are aborted.
    const incoming = this.incoming;
    while (incoming.length > 0) incoming.shift()!.destroy(connReset('aborted'));
    // Responses that never got the socket are closed too.
    const outgoing = this.outgoing;
    while (outgoing.length > 0) outgoing.shift()!._emitClose();
    const flushing = this.flushing;
    while (flushing.length > 0) flushing.shift()!._emitClose();
    for (const m of this.abandoned.splice(0)) {
      if ('_emitClose' in m) m._emitClose();
      else m.destroy(connReset('aborted'));
    }
  }

  /** Node's socketOnError: a 'clientError' listener owns the socket; else a canned answer and destroy. */
  clientError(err: Error, socketError = false): void {
    if (this.errored) return;
    this.errored = true;
    const socket = this.socket;
    // Later socket errors are swallowed (our 'error' listener stays, as Node's noop).
    this.state.startedAt = 0;
    this.held = null;
    uncorkAll(socket); // what earlier responses wrote goes out before anything the error brings
    if (!this.server.emit('clientError', err, socket)) {
      const status = clientErrorStatus(err, this.inRequestLine);
      const broken = this.current;
      const earlier = this.incoming.length - (broken !== null ? 1 : 0);
      if (!socketError && earlier > 0 && socket.writable) {
        // The error is behind pipelined requests still being answered (Node
        // answers at once, and the client takes the error for the first of
        // them). Their responses go first, in order (RFC 9112 §9.3.2), then
        // the error's (responseWritten); nothing more is read meanwhile. A
        // request whose body broke is aborted now; its response, not begun
        // (an earlier one holds the socket), is dropped.
        if (broken !== null) this.abandon(broken);
        this.deferredStatus = status;
        this.deferredError = err;
        this.state.closeAfter();
        this.pauseSocket();
        return;
      }
      this.answerClientError(status, err);
    } else if (!this.gone && !socket.destroyed) {
      // The listener keeps the socket: HTTP is over on it.
      this.state.closeAfter();
      this.held = null;
    }
  }

  /**
   * A request whose body broke while earlier responses are pending: out of
   * the queues, so that its response never takes the socket. It is aborted
   * when the socket closes (destroying it now would take the socket along).
   */
  private abandon(req: IncomingMessage): void {
    this.current = null;
    const i = this.incoming.indexOf(req);
    if (i >= 0) this.incoming.splice(i, 1);
    this.abandoned.push(req);
    const j = this.outgoing.findIndex((res) => res.req === req);
    if (j >= 0) this.abandoned.push(this.outgoing.splice(j, 1)[0]);
  }

  /** The canned answer to a client error, then destroy: only between responses (none begun, or the one on the socket wholly handed to it). */
  private answerClientError(status: number, err: Error): void {
    const socket = this.socket;
    const msg = socket._httpMessage;
    const between = !msg || !msg._headerSent || (msg.finished && msg.writableLength === socket.writableLength);
    if (socket.writable && between) socket.write(clientErrorResponse(status));
    socket.destroy(err);
  }

  /** The socket's inactivity timeout: Node's socketOnTimeout. */
  timedOut(): void {
    const socket = this.socket;
    const req = this.current;
    const reqTimeout = req !== null && !req.complete && req.emit('timeout', socket);
    const res = socket._httpMessage;
    const resTimeout = !!res && (res as unknown as { emit(e: string, s: Socket): boolean }).emit('timeout', socket);
    const serverTimeout = this.server.emit('timeout', socket);
    if (!reqTimeout && !resTimeout && !serverTimeout) socket.destroy();
  }

  /** headersTimeout / requestTimeout expired (the server's periodic check). */
  requestTimedOut(): void {
    this.clientError(httpError('ERR_HTTP_REQUEST_TIMEOUT'));
  }

  /** The server is closing: responses not yet begun will say `Connection: close`, and no further request is read. */
  serverClosing(): void {
    this.state.closeAfter();
    const current = this.socket._httpMessage;
    if (current && current._header === null) current.shouldKeepAlive = false;
    for (const res of this.outgoing) if (res._header === null) res.shouldKeepAlive = false;
  }

  /** Destroys the connection when no request is being received and its response (if any) has finished. */
  closeIfIdle(): void {
    const msg = this.socket._httpMessage;
    if (!this.state.isIdle() || (msg && !msg.finished)) return;
    this.socket.destroy();
  }
}
