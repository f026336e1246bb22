// Theory of operation: a body writer turns the body the caller writes into
// the bytes of one framing (h11's _writers.py, one small class per framing).
// Writers do no I/O: they describe what to send to a FrameSink, which gathers
// protocol text (latin1) and body data (as given, in its own encoding) for the
// next socket write. The message picks its writer once, when the head is
// composed (see framing.ts), and never looks at the framing again.
import { Framing } from './framing.js';

/** A body chunk as callers pass it to write()/end(). */
export type Chunk = string | Uint8Array;

/** Where writers put what they frame. */
export interface FrameSink {
  /** Protocol text: chunk-size lines, CRLFs, the last-chunk, trailer fields. Sent as latin1. */
  text(s: string): void;
  /** Body data, sent as given (`encoding` applies to strings; undefined is utf8). */
  data(chunk: Chunk, encoding: BufferEncoding | undefined): void;
}

/** Frames a body for one {@link Framing}. */
export interface BodyWriter {
  readonly framing: Framing;
  /**
   * Frames one piece of body. `byteLength` is its length in bytes; writers that
   * do not need it (all but chunked) accept -1 for "not measured".
   */
  write(chunk: Chunk, encoding: BufferEncoding | undefined, byteLength: number, sink: FrameSink): void;
  /** Ends the body. `trailers` is a serialized trailer section (`Name: value\r\n`…) or ''. */
  end(trailers: string, sink: FrameSink): void;
}

/** Body bytes as they are: the head's Content-Length says where they end (RFC 9112 §6.2). */
export class ContentLengthWriter implements BodyWriter {
  readonly framing = Framing.CONTENT_LENGTH;
  /** The length declared in the head. */
  readonly length: number;
  constructor(length: number) {
    this.length = length;
  }
  write(chunk: Chunk, encoding: BufferEncoding | undefined, _byteLength: number, sink: FrameSink): void {
    sink.data(chunk, encoding);
  }
  end(): void {}
}

/**
 * RFC 9112 §7.1:
 *   chunked-body = *chunk last-chunk trailer-section CRLF
 *   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   last-chunk   = 1*("0") [ chunk-ext ] CRLF
 * A write of zero bytes frames nothing: a zero-size chunk IS the last-chunk and
 * would end the message early.
 */
export class ChunkedWriter implements BodyWriter {
  readonly framing = Framing.CHUNKED;
  write(chunk: Chunk, encoding: BufferEncoding | undefined, byteLength: number, sink: FrameSink): void {
    if (byteLength <= 0) return;
    sink.text(byteLength.toString(16) + '\r\n');
    sink.data(chunk, encoding);
    sink.text('\r\n');
  }
  end(trailers: string, sink: FrameSink): void {
    sink.text('0\r\n' + trailers + '\r\n');
  }
}

/** Body bytes as they are, ended by closing the connection (RFC 9112 §6.3 rule 8). */
export class CloseDelimitedWriter implements BodyWriter {
  readonly framing = Framing.CLOSE_DELIMITED;
  write(chunk: Chunk, encoding: BufferEncoding | undefined, _byteLength: number, sink: FrameSink): void {
    sink.data(chunk, encoding);
  }
  end(): void {}
}

/** No content may follow the head (HEAD, 1xx, 204, 304): everything written is dropped. */
export class NoBodyWriter implements BodyWriter {
  readonly framing = Framing.NONE;
  write(): void {}
  end(): void {}
}

// The stateless writers are shared: choosing one allocates nothing.
const CHUNKED = new ChunkedWriter();
const CLOSE_DELIMITED = new CloseDelimitedWriter();
const NO_BODY = new NoBodyWriter();

/** The writer for `framing`; `length` is the declared Content-Length when framing is CONTENT_LENGTH. */
export function writerFor(framing: Framing, length: number): BodyWriter {
  switch (framing) {
    case Framing.CHUNKED: return CHUNKED;
    case Framing.CONTENT_LENGTH: return new ContentLengthWriter(length);
    case Framing.CLOSE_DELIMITED: return CLOSE_DELIMITED;
    default: return NO_BODY;
  }
}
