/**
 * The one scenario builder over the public HTTP contract: every HTTP-level test (tests/http, tests/ops,
 * tests/concurrency, tests/stress, the benchmark and the browser tests) builds its world with these
 * names and defaults, so each test reads as the rule it checks.
 *
 *   const w = await givenRuntime();                  // in-process runtime, port 0, temp db, clock frozen at T0
 *   const a = await w.givenCommunity({ policy: { yearlyFreeSessions: 1 } });
 *   const s = await w.givenSession(a, { capacity: 40 });
 *   const fam = await w.givenParentWithChild(a, { ageMonths: 18 });
 *   const r = await w.book(fam, s);                  // the raw reply: status + envelope
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startRuntime, type Runtime } from '../../server/runtime';
import { addDays, shanghaiDate } from '../../cloudfunctions/core/time';
import type {
  Booking,
  Community,
  KindPolicyPatch,
  Policy,
  PolicyValues,
  Quota,
  Session,
  SessionDetails,
  Site,
} from '../../cloudfunctions/shared/contract';

type PolicyInput = Partial<PolicyValues> & { kinds?: KindPolicyPatch };
import { checkDatabaseFile, readRows } from '../../scripts/check-invariants';
import { formatInvariantReport } from '../../cloudfunctions/core/invariants';
import { monthsBefore } from '../services/scenario';
import { Api, type Reply, type Envelope } from './http';

export const DISTRICT_ADMIN = 'district-admin';
/** The instant the server clock is frozen at: Monday 2030-03-04 09:00 in Shanghai. */
export const T0 = '2030-03-04T09:00:00+08:00';

export interface CommunityFixture {
  community: Community;
  site: Site;
  id: string;
  code: string;
}
export interface Family {
  openid: string;
  token: string;
  child: { id: string; name: string; birthDate: string; communityId: string };
  guardian: { id: string; name: string; phone: string };
}
export interface Person {
  openid: string;
  token: string;
}
export interface BookOptions {
  waitlist?: boolean;
  subscribe?: boolean;
  requestId?: string;
}

let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;

/** A scratch directory for database files (tmpfs when available: fast and throwaway). */
export function tempDir(prefix = 'babyhouse-test-'): { dir: string; file: (name: string) => string; remove(): void } {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(join(base, prefix));
  return { dir, file: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export class Scenario {
  /** The server clock as last set through this scenario. */
  now: Date = new Date(T0);

  constructor(
    readonly api: Api,
    readonly adminToken: string,
  ) {}

  static async connect(api: Api, opts: { now?: string | null } = {}): Promise<Scenario> {
    const s = new Scenario(api, await api.login(DISTRICT_ADMIN));
    if (opts.now !== null) await s.setClock(opts.now ?? T0);
    return s;
  }

  /** The Shanghai date of the server clock. */
  today(): string {
    return shanghaiDate(this.now);
  }

  async setClock(iso: string | Date): Promise<void> {
    this.now = new Date(iso);
    await this.api.setClock(this.now);
  }

  async person(openid = unique('user')): Promise<Person> {
    return { openid, token: await this.api.login(openid) };
  }

  /** A community with one site (capacity 40 by default), created by the district admin; optional policy values. */
  async givenCommunity(
    opts: { name?: string; district?: string; siteName?: string; address?: string; capacity?: number; policy?: PolicyInput } = {},
  ): Promise<CommunityFixture> {
    const { community } = await this.api.ok(
      'admin',
      'createCommunity',
      { name: opts.name ?? `社区${++seq}`, district: opts.district ?? '黄浦区' },
      this.adminToken,
    );
    const { site } = await this.api.ok(
      'admin',
      'createSite',
      {
        communityId: community.id,
        name: opts.siteName ?? `${community.name}宝宝屋`,
        address: opts.address ?? '测试路 1 号',
        capacity: opts.capacity ?? 40,
      },
      this.adminToken,
    );
    if (opts.policy) await this.api.ok('admin', 'setPolicy', { communityId: community.id, ...opts.policy }, this.adminToken);
    return { community, site, id: community.id, code: community.code };
  }

  async setPolicy(c: CommunityFixture, policy: PolicyInput): Promise<Policy> {
    return (await this.api.ok('admin', 'setPolicy', { communityId: c.id, ...policy }, this.adminToken)).policy;
  }

  /** Sessions on `dates` (default: tomorrow), 09:00–11:00 unless told. */
  async givenSessions(
    c: { site: { id: string } },
    opts: { dates?: string[]; start?: string; end?: string; capacity?: number } & SessionDetails = {},
  ): Promise<Session[]> {
    const { sessions } = await this.api.ok(
      'admin',
      'createSessions',
      {
        siteId: c.site.id,
        dates: opts.dates ?? [addDays(this.today(), 1)],
        start: opts.start ?? '09:00',
        end: opts.end ?? '11:00',
        ...(opts.capacity ? { capacity: opts.capacity } : {}),
        ...(opts.kind ? { kind: opts.kind } : {}),
        ...(opts.title ? { title: opts.title } : {}),
        ...(opts.host ? { host: opts.host } : {}),
      },
      this.adminToken,
    );
    return sessions;
  }

  async givenSession(
    c: { site: { id: string } },
    opts: { date?: string; daysAhead?: number; start?: string; end?: string; capacity?: number } & SessionDetails = {},
  ): Promise<Session> {
    const date = opts.date ?? addDays(this.today(), opts.daysAhead ?? 1);
    return (await this.givenSessions(c, { ...opts, dates: [date] }))[0];
  }

  /** A staff member of the community, added by the district admin. */
  async givenStaff(c: { id: string }, role: 'worker' | 'admin', openid = unique(role)): Promise<Person> {
    await this.api.ok('admin', 'addStaff', { communityId: c.id, openid, role }, this.adminToken);
    return this.person(openid);
  }

  /** A registered family (guardian consent given) with one child aged `ageMonths` today (default 20). */
  async givenParentWithChild(
    c: { code: string },
    opts: { ageMonths?: number; birthDate?: string; openid?: string; childName?: string; phone?: string } = {},
  ): Promise<Family> {
    const p = await this.person(opts.openid ?? unique('parent'));
    const n = ++seq;
    const { guardian, child } = await this.api.ok(
      'user',
      'register',
      {
        communityCode: c.code,
        guardian: { name: `家长${n}`, phone: opts.phone ?? `139${String(10_000_000 + n).slice(-8)}`, relation: '妈妈' },
        child: {
          name: opts.childName ?? `宝宝${n}`,
          gender: n % 2 ? 'F' : 'M',
          birthDate: opts.birthDate ?? monthsBefore(this.today(), opts.ageMonths ?? 20),
        },
        consent: { policyVersion: '2026-11', agreed: true },
      },
      p.token,
    );
    return { ...p, guardian, child };
  }

  /** booking.book as the family; returns the raw reply. */
  book(fam: Family, session: { id: string }, opts: BookOptions = {}): Promise<Reply<Envelope<{ booking: Booking; quota: Quota | null }>>> {
    return this.api.call(
      'booking',
      'book',
      {
        sessionId: session.id,
        childId: fam.child.id,
        requestId: opts.requestId ?? unique('rq').replace(/[^A-Za-z0-9_-]/g, ''),
        ...(opts.waitlist !== undefined ? { waitlist: opts.waitlist } : {}),
        ...(opts.subscribe !== undefined ? { subscribe: opts.subscribe } : {}),
      },
      fam.token,
    );
  }

  /** Books and insists on success; returns the booking. */
  async booked(fam: Family, session: { id: string }, opts: BookOptions = {}): Promise<Booking> {
    const r = await this.book(fam, session, opts);
    if (!r.body?.ok) throw new Error(`booking failed: HTTP ${r.status} ${r.text}`);
    return (r.body as { data: { booking: Booking } }).data.booking;
  }
}

export interface TestRuntime extends Scenario {
  rt: Runtime;
  dbFile: string;
  /** Every row of every table (a canonical picture of the database, for "writes nothing" checks). */
  dump(): Record<string, Record<string, string>>;
  /** Changes whenever another connection (the runtime) commits a write: a cheap "wrote nothing" check. */
  dataVersion(): number;
  /** Throws with a readable report unless the ledger invariants hold. */
  assertInvariants(): void;
  close(): Promise<void>;
}

/** An in-process runtime on port 0 with a temp database, district admin DISTRICT_ADMIN, clock frozen at T0. */
export async function givenRuntime(opts: { now?: string } = {}): Promise<TestRuntime> {
  const tmp = tempDir();
  const dbFile = tmp.file('babyhouse.db');
  const rt = await startRuntime({
    dbFile,
    port: 0,
    host: '127.0.0.1',
    districtAdmins: [DISTRICT_ADMIN],
    schedule: false,
    log: () => undefined,
  });
  const api = new Api(rt.url);
  const scenario = await Scenario.connect(api, { now: opts.now });
  const watcher = new Database(dbFile, { readonly: true });
  return Object.assign(scenario, {
    rt,
    dbFile,
    dataVersion: () => watcher.pragma('data_version', { simple: true }) as number,
    dump() {
      const rows = readRows(dbFile);
      return Object.fromEntries(Object.entries(rows).map(([t, rs]) => [t, Object.fromEntries(rs.map((r) => [r.id, r.body]))]));
    },
    assertInvariants() {
      const report = checkDatabaseFile(dbFile);
      if (!report.ok) throw new Error(formatInvariantReport(report));
    },
    async close() {
      watcher.close();
      api.close();
      await rt.close();
      tmp.remove();
    },
  }) as TestRuntime;
}

/** Which rows differ between two dumps: `table/id` → before/after (undefined = absent). */
export function dumpDiff(before: Record<string, Record<string, string>>, after: Record<string, Record<string, string>>): string[] {
  const out: string[] = [];
  for (const t of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[t] ?? {};
    const b = after[t] ?? {};
    for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (a[id] !== b[id])
        out.push(`${t}/${id}: ${a[id] ? 'changed' : 'added'}${b[id] ? '' : ' → deleted'} ${(b[id] ?? '').slice(0, 160)}`);
    }
  }
  return out;
}
