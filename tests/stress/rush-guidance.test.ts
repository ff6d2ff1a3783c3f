/**
 * The booking rush on science-parenting guidance: 2,000 concurrent booking.book calls from 500 children
 * (a fifth of them 10 months old: guidance yes, care no) over 10 guidance sessions × 40 places, on the
 * runtime as its own process. Guidance allows 2 free sessions a year (contended); 50 of the children
 * booked one care session beforehand. Exactly 400 confirmed, no child over its guidance quota, every
 * care counter exactly as before, invariants hold (per kind).
 */
import { addDays } from '../../cloudfunctions/core/time';
import { formatInvariantReport } from '../../cloudfunctions/core/invariants';
import { keys } from '../../cloudfunctions/core/keys';
import { checkDatabaseFile, readSnapshot } from '../../scripts/check-invariants';
import { Api, pool } from '../support/http';
import { figures, rush, type BookCall } from '../support/rush';
import { spawnServer, type ServerProcess } from '../support/server-process';
import { Scenario, tempDir, type Family } from '../support/world';

const CHILDREN = 500;
const SESSIONS = 10;
const PLACES = 40;
const GUIDANCE_QUOTA = 2;
const CARE_BOOKERS = 50;

describe('stress: guidance booking rush', () => {
  const tmp = tempDir('babyhouse-stress-guidance-');
  let server: ServerProcess;
  afterAll(async () => {
    await server?.stop();
    tmp.remove();
  });

  it(`2,000 concurrent calls on ${SESSIONS} guidance sessions × ${PLACES} places`, async () => {
    const dbFile = tmp.file('rush-guidance.db');
    server = await spawnServer({ dbFile });
    const setup = new Api(server.url, { maxSockets: 16 });
    const s = await Scenario.connect(setup);
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
    const kids: Family[] = await pool(
      Array.from({ length: CHILDREN }, (_, i) => i),
      16,
      (i) => s.givenParentWithChild(c, { ageMonths: i % 5 === 0 ? 10 : 20 }),
    );
    const careBookers = kids.filter((_, i) => i % 5 !== 0).slice(0, CARE_BOOKERS);
    for (const fam of careBookers) expect((await s.book(fam, care)).body.ok).toBe(true);
    console.log(
      `guidance rush setup: ${CHILDREN} families, ${CARE_BOOKERS} care bookings in ${Math.round(performance.now() - setupStarted)} ms`,
    );
    setup.close();

    const api = new Api(server.url, { maxSockets: 512 });
    const rid = (i: number, n: number) => `guide-${i}-${n}-xxxx`;
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
    console.log(
      figures('guidance rush', tally, {
        'guidance confirmed in db': guidanceConfirmed,
        'children over guidance quota': overGuidanceQuota + guidanceOver,
        'care counters changed': careChanged,
        'quota per kind': report.checked.quotaByKind,
        invariants: report.ok ? 'hold' : 'BROKEN',
      }),
    );
    if (!report.ok) throw new Error(formatInvariantReport(report));
    expect(tally.serverErrors).toBe(0);
    expect(tally.socketErrors).toBe(0);
    expect(tally.confirmed).toBe(SESSIONS * PLACES);
    expect(guidanceConfirmed).toBe(SESSIONS * PLACES);
    expect(overGuidanceQuota).toBe(0);
    expect(guidanceOver).toBe(0);
    expect(careChanged).toBe(0);
    expect(report.checked.quotaByKind.temporary_care?.used).toBe(CARE_BOOKERS);
    expect(report.checked.quotaByKind.parenting_guidance?.used).toBe(SESSIONS * PLACES);
    for (const code of Object.keys(tally.refused)) expect(['SESSION_FULL', 'QUOTA_EXHAUSTED', 'ALREADY_BOOKED']).toContain(code);
  });
});
