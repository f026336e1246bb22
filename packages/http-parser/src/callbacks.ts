/**
 * What the parser reports, as methods of one handler object (no emitter):
 * llhttp's callback set under camelCase names.
 *
 * - Span callbacks `(buf, start, end)` hand over a range of the chunk being
 *   parsed. The bytes are the caller's and valid only during the call: copy
 *   or decode them before returning. One value may arrive in several pieces
 *   (when it straddles chunks); concatenate until its `...Complete` event.
 * - Event callbacks get the offset in the chunk where they happen and may
 *   return `ERROR.PAUSED` (21) to pause; any other non-zero return fails the
 *   parse with that callback's `CB_*` error. Returning nothing means go on.
 * - `onHeadersComplete` may also return 1 (the message has no body, e.g. the
 *   response to a HEAD request) or 2 (no body, and the connection switches
 *   protocols).
 */
export interface ParserCallbacks {
  onMessageBegin(at: number): number | void;
  onMethod(buf: Uint8Array, start: number, end: number): void;
  onMethodComplete(at: number): number | void;
  onUrl(buf: Uint8Array, start: number, end: number): void;
  onUrlComplete(at: number): number | void;
  onProtocol(buf: Uint8Array, start: number, end: number): void;
  onProtocolComplete(at: number): number | void;
  onVersion(buf: Uint8Array, start: number, end: number): void;
  onVersionComplete(at: number): number | void;
  onStatus(buf: Uint8Array, start: number, end: number): void;
  onStatusComplete(at: number): number | void;
  onHeaderField(buf: Uint8Array, start: number, end: number): void;
  onHeaderFieldComplete(at: number): number | void;
  onHeaderValue(buf: Uint8Array, start: number, end: number): void;
  onHeaderValueComplete(at: number): number | void;
  onHeadersComplete(at: number): number | void;
  onChunkHeader(at: number): number | void;
  onChunkExtensionName(buf: Uint8Array, start: number, end: number): void;
  onChunkExtensionNameComplete(at: number): number | void;
  onChunkExtensionValue(buf: Uint8Array, start: number, end: number): void;
  onChunkExtensionValueComplete(at: number): number | void;
  onBody(buf: Uint8Array, start: number, end: number): void;
  onChunkComplete(at: number): number | void;
  onMessageComplete(at: number): number | void;
  onReset(at: number): number | void;
}

/** A handler that ignores everything: extend it and override what you need. */
export class ParserHandler implements ParserCallbacks {
  onMessageBegin(_at: number): number | void {}
  onMethod(_buf: Uint8Array, _start: number, _end: number): void {}
  onMethodComplete(_at: number): number | void {}
  onUrl(_buf: Uint8Array, _start: number, _end: number): void {}
  onUrlComplete(_at: number): number | void {}
  onProtocol(_buf: Uint8Array, _start: number, _end: number): void {}
  onProtocolComplete(_at: number): number | void {}
  onVersion(_buf: Uint8Array, _start: number, _end: number): void {}
  onVersionComplete(_at: number): number | void {}
  onStatus(_buf: Uint8Array, _start: number, _end: number): void {}
  onStatusComplete(_at: number): number | void {}
  onHeaderField(_buf: Uint8Array, _start: number, _end: number): void {}
  onHeaderFieldComplete(_at: number): number | void {}
  onHeaderValue(_buf: Uint8Array, _start: number, _end: number): void {}
  onHeaderValueComplete(_at: number): number | void {}
  onHeadersComplete(_at: number): number | void {}
  onChunkHeader(_at: number): number | void {}
  onChunkExtensionName(_buf: Uint8Array, _start: number, _end: number): void {}
  onChunkExtensionNameComplete(_at: number): number | void {}
  onChunkExtensionValue(_buf: Uint8Array, _start: number, _end: number): void {}
  onChunkExtensionValueComplete(_at: number): number | void {}
  onBody(_buf: Uint8Array, _start: number, _end: number): void {}
  onChunkComplete(_at: number): number | void {}
  onMessageComplete(_at: number): number | void {}
  onReset(_at: number): number | void {}
}
