/** admin.* — thin: validate, call AdminService. */
import { z } from 'zod';
import { action, type ActionTable } from '../core/handler';
import { date, empty, hhmm, id, name, plainText, serviceKind, shortText } from '../core/schemas';
import { SERVICE_KINDS, type ServiceKind } from '../shared/contract';
import { POLICY_KEYS } from '../core/rules/policy';

const count = (max: number) => z.number().int().min(0).max(max);
const limit = z.number().int().min(1).max(500).optional();
const range = z.object({ communityId: id, from: date, to: date });
const year = z.number().int().min(2000).max(2100);
const districtRange = z.object({ from: date, to: date, district: shortText(40).optional() });
const policyShape = {
  yearlyFreeSessions: count(365),
  minAgeMonths: count(72),
  maxAgeMonths: count(73),
  bookingOpensDaysBefore: count(90),
  bookingClosesMinutesBefore: count(7 * 24 * 60),
  maxUpcomingBookings: count(50),
  freeCancelHoursBefore: count(24 * 14),
  waitlistClosesHoursBefore: count(24 * 14),
  checkinOpensMinutesBefore: count(24 * 60),
  noShowGraceMinutes: count(24 * 60),
  noShowLimit: count(100),
  noShowWindowDays: count(3650),
  suspensionDays: count(3650),
};
const kindPolicyShape = z.object({
  yearlyFree: count(365).nullable().optional(),
  minAgeMonths: count(72).optional(),
  maxAgeMonths: count(73).optional(),
});
const kindsShape = z.object(
  Object.fromEntries(SERVICE_KINDS.map((k) => [k, kindPolicyShape.optional()])) as Record<
    ServiceKind,
    z.ZodOptional<typeof kindPolicyShape>
  >,
);
const sessionDetails = {
  kind: serviceKind.optional(),
  title: z.string().trim().min(1).max(30).optional(),
  description: z.string().trim().min(1).max(500).optional(),
  host: z.string().trim().min(1).max(30).optional(),
};
// keep the schema and the policy in step
if (Object.keys(policyShape).sort().join() !== [...POLICY_KEYS].sort().join()) throw new Error('policy schema out of date');

export const adminActions: ActionTable<'admin'> = {
  createCommunity: action({
    input: z.object({ name: name(40), district: name(40) }),
    run: ({ services, openid, input }) => services.admin.createCommunity(openid, input),
  }),
  listCommunities: action({ input: empty, run: ({ services, openid }) => services.admin.listCommunities(openid) }),
  createSite: action({
    input: z.object({ communityId: id, name: name(40), address: shortText(100), capacity: z.number().int().min(1).max(5000) }),
    run: ({ services, openid, input }) => services.admin.createSite(openid, input),
  }),
  updateSite: action({
    input: z.object({
      siteId: id,
      name: name(40).optional(),
      address: shortText(100).optional(),
      capacity: z.number().int().min(1).max(5000).optional(),
      tel: z
        .string()
        .trim()
        .regex(/^([0-9+\- ]{5,20})?$/, '请填写正确的电话号码')
        .optional(),
      hours: z.string().trim().max(100).optional(),
      bring: z.string().trim().max(300).optional(),
      notice: z.string().trim().max(500).optional(),
      // a point in China (for the map in WeChat)
      latitude: z.number().min(3).max(54).optional(),
      longitude: z.number().min(73).max(136).optional(),
    }),
    run: ({ services, openid, input }) => services.admin.updateSite(openid, input),
  }),
  listSites: action({
    input: z.object({ communityId: id }),
    run: ({ services, openid, input }) => services.admin.listSites(openid, input.communityId),
  }),
  createSessions: action({
    input: z.object({
      siteId: id,
      dates: z.array(date).min(1).max(120),
      start: hhmm,
      end: hhmm,
      capacity: z.number().int().min(1).max(5000).optional(),
      ...sessionDetails,
    }),
    run: ({ services, openid, input }) => services.admin.createSessions(openid, input),
  }),
  cancelSession: action({
    input: z.object({ sessionId: id, reason: shortText(100) }),
    run: ({ services, openid, input }) => services.admin.cancelSession(openid, input),
  }),
  addStaff: action({
    input: z.object({ communityId: id, openid: shortText(128), role: z.enum(['worker', 'admin']), name: name(20).optional() }),
    run: ({ services, openid, input }) => services.admin.addStaff(openid, input),
  }),
  getPolicy: action({
    input: z.object({ communityId: id }),
    run: ({ services, openid, input }) => services.admin.getPolicy(openid, input.communityId),
  }),
  setPolicy: action({
    input: z
      .object({ communityId: id, ...policyShape, kinds: kindsShape })
      .partial()
      .required({ communityId: true }),
    run: ({ services, openid, input }) => services.admin.setPolicy(openid, input as { communityId: string }),
  }),
  communityQr: action({
    input: z.object({ communityId: id }),
    run: ({ services, openid, input }) => services.admin.communityQr(openid, input.communityId),
  }),
  stats: action({
    input: range,
    run: ({ services, openid, input }) => services.admin.stats(openid, input),
  }),
  exportCsv: action({
    input: range,
    run: ({ services, openid, input }) => services.admin.exportCsv(openid, input),
  }),
  generateSchedule: action({
    input: z.object({
      siteId: id,
      from: date,
      to: date,
      weekdays: z
        .array(z.number().int().min(1).max(7))
        .min(1)
        .max(7)
        .refine((w) => new Set(w).size === w.length, '星期不能重复'),
      start: hhmm,
      end: hhmm,
      capacity: z.number().int().min(1).max(5000).optional(),
      skipHolidays: z.boolean().optional(),
      followWorkdays: z.boolean().optional(),
      dryRun: z.boolean().optional(),
      ...sessionDetails,
    }),
    run: ({ services, openid, input }) => services.admin.generateSchedule(openid, input),
  }),
  createInvite: action({
    input: z.object({ communityId: id, role: z.enum(['worker', 'admin']).optional() }),
    run: ({ services, openid, input }) => services.invites.createInvite(openid, input),
  }),
  revokeInvite: action({
    input: z.object({ communityId: id, code: shortText(40) }),
    run: ({ services, openid, input }) => services.invites.revokeInvite(openid, input),
  }),
  listStaff: action({
    input: z.object({ communityId: id }),
    run: ({ services, openid, input }) => services.invites.listStaff(openid, input.communityId),
  }),
  removeStaff: action({
    input: z.object({ communityId: id, openid: shortText(128) }),
    run: ({ services, openid, input }) => services.invites.removeStaff(openid, input),
  }),
  outbox: action({
    input: z.object({ communityId: id, limit }),
    run: ({ services, openid, input }) => services.admin.outbox(openid, input),
  }),
  auditLog: action({
    input: z.object({ communityId: id, limit, readOnly: z.boolean().optional() }),
    run: ({ services, openid, input }) => services.admin.auditLog(openid, input),
  }),
  setResidentChildren: action({
    input: z.object({ communityId: id, year, count: count(10_000_000) }),
    run: ({ services, openid, input }) => services.district.setResidentChildren(openid, input),
  }),
  districtStats: action({
    input: districtRange,
    run: ({ services, openid, input }) => services.district.districtStats(openid, input),
  }),
  exportDistrictCsv: action({
    input: districtRange,
    run: ({ services, openid, input }) => services.district.exportDistrictCsv(openid, input),
  }),
  setHoliday: action({
    input: z.object({ date, kind: z.enum(['holiday', 'workday']), name: shortText(20).optional() }),
    run: ({ services, openid, input }) => services.district.setHoliday(openid, input),
  }),
  removeHoliday: action({
    input: z.object({ date }),
    run: ({ services, openid, input }) => services.district.removeHoliday(openid, input),
  }),
  holidays: action({
    input: z.object({ year }),
    run: ({ services, openid, input }) => services.district.holidays(openid, input),
  }),
  suggestions: action({
    input: z.object({ communityId: id, status: z.enum(['open', 'replied']).optional() }),
    run: ({ services, openid, input }) => services.voice.suggestions(openid, input),
  }),
  replySuggestion: action({
    input: z.object({ suggestionId: id, reply: plainText(1, 500) }),
    run: ({ services, openid, input }) => services.voice.replySuggestion(openid, input),
  }),
  setSiteGrade: action({
    input: z.object({ siteId: id, grade: z.enum(['A', 'B', 'C']), inspectedAt: date, note: plainText(1, 200).optional() }),
    run: ({ services, openid, input }) => services.voice.setSiteGrade(openid, input),
  }),
  ratings: action({
    input: z.object({ communityId: id, siteId: id.optional() }),
    run: ({ services, openid, input }) => services.voice.ratings(openid, input),
  }),
};
