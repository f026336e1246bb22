// Builds every package: esbuild bundles src/index.ts to dist/index.js (ESM)
// and dist/index.cjs (CJS); tsc writes the .d.ts files, which are copied to
// .d.cts (with their relative specifiers pointing at .cjs) so that `require`
// users get declarations typed as CommonJS.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { workspacePackages, root } from './workspace.ts';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const only = process.argv.slice(2);

for (const pkg of workspacePackages()) {
  if (only.length && !only.some((o) => pkg.name.endsWith(o))) continue;
  const dist = join(pkg.dir, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const common = {
    entryPoints: [join(pkg.dir, 'src/index.ts')],
    bundle: true,
    platform: pkg.platform,
    target: 'es2022',
    external: [...pkg.external, 'node:*'],
    logLevel: 'warning' as const,
    legalComments: 'none' as const,
  };
  await build({ ...common, format: 'esm', outfile: join(dist, 'index.js') });
  await build({ ...common, format: 'cjs', outfile: join(dist, 'index.cjs') });
  execFileSync(process.execPath, [tsc, '-p', join(pkg.dir, 'tsconfig.json'), '--emitDeclarationOnly', '--declaration'], {
    cwd: root,
    stdio: 'inherit',
  });
  copyDeclarationsAsCjs(dist);
  process.stdout.write(`built ${pkg.name}\n`);
}

function copyDeclarationsAsCjs(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const file = join(dir, entry);
    if (statSync(file).isDirectory()) copyDeclarationsAsCjs(file);
    else if (entry.endsWith('.d.ts')) {
      const text = readFileSync(file, 'utf8').replace(/(from\s+'\.{1,2}\/[^']*)\.js'/g, "$1.cjs'");
      writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), text);
    }
  }
}
