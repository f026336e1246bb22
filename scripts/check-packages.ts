// Checks that every built package installs cleanly for its users (issue #8).
// Each package with a dist/ is packed by pnpm (which turns `workspace:*` into
// real versions, as a publish would), and its tarball must: pass attw (types
// resolve for import and require under every module resolution) and publint
// (errors and warnings fail; suggestions are shown); hold nothing but dist/,
// README.md, LICENSE and package.json; depend on nothing outside the
// workspace; and, installed by npm into an empty project outside the
// workspace (offline, from the tarballs only), work when imported from an
// .mjs and required from a .cjs file. Prints one line per package and exits
// non-zero on any problem.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { root, workspacePackages } from './workspace.ts';

const started = Date.now();
const require = createRequire(import.meta.url);
const attwBin = join(require.resolve('@arethetypeswrong/cli/package.json'), '../dist/index.js');
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const noColor = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
/** What a tarball may hold: the build, and the files npm always shows. */
const allowed = /^package\/(dist\/.+|README\.md|LICENSE|package\.json)$/;

/** Exercises each package for real; `pkg` is the module, `net` and `http` are Node's. */
const smoke: Record<string, string> = {
  '@purehttp/http-parser': `
    let url = '';
    class H extends pkg.ParserHandler { onUrl(b, s, e) { url += String.fromCharCode(...b.subarray(s, e)); } }
    const rc = new pkg.Parser(new H()).execute(new TextEncoder().encode('GET /hello HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n'));
    if (rc !== pkg.ERROR.OK || url !== '/hello') throw new Error('parsed ' + rc + ' ' + url);`,
  '@purehttp/freelist': `
    const list = new pkg.FreeList('things', 2, () => ({}));
    const a = list.alloc();
    if (!list.free(a) || list.alloc() !== a) throw new Error('FreeList did not reuse the freed object');`,
  '@purehttp/net-server': `
    let connections = 0;
    const server = new pkg.NetServer((socket) => { connections++; socket.end(); });
    await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
    await new Promise((resolve, reject) => net.connect(server.address().port, '127.0.0.1').on('error', reject).on('close', resolve).resume());
    await new Promise((resolve) => server.close(resolve));
    if (connections !== 1) throw new Error('connections: ' + connections);`,
  '@purehttp/outgoing-message': `
    const res = new pkg.ServerResponse({ method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1, headers: {} });
    res.setHeader('X-A', '1');
    if (res.getHeader('x-a') !== '1' || res.headersSent || pkg.STATUS_CODES[404] !== 'Not Found') throw new Error('ServerResponse');`,
  '@purehttp/http-server': `
    const server = pkg.createServer((req, res) => res.end('hi ' + req.url));
    await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
    const body = await new Promise((resolve, reject) => http.get('http://127.0.0.1:' + server.address().port + '/x', (res) => {
      let text = ''; res.setEncoding('utf8').on('data', (d) => (text += d)).on('end', () => resolve(text));
    }).on('error', reject));
    await new Promise((resolve) => { server.close(resolve); server.closeAllConnections?.(); });
    if (body !== 'hi /x') throw new Error('body: ' + body);`,
};

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, timeout: 120_000 });
  return { ok: r.status === 0, stdout: r.stdout ?? '', out: noColor(`${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`) };
}

const work = mkdtempSync(join(tmpdir(), 'purehttp-packages-'));
const packs = join(work, 'packs');
const all = workspacePackages();
const built = all.filter((p) => existsSync(join(p.dir, 'dist')));
const skipped = all.filter((p) => !built.includes(p)).map((p) => p.name);
let failures = 0;

try {
  if (built.length === 0) throw new Error('no package has a dist/: run `pnpm build` first');
  // One pnpm run packs them all; --json names each tarball.
  const packed = run('npx', ['--yes', `pnpm@${pnpmVersion}`, '-r', ...built.flatMap((p) => ['--filter', p.name]),
    'pack', '--pack-destination', packs, '--json'], root);
  if (!packed.ok) throw new Error(`pnpm pack failed:\n${packed.out}`);
  const tarballs = new Map<string, string>(
    (JSON.parse(packed.stdout) as Array<{ name: string; filename: string }>).map((t) => [t.name, t.filename]));

  for (const p of built) {
    const problems: string[] = [];
    const notes: string[] = [];
    const tgz = tarballs.get(p.name);
    if (!tgz) { failures++; process.stdout.write(`FAIL ${p.name}: not packed\n`); continue; }

    const listing = run('tar', ['tzf', tgz], root).stdout.trim().split('\n');
    for (const f of listing) if (!allowed.test(f)) problems.push(`tarball holds ${f}`);
    for (const f of ['package/README.md', 'package/LICENSE']) if (!listing.includes(f)) notes.push(`tarball lacks ${f.slice(8)}`);
    const manifest = JSON.parse(run('tar', ['xzOf', tgz, 'package/package.json'], root).stdout);
    const deps = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
    for (const [dep, range] of Object.entries(deps)) {
      if (!all.some((q) => q.name === dep)) problems.push(`runtime dependency outside the workspace: ${dep}`);
      if (String(range).startsWith('workspace:')) problems.push(`unrewritten ${dep}@${range}`);
    }

    const attw = run(process.execPath, [attwBin, tgz, '--format', 'json'], root);
    try {
      const report = JSON.parse(attw.stdout);
      if (!report.analysis.types) problems.push('attw: no types');
      for (const list of Object.values(report.problems ?? {}) as Array<Array<{ kind: string; entrypoint?: string; resolutionKind?: string }>>)
        for (const x of list) problems.push(`attw: ${x.kind} ${x.entrypoint ?? ''} ${x.resolutionKind ?? ''}`.trim());
    } catch { problems.push(`attw did not report:\n${attw.out}`); }

    const data = readFileSync(tgz);
    const lint = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer }, level: 'suggestion' });
    for (const m of lint.messages) {
      const full = noColor(formatMessage(m, lint.pkg) ?? m.code);
      // Suggestions are advice (e.g. engines.node for the runtime-neutral packages): their first sentence is enough.
      const text = `publint ${m.type}: ${m.type === 'suggestion' ? full.split('. ')[0] : full}`;
      (m.type === 'suggestion' ? notes : problems).push(text);
    }

    // An empty project outside the workspace, with this tarball and the siblings it needs (transitively).
    const needed = new Set<string>([p.name]);
    for (const name of needed) for (const s of all.find((q) => q.name === name)?.siblings ?? []) needed.add(s);
    const app = join(work, p.name.replace('/', '-'));
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock',
      ...[...needed].map((n) => tarballs.get(n) ?? `missing-tarball-of-${n}`)], app);
    if (!install.ok) problems.push(`npm install failed:\n${install.out}`);
    else {
      const body = smoke[p.name] ?? 'if (Object.keys(pkg).length === 0) throw new Error("no exports");';
      if (!smoke[p.name]) notes.push('no smoke test written for it: only checked that it exports something');
      const tail = `\nconsole.log('works');`;
      writeFileSync(join(app, 'esm.mjs'), `import * as pkg from '${p.name}';\nimport net from 'node:net';\nimport http from 'node:http';\n${body}${tail}\n`);
      writeFileSync(join(app, 'cjs.cjs'), `const pkg = require('${p.name}');\nconst net = require('node:net');\nconst http = require('node:http');\n` +
        `(async () => {${body}${tail}\n})().catch((e) => { console.error(e); process.exit(1); });\n`);
      for (const file of ['esm.mjs', 'cjs.cjs']) {
        const r = run(process.execPath, [file], app);
        if (!r.ok || !r.out.includes('works')) problems.push(`${file} failed:\n${r.out}`);
      }
    }

    if (problems.length) failures++;
    const size = `${(data.byteLength / 1024).toFixed(1)} KiB`;
    process.stdout.write(`${problems.length ? 'FAIL' : 'ok  '} ${p.name}@${manifest.version}  ${listing.length} files, ${size}: ` +
      `${problems.length ? `${problems.length} problems` : 'attw, publint, contents, import, require ok'}\n`);
    for (const line of [...problems, ...notes]) process.stdout.write(`     ${line.replace(/\n/g, '\n     ')}\n`);
  }
} catch (err) {
  failures++;
  process.stdout.write(`FAIL ${(err as Error).message}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

const skipNote = skipped.length ? `; not built, skipped: ${skipped.join(', ')}` : '';
process.stdout.write(`check-packages: ${Math.max(0, built.length - failures)} of ${built.length} packages ok in ${((Date.now() - started) / 1000).toFixed(1)} s${skipNote}\n`);
if (failures) process.exitCode = 1;
