/**
 * autocannon (npm) as the fallback load generator, when wrk cannot be had.
 * It runs in this process: the benchmark's parent does nothing else while a
 * load runs, so the server still has a core of its own, but autocannon
 * itself is slower than wrk, and the figures of the two tools are not
 * comparable with each other (the ratios are).
 */
import { createRequire } from 'node:module';
import type { LoadRun, LoadTool } from './load.js';

interface AutocannonOptions {
  url: string;
  connections: number;
  pipelining: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeout: number;
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  latency: { p50: number; p99: number };
  requests: { total: number };
  throughput: { total: number };
}

/** autocannon ships no types; this is the part of its API used here. */
type Autocannon = (opts: AutocannonOptions) => Promise<AutocannonResult>;

export function autocannonTool(): LoadTool {
  const require = createRequire(import.meta.url);
  const autocannon = require('autocannon') as Autocannon;
  const { version } = require('autocannon/package.json') as { version: string };
  return {
    name: 'autocannon',
    version,
    async run(port, spec, seconds): Promise<LoadRun> {
      const r = await autocannon({
        url: `http://127.0.0.1:${port}${spec.path}`,
        connections: spec.connections,
        pipelining: spec.pipeline,
        duration: seconds,
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        timeout: 10,
      });
      return {
        requests: r.requests.total,
        bytes: r.throughput.total,
        seconds: r.duration,
        errors: r.errors + r.timeouts,
        badStatus: r.non2xx,
        latencyP50Ms: r.latency.p50,
        latencyP99Ms: r.latency.p99,
      };
    },
  };
}
