import type { KindPolicies, KindPolicy, KindPolicyPatch, Policy, PolicyValues, ServiceKind } from '../../shared/contract';
import { FAMILY_KINDS, SERVICE_KINDS } from '../../shared/contract';

/** The default policy (docs/domain.md); each is a per-community value settable with admin.setPolicy. */
export const DEFAULT_POLICY: PolicyValues = {
  yearlyFreeSessions: 12,
  minAgeMonths: 12,
  maxAgeMonths: 36,
  bookingOpensDaysBefore: 14,
  bookingClosesMinutesBefore: 60,
  maxUpcomingBookings: 4,
  freeCancelHoursBefore: 24,
  waitlistClosesHoursBefore: 2,
  checkinOpensMinutesBefore: 30,
  noShowGraceMinutes: 30,
  noShowLimit: 3,
  noShowWindowDays: 90,
  suspensionDays: 30,
};

/** The flat numeric policy keys (temporary_care's quota and ages among them). */
export const POLICY_KEYS = Object.keys(DEFAULT_POLICY) as Array<keyof PolicyValues>;

/** Defaults of the kinds other than temporary_care (whose values are the flat ones). */
export const DEFAULT_KIND_POLICIES: Omit<KindPolicies, 'temporary_care'> = {
  parenting_guidance: { yearlyFree: 12, minAgeMonths: 0, maxAgeMonths: 36 },
  parent_class: { yearlyFree: null, minAgeMonths: 0, maxAgeMonths: 72 },
  festival_activity: { yearlyFree: null, minAgeMonths: 0, maxAgeMonths: 72 },
};

/** A stored session, booking or counter written before kinds existed has none: it is temporary care. */
export function kindOf(doc: { kind?: ServiceKind | null } | null | undefined): ServiceKind {
  return doc?.kind ?? 'temporary_care';
}

export function isServiceKind(v: unknown): v is ServiceKind {
  return typeof v === 'string' && (SERVICE_KINDS as readonly string[]).includes(v);
}

export function isFamilyKind(kind: ServiceKind): boolean {
  return FAMILY_KINDS.includes(kind);
}

/**
 * Every kind's policy from the flat values and the stored per-kind values (partial, possibly absent):
 * temporary_care always mirrors yearlyFreeSessions / minAgeMonths / maxAgeMonths.
 */
export function resolveKinds(flat: PolicyValues, stored?: KindPolicyPatch | null): KindPolicies {
  const out = {} as KindPolicies;
  for (const kind of SERVICE_KINDS) {
    if (kind === 'temporary_care') {
      out[kind] = { yearlyFree: flat.yearlyFreeSessions, minAgeMonths: flat.minAgeMonths, maxAgeMonths: flat.maxAgeMonths };
      continue;
    }
    const base = DEFAULT_KIND_POLICIES[kind];
    const s = stored?.[kind] ?? {};
    out[kind] = {
      yearlyFree: s.yearlyFree === null ? null : typeof s.yearlyFree === 'number' ? s.yearlyFree : base.yearlyFree,
      minAgeMonths: typeof s.minAgeMonths === 'number' ? s.minAgeMonths : base.minAgeMonths,
      maxAgeMonths: typeof s.maxAgeMonths === 'number' ? s.maxAgeMonths : base.maxAgeMonths,
    };
  }
  return out;
}

/** One kind's quota and ages under a community policy. */
export function kindPolicy(policy: Policy, kind: ServiceKind): KindPolicy {
  return (policy.kinds ?? resolveKinds(policy))[kind];
}

/** 临时托, 科学育儿指导, … — the names parents read (in messages too). */
export const KIND_LABELS: Record<ServiceKind, string> = {
  temporary_care: '临时托',
  parenting_guidance: '科学育儿指导',
  parent_class: '家长课堂',
  festival_activity: '节日活动',
};
