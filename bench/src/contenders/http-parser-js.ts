/**
 * Contender 5: http-parser-js, the pure-JS parser that many projects swap in
 * for Node's, through the same binding interface and Node's own glue.
 */
import { createRequire } from 'node:module';
import type { Contender } from '../contender.js';
import { freshImport } from '../contender.js';
import type { Input } from '../inputs.js';
import type * as NodeGlue from './node-glue.js';

const GLUE_URL = new URL('./node-glue.ts', import.meta.url);
const require = createRequire(import.meta.url);

interface JsParser {
  new (): JsParser;
  initialize(type: string): void;
}
type JsParserClass = JsParser &
  NodeGlue.Slots & { REQUEST: string; RESPONSE: string; methods: string[]; kOnExecute: number; maxHeaderSize: number };

export async function create(): Promise<Contender> {
  const { HTTPParser } = require('http-parser-js') as { HTTPParser: JsParserClass };
  const version = (require('http-parser-js/package.json') as { version: string }).version;
  // reading kOnExecute is how Node >= 12 announces itself: http-parser-js then calls
  // kOnHeadersComplete with Node's positional arguments instead of one info object
  void HTTPParser.kOnExecute;
  // http-parser-js adds the whole of a chunk that ends between messages to its header-size count,
  // so one chunk holding a 1 MiB response, or 100 pipelined 4 KiB requests, trips its 80 KiB limit
  // ("max header size exceeded") although no head is near that big. Raised so that it can be timed
  // on these inputs (Node's 64 KiB socket reads seldom meet the quirk). It must be the class-wide
  // value: the parser re-runs its constructor after each message, which resets its own copy.
  HTTPParser.maxHeaderSize = 64 * 1024 * 1024;
  const glue = await freshImport<typeof NodeGlue>(GLUE_URL, 'http-parser-js');
  return {
    id: 'http-parser-js',
    label: `http-parser-js ${version}`,
    prepare(input: Input) {
      const parser = new HTTPParser();
      parser.initialize(input.type === 'request' ? HTTPParser.REQUEST : HTTPParser.RESPONSE);
      const binding = parser as unknown as NodeGlue.BindingParser;
      const g = glue.attach(binding, HTTPParser, HTTPParser.methods);
      return glue.bindingRunner(binding, g, input.chunks, 'http-parser-js');
    },
  };
}
