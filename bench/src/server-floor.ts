/**
 * `pnpm bench:floor`: how far each server is from the floor of a Node server
 * on node:net (server/floor-process.ts: a bare socket answering fixed bytes,
 * one write per read, no HTTP parsing or objects). Hello world and 16
 * pipelined, under the same wrk load as `pnpm bench:server`, rounds
 * alternating floor / ours / node:http. What is left between a server and
 * the floor is its own JavaScript: the parser, the request and response
 * objects, Node's streams. Nothing is written; the table goes to stdout.
 */
import { firstLine, nodeArgs, start, startServer, stop } from './server/children.js';
import { pickLoadTool } from './server/load.js';
import { median } from './server/results.js';
import { buildScenarios, type LoadScenario } from './server/scenarios.js';
import { flags, positiveNumber } from './args.js';

const log = (s: string) => process.stderr.write(`${s}\n`);

type Contender = 'floor' | 'purehttp' | 'node';
const CONTENDERS: Contender[] = ['floor', 'purehttp', 'node'];

/** A running server of any contender: its port and how to stop it. */
async function startContender(who: Contender): Promise<{ port: number; stop(): Promise<void> }> {
  if (who !== 'floor') return startServer(who);
  const child = start(process.execPath, nodeArgs('./floor-process.ts') /* relative to children.ts */, { stdio: ['pipe', 'pipe', 'inherit'] });
  const { port } = JSON.parse(await firstLine(child, 'the floor server', 20_000)) as { port: number };
  return { port, stop: () => stop(child) };
}

async function main(): Promise<void> {
  let rounds = 3;
  let seconds = 4;
  for (const [flag, value] of flags(process.argv.slice(2))) {
    if (flag === '--rounds') rounds = Math.round(positiveNumber(flag, value()));
    else if (flag === '--duration') seconds = Math.max(1, Math.round(positiveNumber(flag, value())));
    else if (flag !== '--') throw new Error(`unknown option ${flag} (options: --rounds N, --duration S)`);
  }
  const tool = await pickLoadTool('auto', log);
  const scenarios = buildScenarios().filter((s): s is LoadScenario => s.id === 'hello' || s.id === 'pipelined');
  const lines: string[] = [];
  for (const scenario of scenarios) {
    const values = new Map<Contender, number[]>(CONTENDERS.map((c) => [c, []]));
    for (let round = 0; round < rounds; round++) {
      // rotate the order each round, so that drift falls on all alike
      const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length]);
      for (const who of order) {
        const server = await startContender(who);
        try {
          await tool.run(server.port, scenario.load, 1);
          const run = await tool.run(server.port, scenario.load, seconds);
          if (run.errors > 0 || run.badStatus > 0) throw new Error(`${who}: ${run.errors} socket errors, ${run.badStatus} bad statuses`);
          const rps = run.requests / run.seconds;
          values.get(who)!.push(rps);
          log(`${scenario.id}: round ${round + 1}/${rounds} ${who.padEnd(8)} ${Math.round(rps)} req/s`);
        } finally {
          await server.stop();
        }
      }
    }
    const rate = (who: Contender) => median(values.get(who)!);
    const shown = (who: Contender) => `${Math.round(rate(who)).toLocaleString('en-US').padStart(10)} req/s`;
    const share = (who: Contender) => `${shown(who)} (${(rate(who) / rate('floor')).toFixed(2)} of the floor)`;
    lines.push(`${scenario.name.padEnd(26)} floor ${shown('floor')}   purehttp ${share('purehttp')}   node:http ${share('node')}`);
  }
  process.stdout.write(`\n${tool.name} ${tool.version}, one thread; median of ${rounds} rounds of ${seconds} s\n${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  log(`server-floor: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
