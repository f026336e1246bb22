/**
 * wrk (Debian's package) as the load generator: one thread (`-t1`), a Lua
 * script per kind of request, written to a temporary file. The script's
 * `done()` prints wrk's own counters (requests, bytes, duration in µs,
 * errors, latency percentiles) on one line, so that no figure has to be read
 * back from wrk's human units ("1.23MB" is MiB there).
 *
 * Pipelining is TechEmpower's: `init()` concatenates N copies of
 * `wrk.format()` and `request()` returns them all at once; wrk counts each
 * response.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, stop, tempDir } from './children.js';
import type { LoadRun, LoadSpec, LoadTool } from './load.js';

const which = (name: string): string | null => {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8', timeout: 5000 });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
};

/** wrk's path: on PATH, else installed with apt-get when we are root and `mayInstall`. */
export function findWrk(mayInstall: boolean, log: (s: string) => void): string | null {
  const found = which('wrk');
  if (found || !mayInstall) return found;
  if (process.getuid?.() !== 0 || !which('apt-get')) {
    log('wrk is not on PATH (install it with: apt-get install wrk)');
    return null;
  }
  const apt = (...args: string[]) =>
    spawnSync('apt-get', args, {
      stdio: ['ignore', 2, 2], // apt's chatter goes to stderr, with the rest of the progress
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 300_000,
    }).status === 0;
  log('wrk is not on PATH: apt-get install -y wrk');
  if (!apt('install', '-y', '-q', 'wrk')) {
    log('apt-get install failed: apt-get update, then again');
    if (apt('update', '-q')) apt('install', '-y', '-q', 'wrk');
  }
  return which('wrk');
}

function version(wrk: string): string {
  // `wrk -v` prints "wrk 4.1.0 [epoll] Copyright ..." and exits 1
  const r = spawnSync(wrk, ['-v'], { encoding: 'utf8', timeout: 5000 });
  return /wrk (\S+)/.exec(`${r.stdout}${r.stderr}`)?.[1] ?? 'unknown';
}

const luaString = (s: string) => {
  let eq = '=';
  while (s.includes(`]${eq}]`)) eq += '=';
  return `[${eq}[${s}]${eq}]`;
};

function luaScript(spec: LoadSpec): string {
  const lines = ['-- written by bench/src/server/load-wrk.ts', `wrk.method = ${luaString(spec.method)}`];
  for (const [name, value] of Object.entries(spec.headers)) lines.push(`wrk.headers[ ${luaString(name)} ] = ${luaString(value)}`);
  if (spec.body !== undefined) lines.push(`wrk.body = ${luaString(spec.body)}`);
  if (spec.pipeline > 1) {
    lines.push(
      'init = function(args)',
      '  local r = {}',
      `  for i = 1, ${spec.pipeline} do r[i] = wrk.format() end`,
      '  req = table.concat(r)',
      'end',
      'request = function() return req end',
    );
  }
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format("\\nPUREHTTP_WRK %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f\\n",',
    '    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,',
    '    latency:percentile(50), latency:percentile(99)))',
    'end',
  );
  return `${lines.join('\n')}\n`;
}

export function wrkTool(wrk: string): LoadTool {
  const dir = tempDir();
  const scripts = new Map<string, string>();
  const scriptFor = (spec: LoadSpec): string => {
    const key = JSON.stringify(spec);
    let file = scripts.get(key);
    if (!file) {
      file = join(dir, `load-${scripts.size}.lua`);
      writeFileSync(file, luaScript(spec));
      scripts.set(key, file);
    }
    return file;
  };

  return {
    name: 'wrk',
    version: version(wrk),
    async run(port, spec, seconds): Promise<LoadRun> {
      // wrk takes whole seconds
      const d = Math.max(1, Math.round(seconds));
      const args = ['-t1', `-c${spec.connections}`, `-d${d}s`, '--timeout', '10s', '-s', scriptFor(spec), `http://127.0.0.1:${port}${spec.path}`];
      const child = start(wrk, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
      child.stderr!.on('data', (b: Buffer) => (out += b.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), (d + 20) * 1000);
      await stop(child, false);
      clearTimeout(timer);
      const m = /^PUREHTTP_WRK (.*)$/m.exec(out);
      if (!m) throw new Error(`wrk ${args.join(' ')} printed no result (exit ${child.exitCode ?? child.signalCode}):\n${out.trim()}`);
      const [requests, bytes, us, connect, read, write, status, timeout, p50, p99] = m[1].split(' ').map(Number);
      return {
        requests,
        bytes,
        seconds: us / 1e6,
        errors: connect + read + write + timeout,
        badStatus: status,
        latencyP50Ms: p50 / 1e3,
        latencyP99Ms: p99 / 1e3,
      };
    },
  };
}
