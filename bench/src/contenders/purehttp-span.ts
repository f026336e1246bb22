/**
 * Contender 1: @purehttp/http-parser through its own span API. The handler
 * counts messages, header lines and body bytes and builds no string: the
 * parser's floor cost, what a server that reads spans directly would pay.
 */
import type * as HttpParser from '@purehttp/http-parser';
import type { Contender, Message, Tally } from '../contender.js';
import { FNV_OFFSET, fnv1a, freshImport } from '../contender.js';
import type { Input } from '../inputs.js';

const PARSER_URL = import.meta.resolve('@purehttp/http-parser');

export async function create(): Promise<Contender> {
  // one private copy of the parser for the timed handler, another for the recording one (see freshImport)
  const timed = await freshImport<typeof HttpParser>(PARSER_URL, 'span');
  const checked = await freshImport<typeof HttpParser>(PARSER_URL, 'span-check');

  class CountingHandler extends timed.ParserHandler {
    messages = 0;
    headers = 0;
    bodyBytes = 0;
    override onHeaderValueComplete(): void {
      this.headers++;
    }
    override onBody(_buf: Uint8Array, start: number, end: number): void {
      this.bodyBytes += end - start;
    }
    override onMessageComplete(): void {
      this.messages++;
    }
  }

  /** Decodes everything, for the correctness check only. */
  class RecordingHandler extends checked.ParserHandler {
    parser!: HttpParser.Parser;
    readonly log: Message[] = [];
    private url = '';
    private field = '';
    private value = '';
    private headers: string[] = [];
    private bodyBytes = 0;
    private bodyHash = FNV_OFFSET;
    override onMessageBegin(): void {
      this.url = this.field = this.value = '';
      this.headers = [];
      this.bodyBytes = 0;
      this.bodyHash = FNV_OFFSET;
    }
    override onUrl(buf: Uint8Array, start: number, end: number): void {
      this.url += latin1(buf, start, end);
    }
    override onHeaderField(buf: Uint8Array, start: number, end: number): void {
      this.field += latin1(buf, start, end);
    }
    override onHeaderValue(buf: Uint8Array, start: number, end: number): void {
      this.value += latin1(buf, start, end);
    }
    override onHeaderValueComplete(): void {
      // as Node's binding: a value loses its trailing whitespace
      this.headers.push(this.field, this.value.replace(/[ \t]+$/, ''));
      this.field = this.value = '';
    }
    override onBody(buf: Uint8Array, start: number, end: number): void {
      this.bodyBytes += end - start;
      this.bodyHash = fnv1a(this.bodyHash, buf, start, end);
    }
    override onMessageComplete(): void {
      const p = this.parser;
      const request = p.type === checked.TYPE.REQUEST;
      this.log.push({
        method: request ? checked.METHODS[p.method] : null,
        url: request ? this.url : null,
        status: request ? null : p.statusCode,
        headers: this.headers,
        bodyBytes: this.bodyBytes,
        bodyHash: this.bodyHash,
      });
    }
  }

  return {
    id: 'purehttp-span',
    label: 'purehttp span API (no strings)',
    prepare(input: Input) {
      const handler = new CountingHandler();
      const parser = new timed.Parser(handler, { type: input.type });
      const chunks = input.chunks;
      return {
        run(): number {
          const before = handler.messages;
          for (let i = 0; i < chunks.length; i++) {
            const chunk = chunks[i];
            const code = parser.execute(chunk, 0, chunk.length);
            if (code !== 0) throw new Error(`purehttp-span: ${timed.errorName(code)} (${parser.reason}) at ${parser.errorOffset}`);
          }
          return handler.messages - before;
        },
        tally: (): Tally => ({ messages: handler.messages, headers: handler.headers, bodyBytes: handler.bodyBytes }),
        record(): Message[] {
          const rec = new RecordingHandler();
          rec.parser = new checked.Parser(rec, { type: input.type });
          for (const chunk of chunks) {
            const code = rec.parser.execute(chunk);
            if (code !== 0) throw new Error(`purehttp-span: ${checked.errorName(code)} (${rec.parser.reason})`);
          }
          return rec.log;
        },
      };
    },
  };
}

function latin1(buf: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]);
  return s;
}
