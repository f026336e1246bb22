/** Command-line options of `pnpm bench`. */
import type { MeasureOptions } from './measure.js';
import { flags, positiveNumber } from './args.js';
import { serveContender } from './contender-process.js';

export interface Options extends MeasureOptions {
  /** Processes per contender and input, one after another; the rounds are shared among them. */
  processes: number;
  quick: boolean;
  filter: string[];
  /** Write bench/results/parser.{json,svg}: by default only a full run does, so quick looks never replace them. */
  write: boolean;
  help: boolean;
  /** Internal: serve this contender on `input` to the main process (see contender-process.ts). */
  serve: string | null;
  input: string | null;
}

/** The options that say how long and in how many processes to time (parser-floor.ts takes them too). */
export const TIMING_OPTIONS = `  --rounds N         timed rounds per input (default 9, quick 3), shared among the processes
  --processes N      processes per contender and input, one after another (default 3, quick 1)
  --sample-ms N      target length of one sample (default 120, quick 40)
  --warmup-ms N      warm-up per contender and input (default 150, quick 40)`;

export const USAGE = `Usage: pnpm bench [-- options]   (or: npx tsx bench/src/parser-bench.ts [options])

  --quick            a short run (3 rounds of ~40 ms samples) to see where things stand
  --filter NAME      only inputs (and/or contenders) whose id or name contains NAME,
                     case-insensitive; repeatable. Node's native llhttp always runs:
                     it is the reference for the check and the ratios
${TIMING_OPTIONS}
  --write            write bench/results/parser.{json,svg} even for a quick or filtered run
  --no-write         do not write them even for a full run
  --help`;

/** `usage`: what an unknown option is answered with (parser-floor.ts takes these options too). */
export function parseArgs(argv: readonly string[], usage = USAGE): Options {
  const opts: Options = {
    quick: false, filter: [], write: true, help: false, serve: null, input: null, rounds: 9, processes: 3, sampleMs: 120,
    warmupMs: 150,
  };
  let write: boolean | undefined;
  const set: Partial<MeasureOptions & { processes: number }> = {};
  const number = positiveNumber;
  for (const [flag, value] of flags(argv)) {
    switch (flag) {
      case '--': break;
      case '--quick': opts.quick = true; break;
      case '--filter': {
        const v = value();
        if (!v) throw new Error('--filter needs a name');
        opts.filter.push(v);
        break;
      }
      case '--rounds': set.rounds = Math.round(number(flag, value())); break;
      case '--processes': set.processes = Math.round(number(flag, value())); break;
      case '--sample-ms': set.sampleMs = number(flag, value()); break;
      case '--warmup-ms': set.warmupMs = number(flag, value()); break;
      case '--write': write = true; break;
      case '--no-write': write = false; break;
      case '--help': case '-h': opts.help = true; break;
      case '--serve': opts.serve = value() ?? null; break;
      case '--input': opts.input = value() ?? null; break;
      default: throw new Error(`unknown option ${flag}\n\n${usage}`);
    }
  }
  if (opts.quick) Object.assign(opts, { rounds: 3, processes: 1, sampleMs: 40, warmupMs: 40 });
  Object.assign(opts, set);
  if (opts.processes > opts.rounds) {
    // each process times at least one round: fewer rounds than the default processes means fewer processes
    if (set.processes !== undefined) throw new Error(`--processes ${opts.processes} is more than --rounds ${opts.rounds}`);
    opts.processes = opts.rounds;
  }
  opts.write = write ?? (!opts.quick && opts.filter.length === 0);
  return opts;
}

/**
 * The options of a main process, or null when this process had only to print
 * `usage` (`--help`) or to serve one contender to its parent (`--serve`).
 */
export async function mainOptions(argv: readonly string[], usage = USAGE): Promise<Options | null> {
  const opts = parseArgs(argv, usage);
  if (opts.help) {
    process.stdout.write(`${usage}\n`);
    return null;
  }
  if (opts.serve !== null) {
    await serveContender(opts.serve, opts.input ?? '');
    return null;
  }
  return opts;
}
