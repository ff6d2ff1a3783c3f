/** Scenario builders for service tests: real SQLite (in memory), a clock the test controls. */
import { createServices, type Services } from '../../cloudfunctions/core/services';
import { hmacSigner, randomIds, type Deps } from '../../cloudfunctions/core/deps';
import { addDays, ControllableClock, shanghaiDate } from '../../cloudfunctions/core/time';
import { openSqliteStore } from '../../cloudfunctions/store/sqlite';
import type { Store } from '../../cloudfunctions/store/port';
import type { KindPolicyPatch, PolicyValues, SessionDetails } from '../../cloudfunctions/shared/contract';
import { AppError } from '../../cloudfunctions/shared/errors';

export const ADMIN = 'district-admin';
let seq = 0;

/** A world on an in-memory SQLite store, or on `opts.store` (e.g. the WeChat adapter over fake-clouddb). */
export async function givenScenario(now = '2027-03-01T08:00:00+08:00', opts: { store?: Store } = {}) {
  const store = opts.store ?? openSqliteStore(':memory:');
  const clock = new ControllableClock();
  clock.set(new Date(now));
  const deps: Deps = {
    store,
    clock,
    ids: randomIds,
    signer: hmacSigner('test-secret'),
    config: { districtAdmins: [ADMIN], publicUrl: 'http://localhost:3000', platform: 'local' },
  };
  const services: Services = createServices(deps);
  const { community } = await services.admin.createCommunity(ADMIN, { name: '测试社区', district: '黄浦区' });
  const { site } = await services.admin.createSite(ADMIN, {
    communityId: community.id,
    name: '测试宝宝屋',
    address: '测试路1号',
    capacity: 40,
  });

  const s = {
    store,
    clock,
    deps,
    services,
    community,
    site,
    setNow(iso: string) {
      clock.set(new Date(iso));
    },
    today: () => shanghaiDate(clock.now()),
    async policy(values: Partial<PolicyValues> & { kinds?: KindPolicyPatch }) {
      return services.admin.setPolicy(ADMIN, { communityId: community.id, ...values });
    },
    async givenSession(opts: { date?: string; start?: string; end?: string; capacity?: number } & SessionDetails = {}) {
      const { sessions } = await services.admin.createSessions(ADMIN, {
        siteId: site.id,
        dates: [opts.date ?? addDays(s.today(), 3)],
        start: opts.start ?? '09:00',
        end: opts.end ?? '11:00',
        capacity: opts.capacity,
        kind: opts.kind,
        title: opts.title,
        description: opts.description,
        host: opts.host,
      });
      return sessions[0];
    },
    /** A registered family with one child of the given age (in months, on today's date) or birth date. */
    async givenChild(opts: { ageMonths?: number; birthDate?: string; name?: string; openid?: string; communityCode?: string } = {}) {
      const openid = opts.openid ?? `parent-${++seq}`;
      const birthDate = opts.birthDate ?? monthsBefore(s.today(), opts.ageMonths ?? 20);
      const { child, guardian } = await services.user.register(openid, {
        communityCode: opts.communityCode ?? community.code,
        guardian: { name: `家长${seq}`, phone: '13912345678', relation: '妈妈' },
        child: { name: opts.name ?? `孩子${seq}`, gender: 'F', birthDate },
        consent: { policyVersion: '2026-11', agreed: true },
      });
      return { openid, child, guardian };
    },
    /** A brother or sister in the same family (same guardian). */
    async givenSibling(fam: { openid: string }, opts: { ageMonths?: number; name?: string } = {}) {
      const { child } = await services.user.addChild(fam.openid, {
        child: { name: opts.name ?? `孩子${++seq}`, gender: 'M', birthDate: monthsBefore(s.today(), opts.ageMonths ?? 20) },
      });
      return { openid: fam.openid, child };
    },
    async book(who: { openid: string; child: { id: string } }, sessionId: string, extra: { waitlist?: boolean; requestId?: string } = {}) {
      return services.booking.book(who.openid, {
        sessionId,
        childId: who.child.id,
        requestId: extra.requestId ?? `req-${++seq}-xxxxxx`,
        waitlist: extra.waitlist,
      });
    },
    async bookingStatus(openid: string, bookingId: string) {
      const { bookings } = await services.booking.mine(openid);
      return bookings.find((b) => b.id === bookingId)?.status;
    },
  };
  return s;
}

export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) - months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The error code a promise rejects with (fails the test if it resolves). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  throw new Error('expected a refusal, got success');
}
