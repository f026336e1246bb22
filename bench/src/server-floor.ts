/**
 * `pnpm bench:floor`: how far each server is from the floor of a Node server
 * on node:net (server/floor-process.ts: a bare socket answering prebuilt
 * bytes, no HTTP objects). The load scenarios of `pnpm bench:server` (hello,
 * 16 pipelined, JSON echo, 1 MiB chunked, 64 MiB upload) under the same
 * load, rounds rotating floor / ours / node:http. What is left between a
 * server and the floor is its own JavaScript: the parser, the request and
 * response objects, Node's streams; a scenario where both servers reach the
 * floor is limited by the load generator and the kernel, and no server on
 * node:net can do better there. Nothing is written; the table goes to stdout.
 */
import { firstLine, nodeArgs, start, startServer, stop } from './server/children.js';
import { pickLoadTool } from './server/load.js';
import { median } from './server/results.js';
import { buildScenarios, type LoadScenario, type UploadScenario } from './server/scenarios.js';
import { measureUpload } from './server/upload.js';
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
  let uploads = 10;
  const filter: string[] = [];
  for (const [flag, value] of flags(process.argv.slice(2))) {
    if (flag === '--rounds') rounds = Math.round(positiveNumber(flag, value()));
    else if (flag === '--duration') seconds = Math.max(1, Math.round(positiveNumber(flag, value())));
    else if (flag === '--upload-repeats') uploads = Math.round(positiveNumber(flag, value()));
    else if (flag === '--filter') filter.push(value() ?? '');
    else if (flag !== '--') throw new Error(`unknown option ${flag} (options: --rounds N, --duration S, --upload-repeats N, --filter NAME)`);
  }
  const tool = await pickLoadTool('auto', log);
  const scenarios = buildScenarios()
    .filter((s): s is LoadScenario | UploadScenario => s.kind !== 'idle')
    .filter((s) => filter.length === 0 || filter.some((f) => s.id.includes(f) || s.name.includes(f)));
  /** One timed run of `scenario` against a server: req/s or MB/s. */
  const measure = async (scenario: LoadScenario | UploadScenario, who: Contender, port: number): Promise<number> => {
    if (scenario.kind === 'upload') return measureUpload(port, scenario.bytes, scenario.writeSize, uploads);
    await tool.run(port, scenario.load, 1);
    const run = await tool.run(port, scenario.load, seconds);
    if (run.errors > 0 || run.badStatus > 0) throw new Error(`${who}: ${run.errors} socket errors, ${run.badStatus} bad statuses`);
    return scenario.measure === 'requests' ? run.requests / run.seconds : run.bytes / run.seconds / 1e6;
  };
  const lines: string[] = [];
  for (const scenario of scenarios) {
    const values = new Map<Contender, number[]>(CONTENDERS.map((c) => [c, []]));
    for (let round = 0; round < rounds; round++) {
      // rotate the order each round, so that drift falls on all alike
      const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length]);
      for (const who of order) {
        const server = await startContender(who);
        try {
          const value = await measure(scenario, who, server.port);
          values.get(who)!.push(value);
          log(`${scenario.id}: round ${round + 1}/${rounds} ${who.padEnd(8)} ${Math.round(value)} ${scenario.unit}`);
        } finally {
          await server.stop();
        }
      }
    }
    const rate = (who: Contender) => median(values.get(who)!);
    const shown = (who: Contender) => `${Math.round(rate(who)).toLocaleString('en-US').padStart(10)} ${scenario.unit}`;
    const share = (who: Contender) => `${shown(who)} (${(rate(who) / rate('floor')).toFixed(2)} of the floor)`;
    lines.push(`${scenario.name.padEnd(26)} floor ${shown('floor')}   purehttp ${share('purehttp')}   node:http ${share('node')}`);
  }
  process.stdout.write(
    `\n${tool.name} ${tool.version}, one thread; median of ${rounds} rounds of ${seconds} s (upload: ${uploads} uploads per round)\n${lines.join('\n')}\n`,
  );
}

main().catch((err: unknown) => {
  log(`server-floor: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
