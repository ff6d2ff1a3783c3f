/**
 * Crash: kill -9 the runtime process in the middle of a booking rush, restart it on the same
 * database file, and check that the invariants hold and that every booking a client was told is
 * confirmed is still there. Then the phones retry (same requestIds) against the restarted process — it
 * is killed once more in the middle of that — and after a last restart every retry is answered: the
 * confirmed answers seen before are replayed unchanged and the sessions end exactly full.
 */
import { addDays } from '../../cloudfunctions/core/time';
import { formatInvariantReport } from '../../cloudfunctions/core/invariants';
import { checkDatabaseFile, readSnapshot } from '../../scripts/check-invariants';
import { Api, pool } from '../support/http';
import { bookCall, figures, tallyOf, type BookCall, type CallResult } from '../support/rush';
import { spawnServer, type ServerProcess } from '../support/server-process';
import { Scenario, tempDir, type Family } from '../support/world';

const CHILDREN = 300;
const SESSIONS = 4;
const PLACES = 50;

/** Fires every call at once against `api`; kills the server after `killAfter` answers. */
async function rushAndKill(
  calls: BookCall[],
  server: ServerProcess,
  killAfter: number,
): Promise<{ results: CallResult[]; killedAt: number; elapsedMs: number }> {
  let answered = 0;
  let killedAt = -1;
  const started = performance.now();
  const results = await Promise.all(
    calls.map(async (call): Promise<CallResult> => {
      try {
        const reply = await bookCall(call);
        if (++answered === killAfter) {
          killedAt = Math.round(performance.now() - started);
          void server.kill9();
        }
        return { call, reply };
      } catch (e) {
        return { call, error: (e as Error).message };
      }
    }),
  );
  await server.kill9(); // in case fewer than killAfter answers came
  return { results, killedAt, elapsedMs: performance.now() - started };
}

const seenConfirmed = (results: CallResult[]) =>
  results
    .filter((r) => r.reply?.body?.ok && r.reply.body.data.booking.status === 'confirmed')
    .map((r) => ({ call: r.call, text: r.reply!.text, booking: r.reply!.body.data.booking }));

describe('stress: crash in the middle of a rush', () => {
  const tmp = tempDir('babyhouse-crash-');
  const running: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop()));
    tmp.remove();
  });
  const start = async (dbFile: string, now: Date) => {
    const server = await spawnServer({ dbFile });
    running.push(server);
    const api = new Api(server.url, { maxSockets: 256 });
    await api.setClock(now); // a restarted process starts on real time
    return { server, api };
  };

  it('kill -9 mid-rush, restart, retry: nothing lost, nothing doubled', async () => {
    const dbFile = tmp.file('crash.db');
    const first = await start(dbFile, new Date());
    const s = await Scenario.connect(first.api);
    const c = await s.givenCommunity();
    const sessions = await s.givenSessions(c, {
      dates: Array.from({ length: SESSIONS }, (_, i) => addDays(s.today(), i + 1)),
      capacity: PLACES,
    });
    const kids: Family[] = await pool(Array.from({ length: CHILDREN }), 16, () => s.givenParentWithChild(c));
    const plan = (api: Api): BookCall[] =>
      kids.flatMap((fam, i) =>
        [0, 1].map((n) => ({
          api,
          fam,
          sessionId: sessions[(i + n * 2) % SESSIONS].id,
          requestId: `crash-${i}-${n}-req`,
        })),
      );

    // 1) rush, killed after 150 answers
    const r1 = await rushAndKill(plan(first.api), first.server, 150);
    const t1 = tallyOf(r1.results, r1.elapsedMs);
    const seen1 = seenConfirmed(r1.results);
    // 2) after the crash the database is consistent and holds every confirmation a client saw
    const afterCrash = checkDatabaseFile(dbFile);
    const stored = new Map(readSnapshot(dbFile, ['bookings']).bookings.map((b) => [b._id, b.status]));
    console.log(
      figures('crash rush 1', t1, {
        'killed after ms': r1.killedAt,
        'confirmed seen by clients': seen1.length,
        'confirmed in db after kill': afterCrash.statuses.confirmed ?? 0,
        invariants: afterCrash.ok ? 'hold' : 'BROKEN',
      }),
    );
    expect(t1.serverErrors).toBe(0);
    expect(t1.socketErrors).toBeGreaterThan(0); // the kill really cut requests off
    if (!afterCrash.ok) throw new Error(formatInvariantReport(afterCrash));
    expect(seen1.filter((x) => stored.get(x.booking.id) !== 'confirmed').map((x) => x.booking.id)).toEqual([]);

    // 3) restart; the phones retry everything that got no answer; killed again mid-way
    const second = await start(dbFile, s.now);
    const unanswered = r1.results.filter((r) => !r.reply).map((r) => ({ ...r.call, api: second.api }));
    const r2 = await rushAndKill(unanswered, second.server, Math.max(1, Math.floor(unanswered.length / 3)));
    const t2 = tallyOf(r2.results, r2.elapsedMs);
    const afterSecond = checkDatabaseFile(dbFile);
    console.log(
      figures('crash rush 2 (retries)', t2, {
        'killed after ms': r2.killedAt,
        'confirmed in db after kill': afterSecond.statuses.confirmed ?? 0,
        invariants: afterSecond.ok ? 'hold' : 'BROKEN',
      }),
    );
    expect(t2.serverErrors).toBe(0);
    if (!afterSecond.ok) throw new Error(formatInvariantReport(afterSecond));

    // 4) last restart: every call is retried once more (also those answered before): all answered now
    const third = await start(dbFile, s.now);
    const everything = plan(third.api);
    const started = performance.now();
    const r3 = await Promise.all(everything.map(async (call): Promise<CallResult> => ({ call, reply: await bookCall(call) })));
    const t3 = tallyOf(r3, performance.now() - started);
    console.log(figures('crash final retry of all calls', t3));
    expect(t3.serverErrors).toBe(0);
    expect(t3.socketErrors).toBe(0);

    // a confirmation seen before any crash is replayed unchanged
    const replayed = new Map(r3.map((r) => [`${r.call.fam.openid}|${r.call.requestId}`, r.reply!.text]));
    expect(seen1.filter((x) => replayed.get(`${x.call.fam.openid}|${x.call.requestId}`) !== x.text).length).toBe(0);
    for (const x of seenConfirmed(r2.results)) expect(replayed.get(`${x.call.fam.openid}|${x.call.requestId}`)).toBe(x.text);

    const final = checkDatabaseFile(dbFile);
    console.log(`crash final: ${formatInvariantReport(final)}; bookings ${JSON.stringify(final.statuses)}`);
    if (!final.ok) throw new Error(formatInvariantReport(final));
    expect(final.statuses).toEqual({ confirmed: SESSIONS * PLACES });
    const listed = await third.api.ok('booking', 'listSessions', { communityId: c.id }, kids[0].token);
    expect(listed.sessions.map((x: any) => x.booked)).toEqual(Array(SESSIONS).fill(PLACES));
    third.api.close();
  });
});
