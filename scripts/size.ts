/**
 * `npm run size`: the weapp main package and each subpackage in KB, from dist/weapp (build first).
 * Exits non-zero when the main package is over MAIN_LIMIT_KB (480 KB; WeChat's hard limit is 2 MB).
 */
import fs from 'node:fs';
import path from 'node:path';

const MAIN_LIMIT_KB = Number(process.env.MAIN_LIMIT_KB || 480);
const SUB_LIMIT_KB = 2048;
const root = path.resolve(__dirname, '..', 'dist', 'weapp');
const IGNORED = new Set(['project.config.json', 'project.private.config.json']);

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

function main(): number {
  const appJson = path.join(root, 'app.json');
  if (!fs.existsSync(appJson)) {
    console.error('dist/weapp/app.json not found: run `npm run build:weapp` first');
    return 2;
  }
  const app = JSON.parse(fs.readFileSync(appJson, 'utf8')) as {
    subPackages?: Array<{ root: string }>;
    subpackages?: Array<{ root: string }>;
  };
  const subRoots = (app.subPackages || app.subpackages || []).map((s) => s.root.replace(/\/$/, ''));
  const sizes = new Map<string, number>([['main', 0], ...subRoots.map((r) => [r, 0] as [string, number])]);
  for (const file of walk(root)) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (IGNORED.has(rel) || rel.endsWith('.map')) continue;
    const owner = subRoots.find((r) => rel === r || rel.startsWith(`${r}/`)) || 'main';
    sizes.set(owner, (sizes.get(owner) || 0) + fs.statSync(file).size);
  }
  let total = 0;
  console.log('weapp package sizes (dist/weapp)');
  for (const [name, bytes] of sizes) {
    total += bytes;
    const limit = name === 'main' ? MAIN_LIMIT_KB : SUB_LIMIT_KB;
    const label = name === 'main' ? 'main package' : `subpackage ${name}/`;
    console.log(`  ${label.padEnd(24)} ${kb(bytes).padStart(8)} KB  (limit ${limit} KB)`);
  }
  console.log(`  ${'total'.padEnd(24)} ${kb(total).padStart(8)} KB`);
  const main = sizes.get('main') || 0;
  let code = 0;
  if (main > MAIN_LIMIT_KB * 1024) {
    console.error(`main package ${kb(main)} KB is over the ${MAIN_LIMIT_KB} KB budget`);
    code = 1;
  }
  for (const r of subRoots) {
    if ((sizes.get(r) || 0) > SUB_LIMIT_KB * 1024) {
      console.error(`subpackage ${r}/ is over WeChat's ${SUB_LIMIT_KB} KB limit`);
      code = 1;
    }
  }
  return code;
}

process.exit(main());
