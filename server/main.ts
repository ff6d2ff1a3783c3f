/** `npm run server`: the local runtime only (HTTP API + whatever H5 build exists). `--demo` seeds a demo community. */
import { mkdirSync } from 'fs';
import { dirname, resolve } from 'path';
import { startRuntime } from './runtime';
import { DEMO, seedDemo } from './seed';

async function main() {
  const demo = process.argv.includes('--demo');
  const dbFile = resolve(process.env.BABYHOUSE_DB || 'data/babyhouse.db');
  mkdirSync(dirname(dbFile), { recursive: true });
  const districtAdmins = (process.env.BABYHOUSE_ADMIN_OPENIDS || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (demo && !districtAdmins.includes(DEMO.districtAdmin)) districtAdmins.push(DEMO.districtAdmin);
  const port = Number(process.env.PORT || 3000);
  const headersTimeoutMs = Number(process.env.BABYHOUSE_HEADERS_TIMEOUT_MS) || undefined;
  const rt = await startRuntime({ dbFile, port, districtAdmins, publicUrl: process.env.BABYHOUSE_PUBLIC_URL, guard: { headersTimeoutMs } });
  if (demo) await seedDemo(rt.services);
  console.log(`[babyhouse] listening on http://localhost:${port} (db ${dbFile})`);
  const stop = async () => {
    await rt.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
