/**
 * Floor 1, for the byte-at-a-time row: the least that feeding a parser one
 * byte per call can cost in JavaScript. Its `execute` has the span API's
 * signature and is called by the span contender's loop (purehttp-span.ts),
 * chunk by chunk; all it does with a byte is look up its class in a 256-entry
 * table, the first thing any table-driven parser does. No state, no span, no
 * callback: what is left above this in a real parser's time is the parsing.
 */
import type { Contender, Tally } from '../contender.js';
import { emptyTally } from '../contender.js';
import type { Input } from '../inputs.js';

/** llhttp's token table, as a class per byte (1: token, 0: other): a realistic first lookup. */
const CLASS = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") CLASS[c.charCodeAt(0)] = 1;

class ByteClassifier {
  tokens = 0;
  execute(buf: Uint8Array, start = 0, end = buf.length): number {
    for (let p = start; p < end; p++) this.tokens += CLASS[buf[p]];
    return 0;
  }
}

export async function create(): Promise<Contender> {
  return {
    id: 'floor-calls',
    label: 'floor: execute() that only classifies its byte',
    prepare(input: Input) {
      const parser = new ByteClassifier();
      const chunks = input.chunks;
      const tally: Tally = emptyTally();
      return {
        // the span contender's loop; a run stands for the input's messages (it completes none)
        run(): number {
          for (let i = 0; i < chunks.length; i++) {
            const chunk = chunks[i];
            const code = parser.execute(chunk, 0, chunk.length);
            if (code !== 0) throw new Error(`floor-calls: ${code}`);
          }
          tally.messages += input.messages;
          return input.messages;
        },
        tally: () => ({ ...tally }),
        record: () => [],
      };
    },
  };
}
