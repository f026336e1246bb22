/**
 * The floors (`pnpm bench:parser-floor`): what no parser can go below on an
 * input, timed like the contenders but not in `pnpm bench`'s table.
 */
import type { Contender } from '../contender.js';
import { floorStrings } from './head-strings.js';

export const FLOORS: Record<string, () => Promise<Contender>> = {
  'floor-calls': async () => (await import('./byte-calls.js')).create(),
  'floor-strings': floorStrings(false),
  'floor-strings-names-free': floorStrings(true),
  'floor-compat': async () => (await import('./compat-on-span.js')).create(),
};
