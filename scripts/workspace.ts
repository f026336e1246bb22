// The workspace's publishable packages, in dependency order (leaves first),
// so that each one's build finds the declarations of the siblings it imports.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface WorkspacePackage {
  dir: string;
  name: string;
  platform: 'neutral' | 'node';
  /** Workspace siblings this package depends on at run time. */
  siblings: string[];
  /** Everything esbuild must leave out of the bundle. */
  external: string[];
}

export const root = new URL('..', import.meta.url).pathname;

export function workspacePackages(): WorkspacePackage[] {
  const base = join(root, 'packages');
  const all = readdirSync(base)
    .map((d) => join(base, d))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const deps = { ...pkg.dependencies, ...pkg.peerDependencies };
      return {
        dir,
        name: pkg.name as string,
        platform: (pkg.purehttp?.platform ?? 'node') as 'neutral' | 'node',
        siblings: Object.keys(deps).filter((d) => String(deps[d]).startsWith('workspace:')),
        external: Object.keys(deps),
      };
    });
  const ordered: WorkspacePackage[] = [];
  const visit = (p: WorkspacePackage, seen: Set<string>) => {
    if (ordered.includes(p)) return;
    if (seen.has(p.name)) throw new Error(`dependency cycle at ${p.name}`);
    seen.add(p.name);
    for (const s of p.siblings) {
      const dep = all.find((q) => q.name === s);
      if (dep) visit(dep, seen);
    }
    ordered.push(p);
  };
  for (const p of all) visit(p, new Set());
  return ordered;
}
