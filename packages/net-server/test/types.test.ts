// Runs the TypeScript compiler over the type tests: types.test-d.ts must
// compile with zero diagnostics under the package's compiler options (so
// each of its @ts-expect-error lines really is an error), and each misuse
// below must fail to compile on its own.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import ts from 'typescript';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const Types = suite('typed events (TypeScript compiler)');
const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const typeTests = join(packageDir, 'test', 'types.test-d.ts');

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(packageDir, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, packageDir, undefined, configPath);
  // The package's own options, widened only so that test/ may be included.
  return { ...parsed.options, rootDir: packageDir, noEmit: true, declaration: false };
}

function format(diagnostics: readonly ts.Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${d.file?.fileName ?? ''}:${where ? where.line + 1 : ''} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    })
    .join('\n');
}

/** Compiles `files` (real paths, plus virtual sources by path) and returns the diagnostics per file. */
function compile(files: string[], virtual: Record<string, string> = {}): Map<string, ts.Diagnostic[]> {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, ...rest) =>
    name in virtual ? ts.createSourceFile(name, virtual[name]!, ts.ScriptTarget.ES2022, true) : getSourceFile.call(host, name, ...rest);
  host.fileExists = (name) => name in virtual || fileExists.call(host, name);
  host.readFile = (name) => (name in virtual ? virtual[name] : readFile.call(host, name));
  const program = ts.createProgram([...files, ...Object.keys(virtual)], options, host);
  const byFile = new Map<string, ts.Diagnostic[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const key = d.file?.fileName ?? '(global)';
    byFile.set(key, [...(byFile.get(key) ?? []), d]);
  }
  return byFile;
}

Types('types.test-d.ts compiles with zero diagnostics (every @ts-expect-error is used)', () => {
  const diagnostics = [...compile([typeTests]).values()].flat();
  assert.is(diagnostics.length, 0, format(diagnostics));
});

// Each row alone, without @ts-expect-error: must (or must not) compile.
const header = `import { NetServer, type NetServerEventMap } from '${join(packageDir, 'src', 'index.js')}';\nconst server = new NetServer();\n`;
const rows: Array<[label: string, code: string, compiles: boolean]> = [
  ["server.on('connection', socket => ...)", "server.on('connection', (socket) => socket.end());", true],
  ["server.on('conection', ...)", "server.on('conection', () => {});", false],
  ["server.emit('drop', 42)", "server.emit('drop', 42);", false],
  ["server.on('connection', (s: string) => ...)", "server.on('connection', (s: string) => void s);", false],
  ['a subclass emitting its extra event', "class S extends NetServer<NetServerEventMap & { ping: [n: number] }> { p() { this.emit('ping', 1); } }", true],
  ['a subclass emitting its extra event wrongly', "class S extends NetServer<NetServerEventMap & { ping: [n: number] }> { p() { this.emit('ping', 'x'); } }", false],
];

Types('each misuse fails to compile on its own; correct uses compile', () => {
  const virtual: Record<string, string> = {};
  rows.forEach(([, code], i) => (virtual[join(packageDir, 'test', `__virtual_${i}.ts`)] = `${header}${code}\nexport {};\n`));
  const diagnostics = compile([], virtual);
  rows.forEach(([label, , compiles], i) => {
    const found = diagnostics.get(join(packageDir, 'test', `__virtual_${i}.ts`)) ?? [];
    assert.is(found.length === 0, compiles, `${label}: ${compiles ? format(found) : 'should not compile'}`);
  });
  assert.is(diagnostics.get('(global)'), undefined);
});

Types.run();
