/**
 * Every cloud-function action with a VALID example payload, built over one "world" of two communities and
 * every role (anonymous, parent, another parent, worker of the community, worker of another community,
 * community admin, district admin). Shared by the authorization matrix, the bad-input suite and the fuzz
 * run: they derive their requests from these templates, so a new action needs one entry here.
 */
import { randomIds } from '../../cloudfunctions/core/deps';
import { INVITE_CODE_LENGTH, INVITE_HOURS, type InviteDoc } from '../../cloudfunctions/core/services/invites';
import { addDays } from '../../cloudfunctions/core/time';
import type { AuthzRole } from '../../cloudfunctions/core/authz-matrix';
import type { QualifiedAction } from '../../cloudfunctions/shared/contract';
import { monthsBefore } from '../services/scenario';
import type { Api } from './http';
import { DISTRICT_ADMIN, type CommunityFixture, type Family, type Person, type Scenario, type TestRuntime } from './world';

export interface Targets {
  communityId: string;
  communityCode: string;
  siteId: string;
  /** A session of community A the parent's child has not booked. */
  openSessionId: string;
  /** The session of `bookingId`. */
  bookedSessionId: string;
  childId: string;
  /** A confirmed booking of the parent's child. */
  bookingId: string;
  checkinCode: string;
  /** The 6-digit code of `bookingId` (unique within bookedSessionId). */
  shortCode: string;
  /** A checked-in booking of the parent's child (for check-out). */
  checkedInBookingId: string;
  guardianName: string;
  /** A staff member of A no cell depends on (for admin.removeStaff). */
  spareStaffOpenid: string;
  /** Two pending staff invites of A, one to revoke and one to redeem (made on demand: see withInvites). */
  inviteCode?: string;
  redeemCode?: string;
  today: string;
  /** The frozen server clock (ISO): a claimed time inside the check-in window of bookedSessionId. */
  now: string;
  /** An open suggestion of the parent's family (community A). */
  suggestionId: string;
  /** Set once the parent's checked-in child has been picked up (account deletion is refused while a child is in care). */
  pickedUp?: string;
  /** Filled in when the course function exists. */
  courseId?: string;
  episodeId?: string;
}

export interface World {
  scenario: Scenario;
  a: CommunityFixture;
  b: CommunityFixture;
  parent: Family;
  otherParent: Family;
  /** Callers by role; anonymous has no token. */
  callers: Record<AuthzRole, Person | null>;
  targets: Targets;
  /** Strings that only the parent's family (and, masked, staff) may see. */
  familySecrets: string[];
  /** Identifiers of community A that staff of other communities must not get from staff-only listings. */
  communitySecrets: string[];
}

export interface ActionTemplate {
  /** A valid payload (without `action`). */
  params(t: Targets): Record<string, unknown>;
  /** Dot paths that may be absent (deleting them keeps the payload valid). Nested paths of optional objects included. */
  optional?: string[];
  /** The caller for bad-input and fuzz runs (one entitled to the action, so validation is reached). */
  as: AuthzRole;
  /** Needs targets that exist only when the function is deployed (course ids). */
  needs?: Array<keyof Targets>;
}

const later = (t: Targets, days: number) => addDays(t.today, days);

export const TEMPLATES: Record<QualifiedAction, ActionTemplate | ActionTemplate[]> = {
  'admin.createCommunity': { as: 'districtAdmin', params: () => ({ name: '新建社区', district: '浦东新区' }) },
  'admin.listCommunities': { as: 'districtAdmin', params: () => ({}) },
  'admin.createSite': {
    as: 'communityAdmin',
    params: (t) => ({ communityId: t.communityId, name: '新宝宝屋', address: '新路 2 号', capacity: 30 }),
  },
  'admin.listSites': { as: 'communityAdmin', params: (t) => ({ communityId: t.communityId }) },
  'admin.updateSite': {
    as: 'communityAdmin',
    optional: ['name', 'address', 'capacity', 'tel', 'hours', 'bring', 'notice', 'latitude', 'longitude'],
    params: (t) => ({
      siteId: t.siteId,
      name: '测试宝宝屋',
      address: '奉浦路 1 号 2 楼',
      capacity: 40,
      tel: '021-5710 1234',
      hours: '周一至周五 8:30–17:00',
      bring: '换洗衣物、水杯、尿不湿',
      notice: '本周五消毒停开',
      latitude: 30.91,
      longitude: 121.47,
    }),
  },
  'admin.createSessions': {
    as: 'communityAdmin',
    optional: ['capacity'],
    params: (t) => ({ siteId: t.siteId, dates: [later(t, 5), later(t, 6)], start: '14:00', end: '16:00', capacity: 20 }),
  },
  'admin.cancelSession': { as: 'communityAdmin', params: (t) => ({ sessionId: t.bookedSessionId, reason: '天气原因' }) },
  'admin.addStaff': {
    as: 'communityAdmin',
    optional: ['name'],
    params: (t) => ({ communityId: t.communityId, openid: 'new-worker-openid', role: 'worker', name: '周老师' }),
  },
  'admin.getPolicy': { as: 'communityAdmin', params: (t) => ({ communityId: t.communityId }) },
  'admin.setPolicy': {
    as: 'communityAdmin',
    optional: ['yearlyFreeSessions', 'maxUpcomingBookings', 'noShowLimit'],
    params: (t) => ({ communityId: t.communityId, yearlyFreeSessions: 10, maxUpcomingBookings: 5, noShowLimit: 3 }),
  },
  'admin.communityQr': { as: 'communityAdmin', params: (t) => ({ communityId: t.communityId }) },
  'admin.stats': { as: 'communityAdmin', params: (t) => ({ communityId: t.communityId, from: t.today, to: later(t, 7) }) },
  'admin.exportCsv': { as: 'communityAdmin', params: (t) => ({ communityId: t.communityId, from: t.today, to: later(t, 7) }) },
  'admin.generateSchedule': {
    as: 'communityAdmin',
    optional: ['capacity', 'skipHolidays', 'followWorkdays', 'dryRun'],
    params: (t) => ({
      siteId: t.siteId,
      from: later(t, 20),
      to: later(t, 33),
      weekdays: [2, 4],
      start: '09:00',
      end: '11:00',
      capacity: 20,
      skipHolidays: true,
      followWorkdays: false,
      dryRun: false,
    }),
  },
  'admin.createInvite': { as: 'communityAdmin', optional: ['role'], params: (t) => ({ communityId: t.communityId, role: 'worker' }) },
  'admin.revokeInvite': {
    as: 'communityAdmin',
    needs: ['inviteCode'],
    params: (t) => ({ communityId: t.communityId, code: t.inviteCode }),
  },
  'admin.listStaff': { as: 'communityAdmin', params: (t) => ({ communityId: t.communityId }) },
  'admin.removeStaff': { as: 'communityAdmin', params: (t) => ({ communityId: t.communityId, openid: t.spareStaffOpenid }) },
  'admin.outbox': { as: 'communityAdmin', optional: ['limit'], params: (t) => ({ communityId: t.communityId, limit: 20 }) },
  'admin.auditLog': {
    as: 'communityAdmin',
    optional: ['limit', 'readOnly'],
    params: (t) => ({ communityId: t.communityId, limit: 20, readOnly: false }),
  },
  'admin.setResidentChildren': { as: 'districtAdmin', params: (t) => ({ communityId: t.communityId, year: 2026, count: 120 }) },
  'admin.districtStats': {
    as: 'districtAdmin',
    optional: ['district'],
    params: (t) => ({ from: t.today, to: later(t, 7), district: '黄浦区' }),
  },
  'admin.exportDistrictCsv': {
    as: 'districtAdmin',
    optional: ['district'],
    params: (t) => ({ from: t.today, to: later(t, 7), district: '黄浦区' }),
  },
  'admin.setHoliday': {
    as: 'districtAdmin',
    optional: ['name'],
    params: (t) => ({ date: later(t, 30), kind: 'holiday', name: '区运动会' }),
  },
  'admin.removeHoliday': { as: 'districtAdmin', params: (t) => ({ date: later(t, 30) }) },
  'admin.holidays': { as: 'communityAdmin', params: () => ({ year: 2027 }) },
  'admin.suggestions': { as: 'communityAdmin', optional: ['status'], params: (t) => ({ communityId: t.communityId, status: 'open' }) },
  'admin.replySuggestion': {
    as: 'communityAdmin',
    params: (t) => ({ suggestionId: t.suggestionId, reply: '感谢建议，周六上午将试行开放' }),
  },
  'admin.setSiteGrade': {
    as: 'districtAdmin',
    optional: ['note'],
    params: (t) => ({ siteId: t.siteId, grade: 'A', inspectedAt: later(t, -10), note: '消毒记录完整' }),
  },
  'admin.ratings': { as: 'communityAdmin', optional: ['siteId'], params: (t) => ({ communityId: t.communityId, siteId: t.siteId }) },

  'user.resolveScene': { as: 'parent', params: (t) => ({ scene: `c=${t.communityCode}` }) },
  'user.register': {
    as: 'parent',
    params: (t) => ({
      communityCode: t.communityCode,
      guardian: { name: '张妈妈', phone: '13912345678', relation: '妈妈' },
      child: { name: '张小宝', gender: 'M', birthDate: monthsBefore(t.today, 18) },
      consent: { policyVersion: '2026-11', agreed: true },
    }),
  },
  'user.addChild': {
    as: 'parent',
    optional: ['communityCode'],
    params: (t) => ({ child: { name: '二宝', gender: 'F', birthDate: monthsBefore(t.today, 14) }, communityCode: t.communityCode }),
  },
  'user.updateChild': {
    as: 'parent',
    optional: ['pickups', 'pickups.0.phone'],
    params: (t) => ({ childId: t.childId, pickups: [{ name: '李爷爷', relation: '爷爷', phone: '13700001111' }] }),
  },
  'user.profile': { as: 'parent', params: () => ({}) },
  'user.redeemInvite': { as: 'worker', needs: ['redeemCode'], optional: ['name'], params: (t) => ({ code: t.redeemCode, name: '小李' }) },
  'user.deleteAccount': { as: 'parent', needs: ['pickedUp'], params: () => ({}) },
  'user.suggest': {
    as: 'parent',
    optional: ['siteId', 'subscribe'],
    params: (t) => ({ category: 'site', text: '希望周末也能开放宝宝屋', siteId: t.siteId, subscribe: true }),
  },
  'user.mySuggestions': { as: 'parent', params: () => ({}) },

  'booking.listSessions': {
    as: 'parent',
    optional: ['communityId', 'from', 'to'],
    params: (t) => ({ communityId: t.communityId, from: t.today, to: later(t, 7) }),
  },
  'booking.book': {
    as: 'parent',
    optional: ['waitlist', 'subscribe'],
    params: (t) => ({ sessionId: t.openSessionId, childId: t.childId, requestId: 'authz-matrix-0001', waitlist: false, subscribe: true }),
  },
  'booking.cancel': { as: 'parent', params: (t) => ({ bookingId: t.bookingId }) },
  'booking.mine': { as: 'parent', optional: ['childId'], params: (t) => ({ childId: t.childId }) },
  'booking.quota': { as: 'parent', optional: ['year'], params: (t) => ({ childId: t.childId, year: Number(t.today.slice(0, 4)) }) },
  'booking.rate': {
    as: 'parent',
    optional: ['tags', 'comment'],
    params: (t) => ({ bookingId: t.checkedInBookingId, stars: 5, tags: ['老师耐心', '环境干净'], comment: '老师很耐心，孩子很喜欢' }),
  },
  'booking.sites': { as: 'parent', optional: ['communityId'], params: (t) => ({ communityId: t.communityId }) },

  'checkin.sessions': { as: 'worker', optional: ['date'], params: (t) => ({ date: later(t, 1) }) },
  'checkin.roster': { as: 'worker', params: (t) => ({ sessionId: t.bookedSessionId }) },
  'checkin.checkIn': [
    {
      as: 'worker',
      optional: ['health', 'health.temperature', 'health.notes'],
      params: (t) => ({ bookingId: t.bookingId, health: { temperature: 36.6, notes: '精神好' } }),
    },
    { as: 'worker', params: (t) => ({ code: t.checkinCode }) },
    { as: 'worker', params: (t) => ({ code: t.shortCode, sessionId: t.bookedSessionId }) },
  ],
  'checkin.lookup': [
    { as: 'worker', params: (t) => ({ code: t.checkinCode }) },
    { as: 'worker', params: (t) => ({ code: t.shortCode, sessionId: t.bookedSessionId }) },
  ],
  'checkin.checkOut': { as: 'worker', params: (t) => ({ bookingId: t.checkedInBookingId, pickupName: t.guardianName }) },
  'checkin.sync': [
    {
      as: 'worker',
      optional: ['actions.0.health', 'actions.0.health.temperature', 'actions.0.health.notes'],
      params: (t) => ({
        actions: [
          { id: 'offline-act-0001', type: 'checkIn', bookingId: t.bookingId, at: t.now, health: { temperature: 36.6, notes: '精神好' } },
        ],
      }),
    },
    {
      as: 'worker',
      params: (t) => ({
        actions: [{ id: 'offline-act-0002', type: 'checkOut', bookingId: t.checkedInBookingId, at: t.now, pickupName: t.guardianName }],
      }),
    },
  ],

  // course.*: used once the course function is deployed (needs the seeded catalogue)
  'course.list': { as: 'parent', optional: ['category'], params: () => ({ category: 'finger_rhyme' }) },
  'course.detail': { as: 'parent', needs: ['courseId'], params: (t) => ({ courseId: t.courseId }) },
  'course.progress': { as: 'parent', needs: ['episodeId'], params: (t) => ({ episodeId: t.episodeId, positionSec: 5 }) },
  'course.recent': { as: 'parent', optional: ['limit'], params: () => ({ limit: 3 }) },
};

export function templatesOf(key: string): ActionTemplate[] {
  const t = (TEMPLATES as Record<string, ActionTemplate | ActionTemplate[] | undefined>)[key];
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
}

/**
 * Community A, where check-in opens 24 h ahead so that booking and check-in are both open at the frozen
 * clock, with three sessions tomorrow (two starting within 24 h); community B with one session; staff of
 * both; the parent's child holds a confirmed booking (bookedSessionId) and a checked-in one; another
 * family in A.
 */
export async function givenWorld(s: Scenario): Promise<World> {
  const a = await s.givenCommunity({ policy: { checkinOpensMinutesBefore: 24 * 60 } });
  const b = await s.givenCommunity();
  const [worker, communityAdmin, otherWorker, spare] = await Promise.all([
    s.givenStaff(a, 'worker'),
    s.givenStaff(a, 'admin'),
    s.givenStaff(b, 'worker'),
    s.givenStaff(a, 'worker'),
  ]);
  const [parent, otherParent] = await Promise.all([s.givenParentWithChild(a), s.givenParentWithChild(a)]);
  const tomorrow = addDays(s.today(), 1);
  const [s1, s2, s3] = await Promise.all([
    s.givenSession(a, { date: tomorrow, start: '06:00', end: '07:30' }),
    s.givenSession(a, { date: tomorrow, start: '07:45', end: '08:45' }),
    s.givenSession(a, { date: tomorrow, start: '13:00', end: '15:00' }),
    s.givenSession(b, { date: tomorrow }),
  ]);
  const b1 = await s.booked(parent, s1);
  const b2 = await s.booked(parent, s2);
  await s.api.ok('checkin', 'checkIn', { bookingId: b2.id }, worker.token);
  const { suggestion } = await s.api.ok('user', 'suggest', { category: 'service', text: '希望增加周末的场次' }, parent.token);
  const targets: Targets = {
    communityId: a.id,
    communityCode: a.code,
    siteId: a.site.id,
    openSessionId: s3.id,
    bookedSessionId: s1.id,
    childId: parent.child.id,
    bookingId: b1.id,
    checkinCode: b1.checkinCode,
    shortCode: b1.shortCode!,
    checkedInBookingId: b2.id,
    guardianName: parent.guardian.name,
    spareStaffOpenid: spare.openid,
    suggestionId: suggestion.id,
    today: s.today(),
    now: s.now.toISOString(),
  };
  const districtAdmin = { openid: DISTRICT_ADMIN, token: s.adminToken };
  return {
    scenario: s,
    a,
    b,
    parent,
    otherParent,
    targets,
    callers: { anonymous: null, parent, otherParent, worker, otherWorker, communityAdmin, districtAdmin },
    familySecrets: [parent.child.id, parent.child.name, parent.guardian.phone, b1.id, b2.id, b1.checkinCode, b2.checkinCode],
    communitySecrets: [a.id, s1.id, s2.id, s3.id],
  };
}

/** Makes sure the world has the targets a template needs (invites are made on demand: a QR code each). */
export async function provideTargets(world: World, template: ActionTemplate): Promise<boolean> {
  const t = world.targets;
  for (const need of template.needs ?? []) {
    if (t[need] !== undefined) continue;
    if (need === 'inviteCode' || need === 'redeemCode') {
      const admin = world.callers.communityAdmin!;
      const rt = (world.scenario as Partial<TestRuntime>).rt;
      if (rt) {
        // in process: store the invite as InviteService does, without rendering its QR code (≈ 0.1–1 s of CPU each)
        const code = randomIds.code(INVITE_CODE_LENGTH);
        const now = world.scenario.now;
        const invite: InviteDoc = {
          _id: `inv_${code}`,
          code,
          communityId: t.communityId,
          role: 'worker',
          createdBy: admin.openid,
          createdAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + INVITE_HOURS * 3600_000).toISOString(),
          redeemedBy: null,
          redeemedAt: null,
        };
        await rt.store.create('invites', invite);
        t[need] = code;
      } else {
        t[need] = (await world.scenario.api.ok('admin', 'createInvite', { communityId: t.communityId }, admin.token)).invite.code;
      }
    } else if (need === 'pickedUp') {
      const r = await world.scenario.api.call(
        'checkin',
        'checkOut',
        { bookingId: t.checkedInBookingId, pickupName: t.guardianName },
        world.callers.worker!.token,
      );
      if (r.body?.ok || (r.body as { error?: { code?: string } })?.error?.code === 'CONFLICT') t.pickedUp = t.checkedInBookingId;
    } else if (need === 'courseId' || need === 'episodeId') {
      await findCourseTargets(world.scenario.api, world.parent.token, t);
    }
  }
  return (template.needs ?? []).every((n) => t[n] !== undefined);
}

async function findCourseTargets(api: Api, token: string, t: Targets): Promise<void> {
  const list = await api.call('course', 'list', {}, token);
  const course = list.body?.ok ? list.body.data.courses?.[0] : undefined;
  if (!course) return;
  t.courseId = course.id;
  const detail = await api.call('course', 'detail', { courseId: course.id }, token);
  if (detail.body?.ok) t.episodeId = detail.body.data.episodes?.[0]?.id;
}
