/**
 * Floor 3, for the compat row: the least a compat class built on our span
 * API can cost. Our parser runs with a handler that only records where the
 * URL and each name and value lie (no checks: here no span comes in pieces);
 * each chunk is decoded once, whole; each string is a slice of it (values
 * trimmed on the bytes first, as the compat class does); and Node's glue is
 * called (node-glue.ts) as the compat class calls it. None of the binding's
 * semantics are kept: no pause, no errors as objects, no status line, no
 * trailers, no head split over chunks, no bound on what a kept string pins.
 * Its strings are real, so the check holds it to native's answer.
 *
 * Bodyless requests only, each head whole in its chunk (the 703 B GET).
 */
import type * as HttpParser from '@purehttp/http-parser';
import type { Contender } from '../contender.js';
import { freshImport } from '../contender.js';
import type { Input } from '../inputs.js';
import type * as NodeGlue from '../contenders/node-glue.js';
import { GLUE_URL, latin1Slice, SLOTS, type GlueCall } from './binding.js';

const PARSER_URL = import.meta.resolve('@purehttp/http-parser');
/** Offsets for this many field lines, as Node's default `maxHeaderPairs`; more fails the run. */
const MAX_LINES = 2000;

export async function create(): Promise<Contender> {
  const parsers = await freshImport<typeof HttpParser>(PARSER_URL, 'floor-compat');
  const glue = await freshImport<typeof NodeGlue>(GLUE_URL, 'floor-compat');

  /** The binding Node's glue sees, and the parser's handler. */
  class RecordingBinding extends parsers.ParserHandler implements NodeGlue.BindingParser {
    [slot: number]: unknown;
    _headers: string[] = [];
    _url = '';
    maxHeaderPairs = 2000;
    incoming: NodeGlue.BindingParser['incoming'] = null;
    private readonly parser = new parsers.Parser(this, { type: 'request' });
    /** [nameStart, nameEnd, valueStart, valueEnd] per field line, `used` entries of it. */
    private readonly offsets = new Int32Array(4 * MAX_LINES);
    private used = 0;
    private urlStart = 0;
    private urlEnd = 0;
    private buf: Uint8Array = new Uint8Array(0);
    private text = '';

    execute(buf: Uint8Array): number | Error {
      this.buf = buf;
      this.text = latin1Slice.call(buf, 0, buf.length);
      const code = this.parser.execute(buf, 0, buf.length);
      this.text = '';
      return code === 0 ? buf.length : new Error(`${parsers.errorName(code)} (${this.parser.reason})`);
    }

    override onMessageBegin(): void {
      this.used = 0;
    }

    override onUrl(_buf: Uint8Array, start: number, end: number): void {
      this.urlStart = start;
      this.urlEnd = end;
    }

    override onHeaderField(_buf: Uint8Array, start: number, end: number): void {
      this.record(start, end);
    }

    override onHeaderValue(_buf: Uint8Array, start: number, end: number): void {
      this.record(start, end);
    }

    /** A name or a value: they alternate, as each comes whole here. */
    private record(start: number, end: number): void {
      const n = this.used;
      this.offsets[n] = start;
      this.offsets[n + 1] = end;
      this.used = n + 2;
    }

    override onHeadersComplete(): number {
      if (this.used > this.offsets.length) throw new Error(`floor-compat: more than ${MAX_LINES} field lines`);
      const { offsets: o, text, buf, parser: p } = this;
      const headers = new Array<string>(this.used >> 1);
      for (let i = 0, j = 0; i < this.used; i += 4, j += 2) {
        let valueEnd = o[i + 3];
        while (valueEnd > o[i + 2] && (buf[valueEnd - 1] === 0x20 || buf[valueEnd - 1] === 0x09)) valueEnd--;
        headers[j] = text.slice(o[i], o[i + 1]);
        headers[j + 1] = text.slice(o[i + 2], valueEnd);
      }
      const url = text.slice(this.urlStart, this.urlEnd);
      (this[SLOTS.kOnHeadersComplete] as GlueCall).call(this, p.httpMajor, p.httpMinor, headers, p.method, url, undefined, undefined, false, p.shouldKeepAlive());
      return 0;
    }

    override onBody(): void {
      throw new Error('floor-compat: bodyless requests only');
    }

    override onMessageComplete(): number {
      (this[SLOTS.kOnMessageComplete] as GlueCall).call(this);
      return 0;
    }
  }

  return {
    id: 'floor-compat',
    label: 'floor: a compat class on the span API with no semantics (offsets, one decode per chunk, slices, Node glue)',
    prepare(input: Input) {
      if (input.type !== 'request') throw new Error('floor-compat: requests only');
      const binding = new RecordingBinding();
      return glue.bindingRunner(binding, glue.attach(binding, SLOTS, parsers.HTTPParser.allMethods), input.chunks, 'floor-compat');
    },
  };
}
