// Status codes and the pre-built status lines the head starts with.
// RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF.
// The reason phrases are Node's (lib/_http_server.js STATUS_CODES), so that a
// response reads byte for byte as Node's would.

/** Reason phrases by status code, as Node's `http.STATUS_CODES`. */
export const STATUS_CODES: Readonly<Record<number, string>> = Object.freeze({
  100: 'Continue',
  101: 'Switching Protocols',
  102: 'Processing',
  103: 'Early Hints',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  207: 'Multi-Status',
  208: 'Already Reported',
  226: 'IM Used',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  305: 'Use Proxy',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  418: "I'm a Teapot",
  421: 'Misdirected Request',
  422: 'Unprocessable Entity',
  423: 'Locked',
  424: 'Failed Dependency',
  425: 'Too Early',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates',
  507: 'Insufficient Storage',
  508: 'Loop Detected',
  509: 'Bandwidth Limit Exceeded',
  510: 'Not Extended',
  511: 'Network Authentication Required',
});

/**
 * `HTTP/1.1 <code> <reason>\r\n` for every code of {@link STATUS_CODES}, built
 * once at load time so that the common response does no string work for its
 * first line.
 */
const STATUS_LINES: string[] = [];
for (const code of Object.keys(STATUS_CODES)) {
  STATUS_LINES[+code] = 'HTTP/1.1 ' + code + ' ' + STATUS_CODES[+code] + '\r\n';
}

/**
 * The status line for `code` and `reason`: the pre-built one when the reason is
 * the standard phrase, otherwise built here (the caller has validated `reason`).
 */
export function statusLine(code: number, reason: string): string {
  const line = STATUS_LINES[code];
  if (line !== undefined && STATUS_CODES[code] === reason) return line;
  return 'HTTP/1.1 ' + code + ' ' + reason + '\r\n';
}
