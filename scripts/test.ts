// The test command: every packages/*/test/*.test.ts file runs in its own
// process (each file is runnable alone with `tsx file`), two at a time,
// under c8 so that coverage is collected across all of them. Ends with
// "N passed, M failed" and a non-zero exit when anything failed or coverage
// of the parser fell under its floor.
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, existsSync, rmSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { cpus } from 'node:os';
import { workspacePackages, root } from './workspace.ts';

const args = process.argv.slice(2);
const coverage = !args.includes('--no-coverage');
const filters = args.filter((a) => !a.startsWith('--'));
const require = createRequire(import.meta.url);
const c8 = require.resolve('c8/bin/c8.js');
const tsxCli = require.resolve('tsx/cli');
const coverageDir = join(root, 'coverage', 'tmp');

/** Line coverage floors, per package source folder (issue #2: the parser ≥ 95%). */
const floors: Record<string, number> = { 'packages/http-parser/src': 95 };

const files = workspacePackages()
  .flatMap((p) => {
    const dir = join(p.dir, 'test');
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => join(dir, f)) : [];
  })
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));

if (coverage) {
  rmSync(join(root, 'coverage'), { recursive: true, force: true });
  mkdirSync(coverageDir, { recursive: true });
}

/** Longest a test file may run (the slowest, the robustness suites, take ~20 s). */
const FILE_LIMIT_S = 180;

interface Outcome { file: string; passed: number; failed: number; skipped: number; code: number; output: string }

function runFile(file: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const env = { ...process.env, FORCE_COLOR: '0' } as NodeJS.ProcessEnv;
    if (coverage) env.NODE_V8_COVERAGE = coverageDir;
    const child = spawn(process.execPath, [tsxCli, file], { cwd: root, env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // A test that hangs fails its file rather than stalling the run (and CI).
    const limit = setTimeout(() => {
      output += `\n${relative(root, file)}: still running after ${FILE_LIMIT_S} s: killed\n`;
      child.kill('SIGKILL');
    }, FILE_LIMIT_S * 1000);
    child.on('close', (code) => {
      clearTimeout(limit);
      const num = (label: string) => Number(output.match(new RegExp(`${label}:\\s+(\\d+)`))?.[1] ?? 0);
      const total = num('Total');
      const passed = num('Passed');
      const skipped = num('Skipped');
      const failed = total - passed - skipped + (code !== 0 && total === passed ? 1 : 0);
      resolve({ file, passed, failed, skipped, code: code ?? 1, output });
    });
  });
}

const started = Date.now();
const results: Outcome[] = [];
const queue = [...files];
const workers = Array.from({ length: Math.max(1, Math.min(2, cpus().length)) }, async () => {
  for (let file = queue.shift(); file; file = queue.shift()) {
    const r = await runFile(file);
    results.push(r);
    const mark = r.failed === 0 && r.code === 0 ? 'ok  ' : 'FAIL';
    process.stdout.write(`${mark} ${relative(root, file)}  (${r.passed} passed${r.failed ? `, ${r.failed} failed` : ''})\n`);
    if (mark === 'FAIL') process.stdout.write(r.output.replace(/^/gm, '     ') + '\n');
  }
});
await Promise.all(workers);

let coverageOk = true;
if (coverage) {
  const report = (include: string[], extra: string[] = []) =>
    execFileSync(process.execPath, [c8, 'report', '--temp-directory', coverageDir, '--reporter', 'text-summary',
      ...include.flatMap((i) => ['--include', i]), ...extra], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  for (const [dir, floor] of Object.entries(floors)) {
    try {
      const out = report([`${dir}/**`], ['--check-coverage', '--lines', String(floor)]);
      process.stdout.write(`\ncoverage of ${dir} (floor ${floor}% lines):\n${out.trim()}\n`);
    } catch (err) {
      coverageOk = false;
      const e = err as { stdout?: string; stderr?: string };
      process.stdout.write(`\ncoverage of ${dir} is under ${floor}% lines:\n${e.stdout ?? ''}${e.stderr ?? ''}\n`);
    }
  }
  process.stdout.write(`\ncoverage of all packages:\n${report(['packages/*/src/**']).trim()}\n`);
}

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
process.stdout.write(`\n${results.length} test files in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
if (failed > 0 || !coverageOk || results.length === 0) process.exitCode = 1;
