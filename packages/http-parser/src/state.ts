/**
 * Every state of the byte-level machine, named after llhttp's nodes.
 * `_START` = nothing of the element consumed yet; `_ALMOST_DONE` = CR seen,
 * LF expected. States marked (0) consume no byte: they run even when the
 * input is exhausted, which is how a resumed pause finishes the work that
 * followed the pausing callback.
 */
export const enum S {
  DEAD,
  START,
  AFTER_START, // (0) on_message_begin
  DISPATCH, // (0) request, response or both
  START_REQ_OR_RES,
  REQ_OR_RES_METHOD,

  // response line
  START_RES, // (0)
  RES_AFTER_START,
  RES_AFTER_PROTOCOL,
  RES_AFTER_VERSION,
  RES_STATUS_CODE_DIGIT_1,
  RES_STATUS_CODE_DIGIT_2,
  RES_STATUS_CODE_DIGIT_3,
  RES_STATUS_CODE_OTHERWISE,
  RES_STATUS,
  RES_LINE_ALMOST_DONE,
  RES_STATUS_COMPLETE, // (0) on_status_complete

  // request line
  START_REQ, // (0)
  AFTER_START_REQ,
  REQ_FIRST_SPACE_BEFORE_URL,
  REQ_SPACES_BEFORE_URL,
  URL_START,
  URL_SCHEMA,
  URL_SCHEMA_DELIM,
  URL_SERVER,
  URL_SERVER_WITH_AT,
  URL_PATH,
  URL_QUERY_OR_FRAGMENT,
  URL_QUERY,
  URL_FRAGMENT,
  URL_SKIP_LF_TO_HTTP09,
  URL_COMPLETE_HTTP, // (0) on_url_complete, a protocol follows
  URL_COMPLETE_HTTP09, // (0) on_url_complete, HTTP/0.9: the line ends after the URL
  REQ_HTTP_START,
  REQ_AFTER_HTTP_START,
  REQ_AFTER_PROTOCOL_CHECK, // (0) method allowed with this protocol?
  REQ_AFTER_PROTOCOL,

  // HTTP-version = HTTP-name "/" DIGIT "." DIGIT, in either start line
  HTTP_MAJOR,
  HTTP_DOT,
  HTTP_MINOR,
  VERSION_END, // (0) on_version_complete
  REQ_HTTP_COMPLETE,
  REQ_HTTP_COMPLETE_CRLF,
  REQ_PRI_UPGRADE,

  // header section (also trailers)
  HEADERS_START,
  HEADER_FIELD_START,
  HEADER_FIELD_COLON_DISCARD_WS,
  HEADER_FIELD_GENERAL,
  HEADER_FIELD_COMPLETE_CHECK, // (0) Content-Length vs Transfer-Encoding
  HEADER_VALUE_DISCARD_WS,
  HEADER_VALUE_DISCARD_WS_ALMOST_DONE,
  HEADER_VALUE_DISCARD_LWS,
  HEADER_VALUE_START, // (0)
  HEADER_VALUE,
  HEADER_VALUE_OTHERWISE,
  HEADER_VALUE_LENIENT,
  HEADER_VALUE_RELAXED,
  HEADER_VALUE_TE_CHUNKED,
  HEADER_VALUE_TE_CHUNKED_LAST,
  HEADER_VALUE_TE_TOKEN,
  HEADER_VALUE_TE_TOKEN_OWS,
  HEADER_VALUE_CONTENT_LENGTH,
  HEADER_VALUE_CONTENT_LENGTH_WS,
  HEADER_VALUE_CONNECTION,
  HEADER_VALUE_CONNECTION_WS,
  HEADER_VALUE_CONNECTION_TOKEN,
  HEADER_VALUE_ALMOST_DONE,
  HEADER_VALUE_LWS,
  HEADERS_ALMOST_DONE,
  HEADERS_END, // (0) size check, then headers or trailers complete
  HEADERS_COMPLETE, // (0) on_headers_complete
  HEADERS_DONE, // (0) choose the body framing
  UPGRADE_MESSAGE_COMPLETE, // (0) on_message_complete, then pause for the upgrade
  UPGRADE_PAUSE, // (0)

  // bodies
  BODY_IDENTITY,
  BODY_IDENTITY_EOF, // (0)
  EOF,
  CHUNK_SIZE_START, // (0)
  CHUNK_SIZE_DIGIT,
  CHUNK_SIZE,
  CHUNK_SIZE_OTHERWISE,
  CHUNK_EXTENSIONS,
  CHUNK_EXTENSION_NAME,
  CHUNK_EXTENSION_VALUE,
  CHUNK_EXTENSION_QUOTED_VALUE,
  CHUNK_EXTENSION_QUOTED_VALUE_QUOTED_PAIR,
  CHUNK_EXTENSION_QUOTED_VALUE_DONE,
  CHUNK_SIZE_ALMOST_DONE,
  CHUNK_HEADER, // (0) on_chunk_header
  CHUNK_DISPATCH, // (0) data, or the trailer section after the last chunk
  CHUNK_DATA,
  CHUNK_DATA_ALMOST_DONE,
  CHUNK_DATA_ALMOST_DONE_LF,
  CHUNK_COMPLETE, // (0) on_chunk_complete
  TRAILERS_COMPLETE, // (0) on_chunk_complete of the last chunk

  // between messages
  MESSAGE_DONE, // (0) on_message_complete, then upgrade or next message
  MESSAGE_DONE_NO_BODY, // (0) on_message_complete right after the head
  CLEANUP, // (0) keep-alive or close
  CLOSED,
  RESTART, // (0)
  ON_RESET, // (0) on_reset
  SKIP_THEN_ERROR, // consume one byte, then fail with the pending error
  FAIL_PENDING, // (0) fail with the pending error
}

/** Which span is open (at most one at a time). */
export const enum Span {
  NONE,
  METHOD,
  URL,
  PROTOCOL,
  VERSION,
  STATUS,
  HEADER_FIELD,
  HEADER_VALUE,
  CHUNK_EXTENSION_NAME,
  CHUNK_EXTENSION_VALUE,
  BODY,
}

/** What a special header field name sets the value parser to (llhttp `HEADER_STATE`). */
export const enum H {
  GENERAL,
  CONNECTION,
  CONTENT_LENGTH,
  TRANSFER_ENCODING,
  UPGRADE,
  CONNECTION_KEEP_ALIVE,
  CONNECTION_CLOSE,
  CONNECTION_UPGRADE,
  TRANSFER_ENCODING_CHUNKED,
}
