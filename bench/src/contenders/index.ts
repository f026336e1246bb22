/** The contenders, in the order of the table. `REFERENCE` is the one the others are checked and rated against. */
import type { Contender } from '../contender.js';
import { create as httpParserJs } from './http-parser-js.js';
import { create as llhttpNative } from './llhttp-native.js';
import { create as llhttpWasm } from './llhttp-wasm.js';
import { create as purehttpCompat } from './purehttp-compat.js';
import { create as purehttpSpan } from './purehttp-span.js';

export const REFERENCE = 'llhttp-native';

export async function createContenders(): Promise<Contender[]> {
  return [await purehttpSpan(), await purehttpCompat(), await llhttpNative(), await llhttpWasm(), await httpParserJs()];
}
