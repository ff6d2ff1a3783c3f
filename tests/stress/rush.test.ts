/**
 * Rush: 2,000 concurrent booking.book calls from 500 children over 10 sessions × 40 places, on the
 * runtime as its own process. Each child tries three sessions and sends a fourth call that is either a
 * retry (same requestId) or a duplicate (new requestId, same session); the community allows 2 free
 * sessions a year, so quota is contended too. Exactly 400 confirmed, 0 quota overruns, 0 double bookings,
 * 0 5xx, invariants hold.
 */
import { addDays } from '../../cloudfunctions/core/time';
import { checkDatabaseFile, readSnapshot } from '../../scripts/check-invariants';
import { Api } from '../support/http';
import { CHILDREN, expectCleanRush, PLACES, registerFamilies, rushAll, rushServer, SESSIONS } from './rush-run';

const QUOTA = 2;

describe('stress: booking rush', () => {
  const runtime = rushServer('babyhouse-stress-');

  it(`2,000 concurrent calls, ${CHILDREN} children, ${SESSIONS} sessions × ${PLACES} places`, async () => {
    const { server, dbFile, setup, s } = await runtime.start('rush.db');
    const c = await s.givenCommunity({ policy: { yearlyFreeSessions: QUOTA } });
    const sessions = await s.givenSessions(c, {
      dates: Array.from({ length: SESSIONS }, (_, i) => addDays(s.today(), i + 1)),
      capacity: PLACES,
    });
    const setupStarted = performance.now();
    const kids = await registerFamilies(s, c);
    console.log(`stress setup: ${CHILDREN} families registered in ${Math.round(performance.now() - setupStarted)} ms`);
    setup.close();

    const { results, tally } = await rushAll(server.url, kids, sessions, 'stress');

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
    expectCleanRush('stress rush', tally, report, {
      'confirmed in db': confirmedInDb,
      'double bookings': doubleBooked,
      'quota overruns': quotaOverruns,
      'unequal replays': unequalReplays,
    });
    expect(confirmedInDb).toBe(SESSIONS * PLACES);
    expect(doubleBooked).toBe(0);
    expect(quotaOverruns).toBe(0);
    expect(unequalReplays).toBe(0);
    expect(Object.keys(tally.refused).sort()).toEqual(expect.arrayContaining(['SESSION_FULL']));
    const probe = new Api(server.url);
    expect(await probe.healthy()).toBe(true);
    probe.close();
  });
});
