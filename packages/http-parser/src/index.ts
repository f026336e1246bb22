export { Parser, DEFAULT_MAX_HEADER_SIZE, DEFAULT_MAX_CHUNK_EXTENSIONS_SIZE, type ParserOptions } from './parser.js';
export { ParserHandler, type ParserCallbacks } from './callbacks.js';
export {
  TYPE, FLAGS, LENIENT, LENIENT_ALL, FINISH, METHODS, METHOD, METHODS_HTTP, METHODS_RTSP, METHODS_ICE,
  type ParserType, type LenientName, type MethodName,
} from './constants.js';
export { ERROR, errorName, errorStatus, HTTPParserError, type ErrorCode, type ErrorName } from './errors.js';
export { TOKEN, HEADER_VALUE } from './chars.js';
export { HTTPParser } from './http-parser-compat.js';
