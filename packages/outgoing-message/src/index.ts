// @purehttp/outgoing-message: the public surface at a glance.
export { OutgoingMessage, HeadState, type OutgoingMessageOptions, type WriteCallback } from './outgoing-message.js';
export { ServerResponse, type RequestLike, type ServerResponseOptions, type EarlyHints } from './server-response.js';
export type { OutgoingMessageEventMap, OutgoingSocket } from './events.js';
export {
  chooseFraming, chooseConnection, Framing,
  type FramingInput, type FramingDecision, type ConnectionInput, type ConnectionDecision,
} from './framing.js';
export {
  ContentLengthWriter, ChunkedWriter, CloseDelimitedWriter, NoBodyWriter, writerFor,
  type BodyWriter, type FrameSink, type Chunk,
} from './body-writers.js';
export {
  composeHead, serializeTrailers,
  type HeadInput, type HeadResult, type HeaderStore, type HeaderValue, type OutgoingFields,
} from './head.js';
export { WireBatch, JOIN_LIMIT, type BatchSocket } from './wire-batch.js';
export { STATUS_CODES, statusLine } from './status-codes.js';
export { utcDate } from './date-cache.js';
export { isHttpToken, hasInvalidHeaderChar, validateHeaderName, validateHeaderValue } from './validate.js';
export {
  ERROR_CODES, OutgoingMessageError, OutgoingMessageTypeError, OutgoingMessageRangeError,
  type ErrorCode, type TypeErrorCode, type RangeErrorCode, type PlainErrorCode, type AnyOutgoingMessageError,
} from './errors.js';
