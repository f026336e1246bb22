/**
 * Every process the server benchmark starts (servers, the idle-connection
 * client, wrk) goes through here, so that all of them are killed when the
 * benchmark ends, whether it finishes, throws, or gets Ctrl-C. The servers
 * also exit by themselves when their stdin (a pipe from us) closes.
 *
 * A process that needs many file descriptors (5,000 idle connections) is
 * started through `bash -c 'ulimit -n N; exec …'` when our soft limit is too
 * low and the hard limit allows more.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Impl } from './routes.js';

const live = new Set<ChildProcess>();
const cleanups: (() => void)[] = [];

function killAll(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  live.clear();
  for (const c of cleanups.splice(0)) {
    try {
      c();
    } catch {
      // best effort at exit
    }
  }
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\n${signal}: stopping the servers and load generators\n`);
    killAll();
    process.exit(130);
  });
}

/** A temporary directory, removed at exit. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'purehttp-bench-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** spawn(), tracked: killed at exit if still running. */
export function start(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, options);
  live.add(child);
  child.on('exit', () => live.delete(child));
  child.on('error', () => live.delete(child));
  return child;
}

/** Resolves when the child has exited; SIGKILLs it first if `kill`. */
export function stop(child: ChildProcess, kill = true): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    if (kill) child.kill('SIGKILL');
  });
}

/** Soft and hard limits on open files, as bash reports them (`unlimited` as Infinity). */
export function fdLimits(): { soft: number; hard: number } {
  const r = spawnSync('bash', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8', timeout: 5000 });
  const [soft, hard] = (r.stdout ?? '').trim().split('\n').map((s) => (s === 'unlimited' ? Infinity : Number(s)));
  const s = Number.isNaN(soft) || soft === undefined ? 1024 : soft;
  return { soft: s, hard: Number.isNaN(hard) || hard === undefined ? s : hard };
}

/**
 * `[command, args]` that run `command args` with at least `need` open files
 * allowed, through bash's ulimit if ours is lower. Returns the limit the
 * command will have.
 */
export function withFdLimit(command: string, args: readonly string[], need: number): { command: string; args: string[]; limit: number } {
  const { soft, hard } = fdLimits();
  if (soft >= need) return { command, args: [...args], limit: soft };
  const limit = Math.min(hard, Math.max(need, 20_000));
  return { command: 'bash', args: ['-c', `ulimit -n ${limit} && exec "$0" "$@"`, command, ...args], limit };
}

/** Node flags our children need: the parent's (tsx's loader, so they can be TypeScript) plus ours. */
export function nodeArgs(script: string, extra: readonly string[] = []): string[] {
  return [...process.execArgv, ...extra, fileURLToPath(new URL(script, import.meta.url))];
}

/** Reads the first line a child prints on stdout, or fails after `timeoutMs`. */
export function firstLine(child: ChildProcess, what: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (err: Error | null, line?: string) => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(line!);
    };
    const onData = (b: Buffer) => {
      text += b.toString('utf8');
      const nl = text.indexOf('\n');
      if (nl >= 0) done(null, text.slice(0, nl));
    };
    const onExit = (code: number | null, signal: string | null) => done(new Error(`${what} exited (${code ?? signal}) before it was ready`));
    const timer = setTimeout(() => done(new Error(`${what} was not ready within ${timeoutMs} ms`)), timeoutMs);
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

export interface RunningServer {
  impl: Impl;
  label: string;
  port: number;
  child: ChildProcess;
  /** True once the process has exited (a crash under load shows here). */
  exited(): boolean;
  stop(): Promise<void>;
}

/** Starts server-process.ts for `impl` (with --expose-gc, and `fds` open files allowed) and waits for its port. */
export async function startServer(impl: Impl, fds = 4096): Promise<RunningServer> {
  const { command, args } = withFdLimit(process.execPath, [...nodeArgs('./server-process.ts', ['--expose-gc']), impl], fds);
  const child = start(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await firstLine(child, `the ${impl} server`, 20_000).catch(async (err: Error) => {
    await stop(child);
    throw err;
  });
  const { port, label } = JSON.parse(line) as { port: number; label: string };
  return {
    impl,
    label,
    port,
    child,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: () => stop(child),
  };
}
