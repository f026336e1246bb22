/**
 * The contenders, in the order of the table. `REFERENCE` is the one the
 * others are checked and rated against. Each module is loaded only in the
 * process that times it (see contender-process.ts).
 */
import type { Contender } from '../contender.js';
import { FLOORS } from '../floors/index.js';

export const REFERENCE = 'llhttp-native';

const MODULES: Record<string, () => Promise<{ create(): Promise<Contender> }>> = {
  'purehttp-span': () => import('./purehttp-span.js'),
  'purehttp-compat': () => import('./purehttp-compat.js'),
  'llhttp-native': () => import('./llhttp-native.js'),
  'llhttp-wasm': () => import('./llhttp-wasm.js'),
  'http-parser-js': () => import('./http-parser-js.js'),
};

export const CONTENDER_IDS: readonly string[] = Object.keys(MODULES);

/** A contender of the table, or a floor (floors/index.ts). */
export async function loadContender(id: string): Promise<Contender> {
  const load = MODULES[id];
  const floor = FLOORS[id];
  if (!load && !floor) throw new Error(`no contender ${id}; there are ${[...CONTENDER_IDS, ...Object.keys(FLOORS)].join(', ')}`);
  const contender = load ? await (await load()).create() : await floor();
  if (contender.id !== id) throw new Error(`contender module ${id} made ${contender.id}`);
  return contender;
}
