// Child processes for the tests that run a whole program (the demo, the
// cluster example, the server under Bun and Deno): started in their own
// process group, so that a failed test can kill them with everything they
// started (tsx's child, cluster workers), and so that nothing outlives the
// test file.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { bounded } from './harness.js';

export interface Program {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /** The first match of `ready` in the output. */
  match: RegExpMatchArray;
  /** The exit code (null when killed by a signal). */
  exit: Promise<number | null>;
  /** Sends `signal` to the program only (tsx relays SIGINT and SIGTERM to the script). */
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL to the whole process group, if still running. */
  kill(): void;
}

const running = new Set<Program>();
process.on('exit', () => running.forEach((p) => p.kill()));

export const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

/** Starts `command args` and resolves once its output matches `ready` (bounded by `ms`). */
export function start(command: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; ready: RegExp; ms?: number }): Promise<Program> {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let dead = false;
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => {
    dead = true;
    resolve(code);
  }));
  const program: Omit<Program, 'match'> = {
    child,
    output: () => output,
    exit,
    signal: (signal) => void (dead || child.kill(signal)),
    kill: () => {
      try {
        if (!dead && child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch { /* already gone */ }
      running.delete(program as Program);
    },
  };
  running.add(program as Program);
  void exit.then(() => running.delete(program as Program));
  const ready = new Promise<Program>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      const match = output.match(opts.ready);
      if (match) resolve(Object.assign(program, { match }));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', reject);
    void exit.then((code) => reject(new Error(`${command} exited (${code}) before ${opts.ready}:\n${output}`)));
  });
  return bounded(ready, opts.ms ?? 30_000, `${args.at(-1) ?? command} start`).catch((err) => {
    program.kill();
    throw new Error(`${(err as Error).message}\n${output}`);
  });
}
