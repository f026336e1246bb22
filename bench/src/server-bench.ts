/**
 * `pnpm bench:server`: the benchmark half of issue #7. `@purehttp/http-server`
 * and `node:http` serve the same handlers (server/server-process.ts), each
 * in a process of its own on 127.0.0.1, under the same load (wrk with one
 * thread, so that server and load each have a core). For every scenario:
 *
 * 1. check: both servers answer the scenario's probe; ours must answer as
 *    node:http does (status, framing, body), else it is reported and not
 *    timed there;
 * 2. rounds: a fresh server per run, warmed up, then timed; the order
 *    alternates (ours, node / node, ours / ...) so that drift and other load
 *    on the machine fall on both alike;
 * 3. the median round per server, and their ratio.
 *
 * The table goes to stdout, progress to stderr; a full run writes
 * bench/results/server.json and bench/results/server.svg.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { checkScenario } from './server/check.js';
import { startServer } from './server/children.js';
import { parseArgs, USAGE, type ServerOptions } from './server/cli.js';
import { measureIdle } from './server/idle-memory.js';
import { pickLoadTool, type LoadTool } from './server/load.js';
import { renderServerSvg } from './server/report-svg.js';
import { renderServerTable } from './server/report-table.js';
import { median, ratioOf, serverMachine, spreadPct, type ServerCell, type ServerResults, type ServerRow } from './server/results.js';
import { IMPLS, REFERENCE, type Impl } from './server/routes.js';
import { buildScenarios, type Scenario } from './server/scenarios.js';
import { measureUpload } from './server/upload.js';

const RESULTS_DIR = new URL('../results/', import.meta.url);
const OURS: Impl = 'purehttp';

const log = (s: string) => process.stderr.write(`${s}\n`);

/** One timed value for one server, in the scenario's unit, plus what to remember. */
interface Sample {
  value: number;
  warnings: string[];
  latency?: [p50: number, p99: number];
  rss?: NonNullable<ServerCell['rss']>[number];
  cpuMicrosPerResponse?: number;
}

/**
 * The server process's CPU time so far (µs). Under a one-thread load
 * generator the load, not the server, may be the limit: CPU per response
 * then says which server does less work.
 */
function serverCpuMicros(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/cpu', agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve((JSON.parse(text) as { micros: number }).micros));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('GET /cpu timed out')));
  });
}

async function sample(scenario: Scenario, impl: Impl, opts: ServerOptions, load: LoadTool): Promise<Sample> {
  if (scenario.kind === 'idle') {
    const r = await measureIdle(impl, scenario.connections);
    return {
      value: r.kibPerConnection,
      warnings: [],
      rss: { before: r.rssBefore, with: r.rssWith, heapBefore: r.heapBefore, heapWith: r.heapWith },
    };
  }
  const server = await startServer(impl);
  try {
    if (scenario.kind === 'upload') {
      return { value: await measureUpload(server.port, scenario.bytes, scenario.writeSize, opts.uploadRepeats), warnings: [] };
    }
    await load.run(server.port, scenario.load, opts.warmupS);
    const cpuBefore = await serverCpuMicros(server.port);
    const r = await load.run(server.port, scenario.load, opts.durationS);
    const cpu = (await serverCpuMicros(server.port)) - cpuBefore;
    if (server.exited()) throw new Error('the server exited under load');
    if (r.requests === 0) throw new Error(`no response in ${r.seconds.toFixed(1)} s (${r.errors} socket errors)`);
    const warnings: string[] = [];
    if (r.errors) warnings.push(`${r.errors} socket errors or timeouts in one run`);
    if (r.badStatus) warnings.push(`${r.badStatus} answers not 2xx/3xx in one run`);
    const value = scenario.measure === 'requests' ? r.requests / r.seconds : r.bytes / r.seconds / 1e6;
    return {
      value,
      warnings,
      latency: r.latencyP50Ms === undefined ? undefined : [r.latencyP50Ms, r.latencyP99Ms ?? NaN],
      cpuMicrosPerResponse: cpu / r.requests,
    };
  } finally {
    await server.stop();
  }
}

/** Both servers answer the probe; ours must answer as node:http does. */
async function check(scenario: Scenario): Promise<string | null> {
  const [ours, reference] = [await startServer(OURS), await startServer(REFERENCE)];
  try {
    return await checkScenario(scenario, ours.port, reference.port);
  } finally {
    await Promise.all([ours.stop(), reference.stop()]);
  }
}

async function benchScenario(scenario: Scenario, opts: ServerOptions, load: LoadTool, tag: string, elapsed: () => string): Promise<ServerRow> {
  const cells = new Map<Impl, ServerCell>(IMPLS.map((id) => [id, { server: id, status: 'ok', samples: [], warnings: [] }]));
  log(`${tag}: checking that both servers answer alike`);
  const problem = await check(scenario).catch((err: Error) => `the check failed: ${err.message}`);
  if (problem) {
    log(`${tag}: ${OURS} is not timed here: ${problem}`);
    Object.assign(cells.get(OURS)!, { status: 'disagrees', problem });
  }
  const latencies = new Map<Impl, [number, number][]>(IMPLS.map((id) => [id, []]));
  for (let round = 0; round < opts.rounds; round++) {
    const order = round % 2 === 0 ? [...IMPLS] : [...IMPLS].reverse();
    for (const impl of order) {
      const cell = cells.get(impl)!;
      if (cell.status !== 'ok') continue;
      try {
        const s = await sample(scenario, impl, opts, load);
        cell.samples.push(s.value);
        for (const w of s.warnings) if (!cell.warnings.includes(w)) cell.warnings.push(w);
        if (s.latency) latencies.get(impl)!.push(s.latency);
        if (s.rss) (cell.rss ??= []).push(s.rss);
        if (s.cpuMicrosPerResponse !== undefined) (cell.cpuSamples ??= []).push(s.cpuMicrosPerResponse);
        log(`${tag}: round ${round + 1}/${opts.rounds} ${impl.padEnd(8)} ${s.value.toFixed(scenario.unit === 'req/s' ? 0 : 2)} ${scenario.unit} (${elapsed()})`);
      } catch (err) {
        const message = (err as Error).message;
        log(`${tag}: round ${round + 1}/${opts.rounds} ${impl} FAILED: ${message}`);
        Object.assign(cell, { status: 'failed', problem: message });
      }
    }
  }
  for (const cell of cells.values()) {
    if (cell.status !== 'ok') continue;
    cell.median = median(cell.samples);
    if (cell.cpuSamples?.length) cell.cpuMicrosPerResponse = median(cell.cpuSamples);
    cell.spreadPct = spreadPct(cell.samples);
    const l = latencies.get(cell.server)!;
    if (l.length) {
      cell.latencyP50Ms = median(l.map((x) => x[0]));
      cell.latencyP99Ms = median(l.map((x) => x[1]));
    }
  }
  const row: ServerRow = {
    scenario: scenario.id,
    name: scenario.name,
    detail: scenario.detail,
    unit: scenario.unit,
    higherIsBetter: scenario.higherIsBetter,
    cells: [...cells.values()],
  };
  row.ratio = ratioOf(row, OURS, REFERENCE);
  return row;
}

function select(filters: readonly string[], idleConnections: number): Scenario[] {
  const all = buildScenarios(idleConnections);
  if (filters.length === 0) return all;
  const f = filters.map((s) => s.toLowerCase());
  const chosen = all.filter((s) => f.some((x) => s.id.includes(x) || s.name.toLowerCase().includes(x)));
  if (chosen.length === 0) throw new Error(`--filter ${filters.join(', ')} matches no scenario: ${all.map((s) => s.id).join(', ')}`);
  return chosen;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const scenarios = select(opts.filter, opts.idleConnections);
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  const load = await pickLoadTool(opts.load, log);
  log(
    `server bench: ${scenarios.length} scenarios x ${IMPLS.length} servers, ${opts.rounds} rounds of ${opts.durationS} s ` +
      `(+${opts.warmupS} s warm-up)${opts.quick ? ' (quick)' : ''}, load from ${load.name} ${load.version}`,
  );
  const labels = new Map<Impl, string>();
  for (const impl of IMPLS) {
    const s = await startServer(impl);
    labels.set(impl, s.label);
    await s.stop();
  }

  const rows: ServerRow[] = [];
  for (const [n, scenario] of scenarios.entries()) {
    rows.push(await benchScenario(scenario, opts, load, `[${n + 1}/${scenarios.length}] ${scenario.id}`, elapsed));
  }

  const results: ServerResults = {
    benchmark: 'server',
    machine: serverMachine(load),
    settings: {
      rounds: opts.rounds,
      durationS: opts.durationS,
      warmupS: opts.warmupS,
      uploadRepeats: opts.uploadRepeats,
      idleConnections: opts.idleConnections,
      quick: opts.quick,
      filter: opts.filter,
    },
    reference: REFERENCE,
    servers: IMPLS.map((id) => ({ id, label: labels.get(id)! })),
    rows,
  };
  const m = results.machine;
  process.stdout.write(
    `\nNode ${m.node} on ${m.cpu}, ${m.cores} cores, ${m.os}; load: ${m.loadTool} ${m.loadToolVersion}${m.loadTool === 'wrk' ? ' (one thread, -t1)' : ' (in the benchmark process)'}; ${m.date}\n` +
      `${results.servers.map((s) => `${s.id} = ${s.label}`).join('; ')}\n` +
      `median of ${opts.rounds} rounds of ${opts.durationS} s (servers alternating, a fresh process per run); +-% = IQR / median\n` +
      `ratio: ours / node:http for req/s and MB/s, node:http / ours for memory: above 1 ours is better\n\n` +
      `${renderServerTable(results)}\n`,
  );
  if (opts.write) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(new URL('server.json', RESULTS_DIR), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(new URL('server.svg', RESULTS_DIR), renderServerSvg(results));
    process.stdout.write(`\nwrote bench/results/server.json and bench/results/server.svg (${elapsed()} in all)\n`);
  } else {
    process.stdout.write(`\n(not written: quick or filtered run; pass --write to keep it) ${elapsed()} in all\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
