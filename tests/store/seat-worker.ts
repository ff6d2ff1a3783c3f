/**
 * Child process for the two-process test (run with `node --import tsx`): waits for "go" on IPC, then
 * tries `attempts` seat-taking transactions on the shared SQLite file (read-modify-write, no inc) and
 * reports how many succeeded.
 *   argv: <dbFile> <attempts> <workerName>
 */
import { openSqliteStore } from '../../cloudfunctions/store/sqlite';

const [file, attemptsArg, worker] = process.argv.slice(2);
const attempts = Number(attemptsArg);

async function main() {
  const store = openSqliteStore(file);
  process.send!({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  let ok = 0;
  let full = 0;
  // Several in flight at once, so the in-process mutex and the cross-process lock both get exercised.
  const one = async (i: number) => {
    try {
      await store.transaction(async (tx) => {
        const s = await tx.get('sessions', 'shared');
        const booked = s!.booked as number;
        if (booked >= (s!.capacity as number)) throw new Error('FULL');
        await tx.update('sessions', 'shared', { set: { booked: booked + 1 } });
        await tx.create('bookings', { _id: `${worker}-${i}`, sessionId: 'shared', worker });
      });
      ok++;
    } catch (e) {
      if ((e as Error).message === 'FULL') full++;
      else throw e;
    }
  };
  const batch = 8;
  for (let i = 0; i < attempts; i += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, attempts - i) }, (_, j) => one(i + j)));
  }
  await store.close();
  process.send!({ ok, full }, () => process.exit(0));
}

main().catch((e) => {
  process.send!({ error: String(e?.stack ?? e) }, () => process.exit(1));
});
