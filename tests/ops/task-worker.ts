/**
 * Child process for the two-process reminder test (run with `node --import tsx`): opens the same SQLite
 * file as the test's runtime, freezes its clock at `now`, waits for "go" on IPC, then runs the scheduled
 * tasks `runs` times at once and reports what it wrote.
 *   argv: <dbFile> <nowIso> <runs>
 */
import { openSqliteStore } from '../../cloudfunctions/store/sqlite';
import { createServices } from '../../cloudfunctions/core/services';
import { hmacSigner, randomIds } from '../../cloudfunctions/core/deps';
import { ControllableClock } from '../../cloudfunctions/core/time';

const [file, nowIso, runsArg] = process.argv.slice(2);

async function main() {
  const store = openSqliteStore(file);
  const clock = new ControllableClock();
  clock.set(new Date(nowIso));
  const services = createServices(
    {
      store,
      clock,
      ids: randomIds,
      signer: hmacSigner('worker-secret'),
      config: { districtAdmins: [], publicUrl: 'http://localhost', platform: 'local' },
    },
    { deliver: async () => undefined },
  );
  process.send!({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const reports = await Promise.all(Array.from({ length: Number(runsArg) }, () => services.scheduler.runDue()));
  await store.close();
  process.send!({ reminders: reports.reduce((n, r) => n + r.reminders, 0) }, () => process.exit(0));
}

main().catch((e) => {
  process.send!({ error: String(e?.stack ?? e) }, () => process.exit(1));
});
