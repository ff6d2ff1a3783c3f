/**
 * The booking rush on science-parenting guidance: 2,000 concurrent booking.book calls from 500 children
 * (a fifth of them 10 months old: guidance yes, care no) over 10 guidance sessions × 40 places, on the
 * runtime as its own process. Guidance allows 2 free sessions a year (contended); 50 of the children
 * booked one care session beforehand. Exactly 400 confirmed, no child over its guidance quota, every
 * care counter exactly as before, invariants hold (per kind).
 */
import { addDays } from '../../cloudfunctions/core/time';
import { keys } from '../../cloudfunctions/core/keys';
import { checkDatabaseFile, readSnapshot } from '../../scripts/check-invariants';
import { CHILDREN, expectCleanRush, PLACES, registerFamilies, rushAll, rushServer, SESSIONS } from './rush-run';

const GUIDANCE_QUOTA = 2;
const CARE_BOOKERS = 50;

describe('stress: guidance booking rush', () => {
  const runtime = rushServer('babyhouse-stress-guidance-');

  it(`2,000 concurrent calls on ${SESSIONS} guidance sessions × ${PLACES} places`, async () => {
    const { server, dbFile, setup, s } = await runtime.start('rush-guidance.db');
    const c = await s.givenCommunity({ policy: { yearlyFreeSessions: 3, kinds: { parenting_guidance: { yearlyFree: GUIDANCE_QUOTA } } } });
    const sessions = await s.givenSessions(c, {
      dates: Array.from({ length: SESSIONS }, (_, i) => addDays(s.today(), i + 2)),
      capacity: PLACES,
      kind: 'parenting_guidance',
      title: '科学育儿指导',
      host: '区早教中心',
    });
    expect(sessions.every((x) => x.kind === 'parenting_guidance')).toBe(true);
    const [care] = await s.givenSessions(c, { dates: [addDays(s.today(), 1)], capacity: CARE_BOOKERS });
    const setupStarted = performance.now();
    const kids = await registerFamilies(s, c, (i) => ({ ageMonths: i % 5 === 0 ? 10 : 20 }));
    const careBookers = kids.filter((_, i) => i % 5 !== 0).slice(0, CARE_BOOKERS);
    for (const fam of careBookers) expect((await s.book(fam, care)).body.ok).toBe(true);
    console.log(
      `guidance rush setup: ${CHILDREN} families, ${CARE_BOOKERS} care bookings in ${Math.round(performance.now() - setupStarted)} ms`,
    );
    setup.close();

    const { results, tally } = await rushAll(server.url, kids, sessions, 'guide');

    // what clients saw
    const confirmedByChild = new Map<string, Set<string>>();
    for (const r of results) {
      const body = r.reply?.body;
      if (!body?.ok) continue;
      const bk = body.data.booking;
      expect(bk.kind).toBe('parenting_guidance');
      confirmedByChild.set(bk.childId, (confirmedByChild.get(bk.childId) ?? new Set()).add(bk.id));
    }
    const overGuidanceQuota = [...confirmedByChild.values()].filter((ids) => ids.size > GUIDANCE_QUOTA).length;

    // what the database holds
    const report = checkDatabaseFile(dbFile);
    const snap = readSnapshot(dbFile, ['bookings', 'counters']);
    const guidanceConfirmed = snap.bookings.filter((b) => b.status === 'confirmed' && b.kind === 'parenting_guidance').length;
    const counters = new Map(snap.counters.map((d) => [d._id, d as { _id: string; used?: number }]));
    const guidanceOver = kids.filter(
      (k) => (counters.get(keys.quota(k.child.id, Number(sessions[0].date.slice(0, 4)), 'parenting_guidance'))?.used ?? 0) > GUIDANCE_QUOTA,
    ).length;
    const careYear = Number(care.date.slice(0, 4));
    const careBookerIds = new Set(careBookers.map((k) => k.child.id));
    const careChanged = kids.filter(
      (k) => (counters.get(keys.quota(k.child.id, careYear))?.used ?? 0) !== (careBookerIds.has(k.child.id) ? 1 : 0),
    ).length;
    expectCleanRush('guidance rush', tally, report, {
      'guidance confirmed in db': guidanceConfirmed,
      'children over guidance quota': overGuidanceQuota + guidanceOver,
      'care counters changed': careChanged,
      'quota per kind': report.checked.quotaByKind,
    });
    expect(guidanceConfirmed).toBe(SESSIONS * PLACES);
    expect(overGuidanceQuota).toBe(0);
    expect(guidanceOver).toBe(0);
    expect(careChanged).toBe(0);
    expect(report.checked.quotaByKind.temporary_care?.used).toBe(CARE_BOOKERS);
    expect(report.checked.quotaByKind.parenting_guidance?.used).toBe(SESSIONS * PLACES);
  });
});
