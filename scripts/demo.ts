// The demo until the server exists: parse a few sample messages with both of
// @purehttp/http-parser's APIs and print what was found.
import { ERROR, HTTPParser, METHODS, Parser, ParserHandler, errorName } from '@purehttp/http-parser';

const enc = new TextEncoder();
const latin1 = (buf: Uint8Array, start: number, end: number) => String.fromCharCode(...buf.subarray(start, end));

const samples: Array<[title: string, type: 'request' | 'response', text: string]> = [
  ['two pipelined requests', 'request',
    'GET /search?q=purehttp HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n' +
    'POST /upload HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n'],
  ['a response', 'response', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nhello, world'],
  ['a smuggling attempt (Content-Length with Transfer-Encoding)', 'request',
    'POST / HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
];

class Printer extends ParserHandler {
  parser!: Parser;
  private url = '';
  private field = '';
  private headers: string[] = [];
  private body = 0;
  override onUrl(buf: Uint8Array, s: number, e: number) { this.url += latin1(buf, s, e); }
  override onHeaderField(buf: Uint8Array, s: number, e: number) { this.field += latin1(buf, s, e); }
  override onHeaderValue(buf: Uint8Array, s: number, e: number) {
    if (this.field) this.headers.push(`${this.field}: `);
    this.field = '';
    this.headers[this.headers.length - 1] += latin1(buf, s, e);
  }
  override onBody(_buf: Uint8Array, s: number, e: number) { this.body += e - s; }
  override onHeadersComplete() {
    const p = this.parser;
    const line = p.type === 1 ? `${METHODS[p.method]} ${this.url}` : `status ${p.statusCode}`;
    console.log(`  ${line} HTTP/${p.httpMajor}.${p.httpMinor}  keep-alive=${p.shouldKeepAlive()}`);
    for (const h of this.headers) console.log(`    ${h}`);
  }
  override onMessageComplete() {
    console.log(`    (${this.body} body bytes)`);
    this.url = '';
    this.headers = [];
    this.body = 0;
  }
}

console.log('@purehttp/http-parser demo\n');
for (const [title, type, text] of samples) {
  console.log(`${title}:`);
  const printer = new Printer();
  const parser = (printer.parser = new Parser(printer, { type }));
  const code = parser.execute(enc.encode(text));
  if (code !== ERROR.OK) console.log(`  rejected: ${errorName(code)} "${parser.reason}" at byte ${parser.errorOffset}`);
  console.log();
}

console.log('the same first request through the HTTPParser compat class (Node binding interface):');
const compat = new HTTPParser(HTTPParser.REQUEST);
compat[HTTPParser.kOnHeadersComplete] = (major: number, minor: number, headers: string[], method: number, url: string) =>
  console.log(' ', { method: HTTPParser.allMethods[method], url, version: `${major}.${minor}`, headers });
console.log('  bytes parsed:', compat.execute(enc.encode(samples[0][2])));
