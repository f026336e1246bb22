// The system programs some tests drive: curl (a real HTTP client), openssl
// (HTTPS test certificates), Debian's chromium (the parser's browser test
// and the demo's) and nginx (the server behind a reverse proxy). `pnpm test`
// runs this first, so that the README's test command works on a fresh
// machine that has only Node and npm: missing tools are installed with
// apt-get when we may (root, or passwordless sudo); otherwise it says exactly
// what to install and fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const tools: Array<{ pkg: string; present: () => boolean }> = [
  { pkg: 'curl', present: () => onPath('curl') },
  { pkg: 'openssl', present: () => onPath('openssl') },
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'nginx', present: () => existsSync('/usr/sbin/nginx') },
];

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const missing = tools.filter((t) => !t.present()).map((t) => t.pkg);
if (missing.length > 0) {
  const root = process.getuid?.() === 0;
  const sudo = !root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!root && !sudo) {
    process.stderr.write(`The tests need: ${missing.join(', ')}. Install them (e.g. apt-get install ${missing.join(' ')}) and run again.\n`);
    process.exit(1);
  }
  const run = (args: string[]) =>
    execFileSync(root ? args[0] : 'sudo', root ? args.slice(1) : args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  process.stdout.write(`installing ${missing.join(', ')} with apt-get\n`);
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', ...missing]);
}
