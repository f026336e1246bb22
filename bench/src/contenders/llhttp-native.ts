/**
 * Contender 3, the reference: llhttp as Node runs it, the C parser behind
 * `process.binding('http_parser').HTTPParser`, driven by Node's own glue
 * (node-glue.ts). Its ratio is 1 by definition.
 */
import type { Contender } from '../contender.js';
import { freshImport } from '../contender.js';
import type { Input } from '../inputs.js';
import type * as NodeGlue from './node-glue.js';

const GLUE_URL = new URL('./node-glue.ts', import.meta.url);

interface NativeParser {
  new (): NativeParser;
  initialize(type: number, resource: object, maxHeaderSize: number, lenientFlags: number): void;
}
interface NativeBinding {
  HTTPParser: NativeParser & NodeGlue.Slots & { REQUEST: number; RESPONSE: number; kLenientNone: number };
  allMethods: string[];
}

function nativeBinding(): NativeBinding {
  // process.binding is deprecated (DEP0111) but it is how Node's own http module is reached
  const proc = process as unknown as { noDeprecation?: boolean; binding(name: string): NativeBinding };
  const quiet = proc.noDeprecation;
  proc.noDeprecation = true;
  try {
    return proc.binding('http_parser');
  } finally {
    proc.noDeprecation = quiet;
  }
}

export async function create(): Promise<Contender> {
  const { HTTPParser, allMethods } = nativeBinding();
  const glue = await freshImport<typeof NodeGlue>(GLUE_URL, 'native');
  return {
    id: 'llhttp-native',
    label: `llhttp native (Node ${process.versions.node}, llhttp ${process.versions.llhttp})`,
    prepare(input: Input) {
      const parser = new HTTPParser();
      const type = input.type === 'request' ? HTTPParser.REQUEST : HTTPParser.RESPONSE;
      parser.initialize(type, {}, 0, HTTPParser.kLenientNone);
      const binding = parser as unknown as NodeGlue.BindingParser;
      const g = glue.attach(binding, HTTPParser, allMethods);
      return glue.bindingRunner(binding, g, input.chunks, 'llhttp-native');
    },
  };
}
