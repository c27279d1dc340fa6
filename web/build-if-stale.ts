// Builds the web apps when web/dist is missing or older than their sources (web/src,
// index.html, public/, the Vite config, and the domain core they share: src/core).
// `npm start` and scripts/test.sh run this, so a fresh checkout and an edited page both
// get a current build without anyone remembering to run `npm run build:web`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const web = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(web, '..');
const built = path.join(web, 'dist', 'index.html');

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const name of readdirSync(p)) max = Math.max(max, newest(path.join(p, name)));
  return max;
}

const sources = [path.join(web, 'src'), path.join(web, 'public'), path.join(web, 'index.html'), path.join(web, 'vite.config.ts'), path.join(root, 'src', 'core')];
const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
const changedAt = Math.max(...sources.map(newest));

if (builtAt >= changedAt && !process.argv.includes('--force')) {
  process.exit(0);
}
console.log(builtAt === 0 ? 'Building the web apps (web/dist is missing)…' : 'Building the web apps (web/src changed since the last build)…');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const res = spawnSync(npx, ['vite', 'build', '--config', path.join(web, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
process.exit(res.status ?? 1);
