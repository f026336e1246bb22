/**
 * The literals the parser recognises byte by byte, as tries (see trie.ts).
 */
import { METHODS, METHOD } from './constants.js';
import { H } from './state.js';
import { buildTrie } from './trie.js';

/** Request methods (`method = token`, RFC 9110 §9.1; llhttp knows these). */
export const METHOD_TRIE = buildTrie(METHODS.map((m, i) => [m, i] as const));

/** Value of `HTTP/` in BOTH_TRIE: the message is a response. */
export const RESPONSE_START = 255;
/**
 * A message that starts with `H` is a HEAD request or an `HTTP/` response;
 * every other first byte makes it a request.
 */
export const BOTH_TRIE = buildTrie([
  ['HEAD', METHOD.HEAD],
  ['HTTP/', RESPONSE_START],
]);

export const PROTOCOL_HTTP = 0;
export const PROTOCOL_RTSP = 1;
export const PROTOCOL_ICE = 2;
export const PROTOCOL_TRIE = buildTrie([
  ['HTTP', PROTOCOL_HTTP],
  ['RTSP', PROTOCOL_RTSP],
  ['ICE', PROTOCOL_ICE],
]);

/** RFC 9110 §7.6.1 connection options the parser acts on, lower case. */
export const CONNECTION_TOKEN_TRIE = buildTrie([
  ['close', H.CONNECTION_CLOSE],
  ['upgrade', H.CONNECTION_UPGRADE],
  ['keep-alive', H.CONNECTION_KEEP_ALIVE],
], true);

export const CHUNKED_TRIE = buildTrie([['chunked', 1]], true);

/** RFC 9113 §3.4: the rest of the HTTP/2 connection preface after `PRI * HTTP/2.0`. */
export const H2_PREFACE_TRIE = buildTrie([['\r\n\r\nSM\r\n\r\n', 1]]);

export const SLASH_SLASH_TRIE = buildTrie([['//', 1]]);
