// The parser's test suite under Bun and Deno (issue #8): the README promises
// the parser runs there, so its own portable test files run there unchanged,
// each in a child process of the runtime installed from npm (root
// devDependencies `bun` and `deno`; their postinstall, allowed in
// pnpm-workspace.yaml, puts the real binaries behind node_modules/.bin).
// Left out: compat.test.ts, which compares with Node's own parser through
// process.binding('http_parser'), something only Node has.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const testDir = fileURLToPath(new URL('./', import.meta.url));
const suiteDir = join(root, '../shared/llhttp-suite'); // llhttp-suite.test.ts reads its cases there
const files = ['errors', 'lenient', 'limits', 'parser', 'llhttp-suite'].map((f) => join(testDir, `${f}.test.ts`));
const denoDir = mkdtempSync(join(tmpdir(), 'purehttp-deno-'));

const runtimes: Record<string, (file: string) => string[]> = {
  bun: (file) => ['run', '--no-install', file], // --no-install: never auto-install from a registry
  // --node-modules-dir=manual and --cached-only: resolve `uvu` from the pnpm-installed node_modules, never fetch.
  // --sloppy-imports: the sources import siblings as './x.js' while the files are x.ts (as tsc wants).
  // Reads limited to the repository and the llhttp cases; env is read by uvu's colour library.
  deno: (file) => ['run', '--no-prompt', '--node-modules-dir=manual', '--cached-only', '--sloppy-imports',
    `--allow-read=${root},${suiteDir}`, '--allow-env', file],
};

interface Run { code: number | null; output: string; total: number; passed: number }

function run(runtime: string, file: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0',
    DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1' };
  // The coverage that scripts/test.ts collects is Node's; other runtimes must not write into it.
  delete env.NODE_V8_COVERAGE;
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules/.bin', runtime), runtimes[runtime](file), { cwd: root, env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      // uvu's summary: "Total: N" and "Passed: N" (colour codes stripped in case a runtime ignores NO_COLOR).
      const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
      const num = (label: string) => Number(plain.match(new RegExp(`${label}:\\s+(\\d+)`))?.[1] ?? -1);
      resolve({ code, output: plain, total: num('Total'), passed: num('Passed') });
    });
  });
}

const test = suite('http-parser tests under Bun and Deno');
test.after(() => rmSync(denoDir, { recursive: true, force: true }));

for (const runtime of Object.keys(runtimes)) {
  for (const file of files) {
    const name = file.slice(testDir.length);
    test(`${runtime} ${name}`, async () => {
      const r = await run(runtime, file);
      // Lower-cased so that scripts/test.ts, which reads our own "Total:" line, cannot take the child's for ours.
      const tail = r.output.split('\n').slice(-40).join('\n').replace(/(Total|Passed|Skipped):/g, (m) => m.toLowerCase());
      assert.is(r.code, 0, `${runtime} ${name} exited ${r.code}:\n${tail}`);
      assert.ok(r.total > 0, `${runtime} ${name} reported no tests:\n${tail}`);
      assert.is(r.passed, r.total, `${runtime} ${name}: ${r.passed} of ${r.total} passed`);
    });
  }
}

test.run();
