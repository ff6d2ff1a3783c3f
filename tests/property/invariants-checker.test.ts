/**
 * The invariant checker itself (`npm run check:invariants -- <db>`): silent-and-zero on a consistent
 * database, and it names each kind of damage — a seat, quota or claim counter off by one, an overbooked
 * session, a double booking, a stored reply naming a lost booking — with a non-zero exit.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'child_process';
import { copyFileSync } from 'fs';
import { join, resolve } from 'path';
import { checkInvariants, formatInvariantReport, type Snapshot } from '../../cloudfunctions/core/invariants';
import { checkDatabaseFile, readSnapshot } from '../../scripts/check-invariants';
import { givenRuntime, type TestRuntime } from '../support/world';

const ROOT = resolve(__dirname, '..', '..');
const cli = (...args: string[]) =>
  spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/check-invariants.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('check:invariants', () => {
  let w: TestRuntime;
  let db: string;
  beforeAll(async () => {
    w = await givenRuntime();
    const c = await w.givenCommunity({ policy: { yearlyFreeSessions: 12 } });
    const [s1, s2] = await w.givenSessions(c, { dates: ['2030-03-05', '2030-03-06'], capacity: 1 });
    const a = await w.givenParentWithChild(c);
    const b = await w.givenParentWithChild(c);
    await w.booked(a, s1);
    await w.booked(b, s1, { waitlist: true });
    await w.booked(a, s2);
    await w.rt.store.close(); // quiesce: copies below see every write
    db = w.dbFile;
  });
  afterAll(async () => {
    await w?.close();
  });

  /** A copy of the database with `sql` applied (json_set on stored documents). */
  const tampered = (name: string, sql: string) => {
    const file = `${db}.${name}`;
    copyFileSync(db, file);
    const conn = new Database(file);
    conn.exec(sql);
    conn.close();
    return file;
  };

  it('exits 0 and says the invariants hold on a consistent database', () => {
    const r = cli(db);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/invariants hold: \d+ sessions, 3 bookings/);
    expect(r.status).toBe(0);
  });

  const DAMAGE: Array<[string, string, RegExp]> = [
    [
      'seats',
      "UPDATE counters SET body = json_set(body, '$.booked', 7) WHERE id IN (SELECT id FROM counters WHERE id LIKE 'seats_%' LIMIT 1)",
      /\[seats\]/,
    ],
    ['quota', "UPDATE counters SET body = json_set(body, '$.used', 0) WHERE id LIKE 'quota_%'", /\[quota\]/],
    ['claims', "UPDATE counters SET body = json_set(body, '$.items', json('[]')) WHERE id LIKE 'claims_%'", /\[claims\]/],
    [
      'overbooked',
      "UPDATE bookings SET body = json_set(body, '$.status', 'confirmed') WHERE json_extract(body, '$.status') = 'waitlisted'",
      /\[overbooked\]/,
    ],
    [
      'double booking',
      "INSERT INTO bookings SELECT id || 'x', json_set(body, '$._id', id || 'x') FROM bookings WHERE json_extract(body, '$.status') = 'confirmed' LIMIT 1",
      /\[double_booking\]/,
    ],
    ['lost booking', 'DELETE FROM bookings WHERE id IN (SELECT id FROM bookings LIMIT 1)', /\[lost_request\]/],
  ];

  it.each(DAMAGE)('names the damage: %s', (name, sql, pattern) => {
    const report = checkDatabaseFile(tampered(name.replace(' ', '-'), sql));
    expect(report.ok).toBe(false);
    expect(formatInvariantReport(report)).toMatch(pattern);
  });

  it('exits 1 and prints every difference on a damaged database', () => {
    const some = DAMAGE.filter(([n]) => ['seats', 'quota', 'claims', 'double booking'].includes(n)); // independent of each other
    const r = cli(tampered('all', some.map(([, sql]) => sql).join(';\n')));
    expect(r.stdout).toMatch(/invariants BROKEN/);
    for (const [, , pattern] of some) expect(r.stdout).toMatch(pattern);
    expect(r.status).toBe(1);
  });

  it('exits 2 on a usage error', () => {
    expect(cli('/nonexistent/file.db').status).toBe(2);
  });

  it('the same check runs in process on a snapshot', () => {
    expect(checkDatabaseFile(db).ok).toBe(true);
    const snap = readSnapshot(db) as unknown as Snapshot;
    const broken = { ...snap, counters: snap.counters.map((c) => (c._id.startsWith('quota_') ? { ...c, used: 99 } : c)) };
    expect(checkInvariants(broken).differences.map((d) => d.kind)).toEqual(['quota']);
    // a community limit below what a child holds is an overrun
    const strict = { ...snap, policies: snap.sessions.map((x) => ({ _id: (x as any).communityId, yearlyFreeSessions: 1 })) };
    expect(checkInvariants(strict).differences.map((d) => d.kind)).toEqual(['quota_overrun']);
  });
});
