/** Command-line options of `pnpm bench:server`. */
import type { LoadChoice } from './load.js';
import { IDLE_CONNECTIONS } from './scenarios.js';
import { flags, positiveNumber } from '../args.js';

export interface ServerOptions {
  quick: boolean;
  rounds: number;
  /** Seconds of load per timed run (wrk takes whole seconds). */
  durationS: number;
  /** Seconds of load on each fresh server before its timed run. */
  warmupS: number;
  uploadRepeats: number;
  idleConnections: number;
  filter: string[];
  load: LoadChoice;
  /** Write bench/results/server.{json,svg}: by default only a full run does. */
  write: boolean;
  help: boolean;
}

export const USAGE = `Usage: pnpm bench:server [-- options]   (or: npx tsx bench/src/server-bench.ts [options])

  --quick             a short look: 2 rounds of 1 s loads, 5 uploads per round (~1 min)
  --rounds N          rounds per scenario, the servers' order alternating (default 4, quick 2)
  --duration S        seconds of load per timed run (default 5, quick 1)
  --warmup S          seconds of load on each fresh server before it is timed (default 1)
  --upload-repeats N  64 MiB uploads timed per round, after one warm-up upload (default 20, quick 5)
  --idle N            idle connections of the memory scenario (default ${IDLE_CONNECTIONS})
  --filter NAME       only the scenarios whose id or name contains NAME; repeatable
  --load TOOL         wrk, autocannon, or auto (default: wrk, installed with apt-get
                      if missing and we are root, else autocannon)
  --write             write bench/results/server.{json,svg} even for a quick or filtered run
  --no-write          do not write them even for a full run
  --help`;

export function parseArgs(argv: readonly string[]): ServerOptions {
  const opts: ServerOptions = {
    quick: false, rounds: 4, durationS: 5, warmupS: 1, uploadRepeats: 20, idleConnections: IDLE_CONNECTIONS,
    filter: [], load: 'auto', write: true, help: false,
  };
  const set: Partial<ServerOptions> = {};
  let write: boolean | undefined;
  const number = positiveNumber;
  for (const [flag, value] of flags(argv)) {
    switch (flag) {
      case '--': break;
      case '--quick': opts.quick = true; break;
      case '--rounds': set.rounds = Math.round(number(flag, value())); break;
      case '--duration': set.durationS = Math.max(1, Math.round(number(flag, value()))); break;
      case '--warmup': set.warmupS = Math.max(1, Math.round(number(flag, value()))); break;
      case '--upload-repeats': set.uploadRepeats = Math.round(number(flag, value())); break;
      case '--idle': set.idleConnections = Math.round(number(flag, value())); break;
      case '--filter': {
        const v = value();
        if (!v) throw new Error('--filter needs a name');
        opts.filter.push(v);
        break;
      }
      case '--load': {
        const v = value();
        if (v !== 'wrk' && v !== 'autocannon' && v !== 'auto') throw new Error('--load takes wrk, autocannon or auto');
        opts.load = v;
        break;
      }
      case '--write': write = true; break;
      case '--no-write': write = false; break;
      case '--help': case '-h': opts.help = true; break;
      default: throw new Error(`unknown option ${flag}\n\n${USAGE}`);
    }
  }
  if (opts.quick) Object.assign(opts, { rounds: 2, durationS: 1, warmupS: 1, uploadRepeats: 5 });
  Object.assign(opts, set);
  opts.write = write ?? (!opts.quick && opts.filter.length === 0 && set.idleConnections === undefined);
  return opts;
}
