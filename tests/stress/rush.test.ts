/**
 * Rush: 2,000 concurrent booking.book calls from 500 children over 10 sessions × 40 places, on the
 * runtime as its own process. Each child tries three sessions and sends a fourth call that is either a
 * retry (same requestId) or a duplicate (new requestId, same session); the community allows 2 free
 * sessions a year, so quota is contended too. Exactly 400 confirmed, 0 quota overruns, 0 double bookings,
 * 0 5xx, invariants hold.
 */
import { addDays } from '../../cloudfunctions/core/time';
import { formatInvariantReport } from '../../cloudfunctions/core/invariants';
import { checkDatabaseFile, readSnapshot } from '../../scripts/check-invariants';
import { Api, pool } from '../support/http';
import { figures, rush, type BookCall } from '../support/rush';
import { spawnServer, type ServerProcess } from '../support/server-process';
import { Scenario, tempDir, type Family } from '../support/world';

const CHILDREN = 500;
const SESSIONS = 10;
const PLACES = 40;
const QUOTA = 2;

describe('stress: booking rush', () => {
  const tmp = tempDir('babyhouse-stress-');
  let server: ServerProcess;
  afterAll(async () => {
    await server?.stop();
    tmp.remove();
  });

  it(`2,000 concurrent calls, ${CHILDREN} children, ${SESSIONS} sessions × ${PLACES} places`, async () => {
    const dbFile = tmp.file('rush.db');
    server = await spawnServer({ dbFile });
    const setup = new Api(server.url, { maxSockets: 16 });
    const s = await Scenario.connect(setup);
    const c = await s.givenCommunity({ policy: { yearlyFreeSessions: QUOTA } });
    const sessions = await s.givenSessions(c, {
      dates: Array.from({ length: SESSIONS }, (_, i) => addDays(s.today(), i + 1)),
      capacity: PLACES,
    });
    const setupStarted = performance.now();
    const kids: Family[] = await pool(Array.from({ length: CHILDREN }), 16, () => s.givenParentWithChild(c));
    console.log(`stress setup: ${CHILDREN} families registered in ${Math.round(performance.now() - setupStarted)} ms`);
    setup.close();

    const api = new Api(server.url, { maxSockets: 512 });
    const rid = (i: number, n: number) => `stress-${i}-${n}-xxxx`;
    const calls: BookCall[] = kids.flatMap((fam, i) => {
      const [a, b, d] = [i % SESSIONS, (i + 3) % SESSIONS, (i + 7) % SESSIONS].map((k) => sessions[k].id);
      return [
        { api, fam, sessionId: a, requestId: rid(i, 0) },
        { api, fam, sessionId: b, requestId: rid(i, 1) },
        { api, fam, sessionId: d, requestId: rid(i, 2) },
        i % 2 === 0 ? { api, fam, sessionId: a, requestId: rid(i, 0) } : { api, fam, sessionId: a, requestId: rid(i, 3) },
      ];
    });
    expect(calls).toHaveLength(2000);
    const { results, tally } = await rush(calls);
    api.close();

    // what clients saw
    const confirmedByChildSession = new Map<string, Set<string>>();
    const confirmedByChild = new Map<string, Set<string>>();
    const byRequest = new Map<string, string[]>();
    for (const r of results) {
      const body = r.reply?.body;
      if (!body?.ok) continue;
      const bk = body.data.booking;
      const key = `${bk.childId}|${bk.sessionId}`;
      confirmedByChildSession.set(key, (confirmedByChildSession.get(key) ?? new Set()).add(bk.id));
      confirmedByChild.set(bk.childId, (confirmedByChild.get(bk.childId) ?? new Set()).add(bk.id));
      byRequest.set(`${r.call.fam.openid}|${r.call.requestId}`, [
        ...(byRequest.get(`${r.call.fam.openid}|${r.call.requestId}`) ?? []),
        r.reply!.text,
      ]);
    }
    const doubleBooked = [...confirmedByChildSession.values()].filter((ids) => ids.size > 1).length;
    const quotaOverruns = [...confirmedByChild.values()].filter((ids) => ids.size > QUOTA).length;
    const unequalReplays = [...byRequest.values()].filter((texts) => new Set(texts).size > 1).length;

    // what the database holds
    const report = checkDatabaseFile(dbFile);
    const snap = readSnapshot(dbFile, ['bookings']);
    const confirmedInDb = snap.bookings.filter((b) => b.status === 'confirmed').length;
    console.log(
      figures('stress rush', tally, {
        'confirmed in db': confirmedInDb,
        'double bookings': doubleBooked,
        'quota overruns': quotaOverruns,
        'unequal replays': unequalReplays,
        invariants: report.ok ? 'hold' : 'BROKEN',
      }),
    );
    if (!report.ok) throw new Error(formatInvariantReport(report));
    expect(tally.serverErrors).toBe(0);
    expect(tally.socketErrors).toBe(0);
    expect(tally.confirmed).toBe(SESSIONS * PLACES);
    expect(confirmedInDb).toBe(SESSIONS * PLACES);
    expect(doubleBooked).toBe(0);
    expect(quotaOverruns).toBe(0);
    expect(unequalReplays).toBe(0);
    expect(Object.keys(tally.refused).sort()).toEqual(expect.arrayContaining(['SESSION_FULL']));
    for (const code of Object.keys(tally.refused)) expect(['SESSION_FULL', 'QUOTA_EXHAUSTED', 'ALREADY_BOOKED']).toContain(code);
    const probe = new Api(server.url);
    expect(await probe.healthy()).toBe(true);
    probe.close();
  });
});
