/**
 * Service kinds in the words families and staff read, and each kind's rules from the server's policy
 * (the client never has its own numbers; an older server without `kinds` means temporary care only).
 */
import type { ChildWithQuota, KindPolicy, KindQuota, Policy, Quota, ServiceKind } from '../../cloudfunctions/shared/contract'

// the same lists as the contract's (only its types are imported into the app bundle)
export const SERVICE_KINDS: readonly ServiceKind[] = ['temporary_care', 'parenting_guidance', 'parent_class', 'festival_activity']
const FAMILY_KINDS: readonly ServiceKind[] = ['parent_class', 'festival_activity']

export const KIND_TEXT: Record<ServiceKind, string> = {
  temporary_care: '临时托',
  parenting_guidance: '科学育儿指导',
  parent_class: '家长课堂',
  festival_activity: '节日活动',
}

/** What a free quota is called in a sentence: '还可免费托育 3 次', '还可免费参加科学育儿指导 5 次'. */
export const QUOTA_TEXT: Record<ServiceKind, string> = {
  temporary_care: '免费托育',
  parenting_guidance: '免费参加科学育儿指导',
  parent_class: '免费参加家长课堂',
  festival_activity: '免费参加节日活动',
}

export const kindOf = (s: { kind?: ServiceKind }): ServiceKind => s.kind ?? 'temporary_care'

/**
 * A session's title as shown after its kind's name: an admin who typed the kind into the title
 * ('科学育儿指导：辅食添加') would otherwise read '科学育儿指导 · 科学育儿指导：辅食添加'.
 */
export function titleAfterKind(s: { kind?: ServiceKind; title?: string }): string {
  const title = (s.title ?? '').trim()
  const name = KIND_TEXT[kindOf(s)]
  if (!title.startsWith(name)) return title
  const rest = title.slice(name.length).replace(/^[\s:：·\-—|｜]+/, '')
  return rest || title
}

/** A session as one line names it: its kind, then its title if any ('科学育儿指导 · 辅食添加'). */
export function kindAndTitle(s: { kind?: ServiceKind; title?: string }): string {
  return `${KIND_TEXT[kindOf(s)]}${s.title ? ` · ${titleAfterKind(s)}` : ''}`
}

/** Family kinds: the whole family comes; one booking per family, made through one of its children. */
export const isFamilyKind = (kind: ServiceKind): boolean => FAMILY_KINDS.includes(kind)

export function kindPolicy(policy: Policy | undefined, kind: ServiceKind): KindPolicy | undefined {
  if (!policy) return undefined
  if (policy.kinds) return policy.kinds[kind]
  return kind === 'temporary_care'
    ? { yearlyFree: policy.yearlyFreeSessions, minAgeMonths: policy.minAgeMonths, maxAgeMonths: policy.maxAgeMonths }
    : undefined
}

/** The child's quota of a kind (null: the kind has no quota). */
export function quotaOf(child: Pick<ChildWithQuota, 'quota' | 'quotas'>, kind: ServiceKind): Quota | KindQuota | null {
  if (kind === 'temporary_care') return child.quota
  return child.quotas?.find((q) => q.kind === kind) ?? null
}

/** Whole calendar months from birthDate to onDate (the server's rule, for the badge before the tap). */
export function ageInMonths(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number)
  const [y, m, d] = onDate.split('-').map(Number)
  return (y - by) * 12 + (m - bm) - (d < bd ? 1 : 0)
}
