/**
 * Concurrency through HTTP: rushes on one session, one child's last free session,
 * a retried request, and the rush split across two server processes on one database file. The server
 * clock is frozen inside the booking window with /dev/clock.
 */
import { addDays } from '../../cloudfunctions/core/time';
import { formatInvariantReport } from '../../cloudfunctions/core/invariants';
import { checkDatabaseFile } from '../../scripts/check-invariants';
import { Api, pool } from '../support/http';
import { figures, rush, type BookCall } from '../support/rush';
import { spawnServer, type ServerProcess } from '../support/server-process';
import { givenRuntime, Scenario, tempDir, type CommunityFixture, type Family, type TestRuntime } from '../support/world';

jest.setTimeout(120_000);

const families = (s: Scenario, c: CommunityFixture, n: number) => pool(Array.from({ length: n }), 16, () => s.givenParentWithChild(c));
const rid = (prefix: string, i: number) => `${prefix}-${String(i).padStart(6, '0')}`;

describe('concurrency through HTTP (one runtime)', () => {
  let w: TestRuntime;
  beforeAll(async () => {
    w = await givenRuntime();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('200 children on a 40-place session at once: exactly 40 confirmed, the rest SESSION_FULL, no 5xx', async () => {
    const c = await w.givenCommunity();
    const session = await w.givenSession(c, { capacity: 40 });
    const kids = await families(w, c, 200);
    const api = new Api(w.rt.url, { maxSockets: 200 });
    const { results, tally } = await rush(kids.map((fam, i) => ({ api, fam, sessionId: session.id, requestId: rid('rush', i) })));
    api.close();
    console.log(figures('200 on 40 places', tally));
    expect(tally.serverErrors).toBe(0);
    expect(tally.socketErrors).toBe(0);
    expect(tally.confirmed).toBe(40);
    expect(tally.refused).toEqual({ SESSION_FULL: 160 });
    expect(results.every((r) => r.reply!.status === 200 || r.reply!.status === 409)).toBe(true);
    const listed = await w.api.ok('booking', 'listSessions', { communityId: c.id }, kids[0].token);
    expect(listed.sessions.find((s: any) => s.id === session.id)).toMatchObject({ booked: 40, remaining: 0 });
    w.assertInvariants();
  });

  it('one child with 1 free session left on 10 sessions at once: exactly 1 confirmed', async () => {
    const c = await w.givenCommunity({ policy: { yearlyFreeSessions: 3, maxUpcomingBookings: 50 } });
    const sessions = await w.givenSessions(c, { dates: Array.from({ length: 12 }, (_, i) => addDays(w.today(), i + 1)) });
    const fam = await w.givenParentWithChild(c);
    await w.booked(fam, sessions[10]);
    await w.booked(fam, sessions[11]);
    expect((await w.api.ok('booking', 'quota', { childId: fam.child.id, year: 2030 }, fam.token)).quota!.remaining).toBe(1);
    const { tally } = await rush(sessions.slice(0, 10).map((s, i) => ({ api: w.api, fam, sessionId: s.id, requestId: rid('last', i) })));
    console.log(figures('last free session on 10 sessions', tally));
    expect(tally.confirmed).toBe(1);
    expect(tally.refused).toEqual({ QUOTA_EXHAUSTED: 9 });
    expect(tally.serverErrors).toBe(0);
    expect((await w.api.ok('booking', 'quota', { childId: fam.child.id, year: 2030 }, fam.token)).quota).toMatchObject({
      used: 3,
      remaining: 0,
    });
    w.assertInvariants();
  });

  it('one requestId sent 5× at once: one booking, five equal answers', async () => {
    const c = await w.givenCommunity();
    const session = await w.givenSession(c);
    const fam = await w.givenParentWithChild(c);
    const { results, tally } = await rush(
      Array.from({ length: 5 }, () => ({ api: w.api, fam, sessionId: session.id, requestId: 'retry-0000001' })),
    );
    console.log(figures('one requestId ×5', tally));
    const texts = results.map((r) => r.reply!.text);
    expect(results.map((r) => r.reply!.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(texts).size).toBe(1);
    const { bookings } = await w.api.ok('booking', 'mine', { childId: fam.child.id }, fam.token);
    expect(bookings).toHaveLength(1);
    expect(bookings[0].id).toBe(JSON.parse(texts[0]).data.booking.id);
    // a later retry replays the same answer
    const again = await w.api.call(
      'booking',
      'book',
      { sessionId: session.id, childId: fam.child.id, requestId: 'retry-0000001' },
      fam.token,
    );
    expect(again.text).toBe(texts[0]);
    w.assertInvariants();
  });

  it('a mixed rush of retries, duplicates and waitlist joins keeps every counter equal to a recount', async () => {
    const c = await w.givenCommunity({ policy: { yearlyFreeSessions: 2 } });
    const sessions = await w.givenSessions(c, { dates: [1, 2, 3].map((d) => addDays(w.today(), d)), capacity: 10 });
    const kids = await families(w, c, 40);
    const calls: BookCall[] = kids.flatMap((fam, i) => [
      { api: w.api, fam, sessionId: sessions[i % 3].id, requestId: rid(`mix${i}`, 0), waitlist: true },
      { api: w.api, fam, sessionId: sessions[i % 3].id, requestId: rid(`mix${i}`, 0), waitlist: true }, // retry
      { api: w.api, fam, sessionId: sessions[i % 3].id, requestId: rid(`mix${i}`, 1) }, // duplicate
      { api: w.api, fam, sessionId: sessions[(i + 1) % 3].id, requestId: rid(`mix${i}`, 2), waitlist: i % 2 === 0 },
      { api: w.api, fam, sessionId: sessions[(i + 2) % 3].id, requestId: rid(`mix${i}`, 3) },
    ]);
    const { tally } = await rush(calls);
    console.log(figures('mixed rush (retries, duplicates, waitlist)', tally));
    expect(tally.serverErrors).toBe(0);
    expect(tally.confirmed).toBe(30);
    w.assertInvariants(); // no overbooking, quota overrun or double booking; counters = recount
    const listed = await w.api.ok('booking', 'listSessions', { communityId: c.id }, kids[0].token);
    const ours = listed.sessions.filter((s: any) => sessions.some((x) => x.id === s.id));
    expect(ours.map((s: any) => s.booked)).toEqual([10, 10, 10]);
  });
});

describe('concurrency across two server processes on one database file', () => {
  const tmp = tempDir();
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    tmp.remove();
  });

  it('the 40-place rush split across two processes still confirms exactly 40', async () => {
    const dbFile = tmp.file('shared.db');
    servers.push(await spawnServer({ dbFile }));
    servers.push(await spawnServer({ dbFile }));
    const [api1, api2] = servers.map((s) => new Api(s.url, { maxSockets: 100 }));
    const s1 = await Scenario.connect(api1);
    await api2.setClock(s1.now); // each process has its own clock
    const c = await s1.givenCommunity();
    const session = await s1.givenSession(c, { capacity: 40 });
    const kids: Family[] = await families(s1, c, 200);
    // warm both processes up on another session, so that neither is still compiling when the rush starts
    const warmup = await s1.givenSession(c, { daysAhead: 2 });
    await Promise.all(
      [api1, api2].map(async (api, i) => {
        const r = await api.call(
          'booking',
          'book',
          { sessionId: warmup.id, childId: kids[i].child.id, requestId: `warm-${i}-000` },
          kids[i].token,
        );
        expect(r.status).toBe(200);
      }),
    );
    // SQLite's busy handler is not fair: a process that keeps committing can take every seat while the other
    // sleeps in its back-off. So the rush runs on up to three sessions (days 1, 3, 4), each checked in full,
    // until one of them shows both processes taking seats.
    const rushSessions = [
      session,
      await s1.givenSession(c, { daysAhead: 3, capacity: 40 }),
      await s1.givenSession(c, { daysAhead: 4, capacity: 40 }),
    ];
    let byServer: number[] = [0, 0];
    let rushed = 0;
    for (const [n, target] of rushSessions.entries()) {
      const { tally, results } = await rush(
        kids.map((fam, i) => ({ api: i % 2 ? api2 : api1, fam, sessionId: target.id, requestId: rid(`two${n}`, i) })),
      );
      byServer = [api1, api2].map((api) => results.filter((r) => r.call.api === api && r.reply?.body?.ok).length);
      console.log(figures(`200 on 40 places, two processes (rush ${n + 1})`, tally, { 'confirmed per process': byServer }));
      rushed += 1;
      expect(tally.serverErrors).toBe(0);
      expect(tally.socketErrors).toBe(0);
      expect(tally.confirmed).toBe(40);
      expect(tally.refused).toEqual({ SESSION_FULL: 160 });
      if (byServer[0] > 0 && byServer[1] > 0) break;
    }
    api1.close();
    api2.close();
    expect(byServer[0]).toBeGreaterThan(0); // both processes really took bookings in one rush
    expect(byServer[1]).toBeGreaterThan(0);
    const report = checkDatabaseFile(dbFile);
    if (!report.ok) throw new Error(formatInvariantReport(report));
    expect(report.statuses).toEqual({ confirmed: 40 * rushed + 2 }); // 40 a rush + the two warm-up bookings
  });
});
