/** The app's kind lists and labels stay in step with the contract's (the bundle imports only its types). */
import { FAMILY_KINDS, SERVICE_KINDS as CONTRACT_KINDS } from '../../cloudfunctions/shared/contract';
import { KIND_LABELS } from '../../cloudfunctions/core/rules/policy';
import { isFamilyKind, KIND_TEXT, kindPolicy, quotaOf, SERVICE_KINDS, titleAfterKind } from '../../src/lib/kinds';
import { availability } from '../../src/lib/eligibility';
import type { Policy, Session } from '../../cloudfunctions/shared/contract';

it('same kinds, same family kinds, same labels as the server', () => {
  expect([...SERVICE_KINDS]).toEqual([...CONTRACT_KINDS]);
  expect(CONTRACT_KINDS.filter(isFamilyKind)).toEqual([...FAMILY_KINDS]);
  expect(KIND_TEXT).toEqual(KIND_LABELS);
});

it("the badge before the tap uses the session kind's ages from the policy", () => {
  const policy = {
    yearlyFreeSessions: 12,
    minAgeMonths: 12,
    maxAgeMonths: 36,
    kinds: {
      temporary_care: { yearlyFree: 12, minAgeMonths: 12, maxAgeMonths: 36 },
      parenting_guidance: { yearlyFree: 12, minAgeMonths: 0, maxAgeMonths: 36 },
      parent_class: { yearlyFree: null, minAgeMonths: 0, maxAgeMonths: 72 },
      festival_activity: { yearlyFree: null, minAgeMonths: 0, maxAgeMonths: 72 },
    },
  } as Policy;
  const session = (kind: Session['kind']): Session => ({
    id: 's',
    siteId: 'st',
    communityId: 'c',
    date: '2030-03-05',
    start: '09:00',
    end: '11:00',
    capacity: 10,
    booked: 0,
    remaining: 10,
    waitlisted: 0,
    status: 'open',
    kind,
  });
  const baby = { birthDate: '2029-05-05', ageWindow: { from: '2030-05-05', until: '2032-05-05' } }; // 10 months on 2030-03-05
  const now = Date.parse('2030-03-01T00:00:00Z');
  expect(availability(session('temporary_care'), baby, now, policy).kind).toBe('age');
  expect(availability(session('parenting_guidance'), baby, now, policy).kind).toBe('open');
  expect(availability(session('festival_activity'), baby, now, policy).kind).toBe('open');
  expect(kindPolicy(policy, 'parent_class')?.yearlyFree).toBeNull();
  const child = {
    quota: { year: 2030, used: 0, limit: 12, remaining: 12 },
    quotas: [{ kind: 'parenting_guidance' as const, year: 2030, used: 1, limit: 12, remaining: 11 }],
  };
  expect(quotaOf(child, 'parenting_guidance')?.remaining).toBe(11);
  expect(quotaOf(child, 'festival_activity')).toBeNull();
});

it('a title that repeats its kind is shown without the repetition', () => {
  expect(titleAfterKind({ kind: 'parenting_guidance', title: '科学育儿指导：辅食添加' })).toBe('辅食添加');
  expect(titleAfterKind({ kind: 'parenting_guidance', title: '科学育儿指导 - 睡眠' })).toBe('睡眠');
  expect(titleAfterKind({ kind: 'festival_activity', title: '中秋手绘月亮' })).toBe('中秋手绘月亮');
  expect(titleAfterKind({ kind: 'parenting_guidance', title: '科学育儿指导' })).toBe('科学育儿指导');
  expect(titleAfterKind({ title: '临时托：周末' })).toBe('周末');
});
