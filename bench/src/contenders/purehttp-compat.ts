/**
 * Contender 2: @purehttp/http-parser through its `HTTPParser` class, the
 * drop-in for Node's binding, driven by Node's own glue (node-glue.ts): the
 * method, url and header strings are built, as Node's server needs them.
 */
import type * as HttpParser from '@purehttp/http-parser';
import type { Contender } from '../contender.js';
import { freshImport } from '../contender.js';
import type { Input } from '../inputs.js';
import type * as NodeGlue from './node-glue.js';

const PARSER_URL = import.meta.resolve('@purehttp/http-parser');
const GLUE_URL = new URL('./node-glue.ts', import.meta.url);

export async function create(): Promise<Contender> {
  const { HTTPParser } = await freshImport<typeof HttpParser>(PARSER_URL, 'compat');
  const glue = await freshImport<typeof NodeGlue>(GLUE_URL, 'compat');
  return {
    id: 'purehttp-compat',
    label: 'purehttp HTTPParser (Node glue, strings)',
    prepare(input: Input) {
      const parser = new HTTPParser();
      const type = input.type === 'request' ? HTTPParser.REQUEST : HTTPParser.RESPONSE;
      parser.initialize(type, {}, 0, HTTPParser.kLenientNone);
      const binding = parser as unknown as NodeGlue.BindingParser;
      const g = glue.attach(binding, HTTPParser, HTTPParser.allMethods);
      return glue.bindingRunner(binding, g, input.chunks, 'purehttp-compat');
    },
  };
}
