/**
 * Floor 2, for the compat class: the strings Node's glue needs and the calls
 * into it, with no parsing at all. It poses as a binding parser whose
 * `execute` already knows where every head, URL, name and value of the chunk
 * lies (found once when prepared, not timed): per message it decodes the
 * head once, slices the URL and each name and value from it (values already
 * trimmed), fills the header array and calls Node's `kOnHeadersComplete` and
 * `kOnMessageComplete` (node-glue.ts), as the compat class and the native
 * binding do. The compat class's floor is the span API's time plus this.
 *
 * `namesFree`: every header name is handed over ready-made, as if each were
 * interned at no cost: the least the strings could cost.
 *
 * Bodyless requests only, each head whole in its chunk (the 703 B GET); the
 * check holds what it hands over to the native parser's answer.
 */
import type { Contender } from '../contender.js';
import { freshImport } from '../contender.js';
import type { Input } from '../inputs.js';
import type * as NodeGlue from '../contenders/node-glue.js';
import { GLUE_URL, latin1Slice, SLOTS, type GlueCall } from './binding.js';

/** Where a chunk's pieces lie: per head [method, urlStart, urlEnd, lines, then nameStart, nameEnd, valueStart, valueEnd per line]. */
interface Layout {
  offsets: Int32Array;
  /** The header names in order (namesFree only). */
  names: string[];
}

/** Find each head of a chunk of bodyless requests (setup only: plain string search). */
function layout(chunk: Uint8Array, methods: string[], namesFree: boolean): Layout {
  const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('latin1');
  const offsets: number[] = [];
  const names: string[] = [];
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\r\n\r\n', start) + 4;
    if (end < 4) throw new Error('floor-strings: a head does not end in its chunk');
    const lines = text.slice(start, end - 4).split('\r\n');
    const [method, url] = lines[0].split(' ');
    if (!methods.includes(method)) methods.push(method);
    const urlStart = start + method.length + 1;
    offsets.push(methods.indexOf(method), urlStart, urlStart + url.length, lines.length - 1);
    let at = start + lines[0].length + 2;
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon);
      if (/^(content-length|transfer-encoding|upgrade)$/i.test(name)) throw new Error(`floor-strings: bodyless requests only (${name})`);
      const value = line.slice(colon + 1).trim();
      const valueStart = at + line.indexOf(value, colon + 1);
      offsets.push(at, at + colon, valueStart, valueStart + value.length);
      if (namesFree) names.push(name);
      at += line.length + 2;
    }
    start = end;
  }
  return { offsets: Int32Array.from(offsets), names };
}

class PreParsedBinding implements NodeGlue.BindingParser {
  [slot: number]: unknown;
  _headers: string[] = [];
  _url = '';
  maxHeaderPairs = 2000;
  incoming: NodeGlue.BindingParser['incoming'] = null;
  private next = 0;

  constructor(private readonly chunks: readonly Uint8Array[], private readonly layouts: Layout[]) {}

  execute(buf: Uint8Array): number {
    const k = this.next;
    if (buf !== this.chunks[k]) throw new Error('floor-strings: chunks must come in the order they were prepared');
    this.next = k + 1 === this.layouts.length ? 0 : k + 1;
    const { offsets: o, names } = this.layouts[k];
    const free = names.length > 0;
    const onHeadersComplete = this[SLOTS.kOnHeadersComplete] as GlueCall;
    const onMessageComplete = this[SLOTS.kOnMessageComplete] as GlueCall;
    const text = latin1Slice.call(buf, 0, buf.length);
    let name = 0;
    for (let i = 0; i < o.length; ) {
      const method = o[i];
      const url = text.slice(o[i + 1], o[i + 2]);
      const pairs = o[i + 3];
      i += 4;
      const headers = new Array<string>(pairs * 2);
      for (let j = 0; j < headers.length; j += 2, i += 4) {
        headers[j] = free ? names[name++] : text.slice(o[i], o[i + 1]);
        headers[j + 1] = text.slice(o[i + 2], o[i + 3]);
      }
      // version and keep-alive as the 703 B GET has them: Node's glue does not read them
      onHeadersComplete.call(this, 1, 1, headers, method, url, undefined, undefined, false, true);
      onMessageComplete.call(this);
    }
    return buf.length;
  }
}

export function floorStrings(namesFree: boolean): () => Promise<Contender> {
  const id = namesFree ? 'floor-strings-names-free' : 'floor-strings';
  return async () => {
    const glue = await freshImport<typeof NodeGlue>(GLUE_URL, id);
    return {
      id,
      label: namesFree ? 'floor: the values and URL as strings, names ready-made, into Node glue' : 'floor: the strings Node glue needs, no parsing',
      prepare(input: Input) {
        if (input.type !== 'request') throw new Error(`${id}: requests only`);
        const methods: string[] = [];
        const layouts = input.chunks.map((chunk) => layout(chunk, methods, namesFree));
        const binding = new PreParsedBinding(input.chunks, layouts);
        return glue.bindingRunner(binding, glue.attach(binding, SLOTS, methods), input.chunks, id);
      },
    };
  };
}
