/**
 * What the family sees before tapping: whether a child is of age, whether a session is open for booking.
 * Every number comes from the server (the child's ageWindow, the session's opensAt/closesAt, the policy);
 * the server still decides when the tap arrives.
 */
import type { ChildWithQuota, Policy, Session } from '../../cloudfunctions/shared/contract'
import { ageInMonths, kindOf, kindPolicy, KIND_TEXT } from './kinds'
import { formatMonthDay, sessionStartMs } from './time'

export type AgeStatus = 'ok' | 'too_young' | 'too_old'

export function ageStatus(child: Pick<ChildWithQuota, 'ageWindow'>, onDate: string): AgeStatus {
  const w = child.ageWindow
  if (!w) return 'ok'
  if (onDate < w.from) return 'too_young'
  if (onDate >= w.until) return 'too_old'
  return 'ok'
}

/** '满 12 个月、不满 36 个月' — the age rule in words, from the policy. */
export function ageRuleText(policy?: Policy): string {
  return policy ? `满 ${policy.minAgeMonths} 个月、不满 ${policy.maxAgeMonths} 个月` : '规定年龄'
}

/** One line under a child's name: the age rule as it applies to this child today. */
export function childAgeLine(child: Pick<ChildWithQuota, 'ageWindow'>, today: string, policy?: Policy): string | null {
  const status = ageStatus(child, today)
  if (status === 'too_young') return `${formatDate(child.ageWindow!.from)}起可以预约临时托（${ageRuleText(policy)}）`
  if (status === 'too_old') return `不在可预约年龄：临时托面向${ageRuleText(policy)}的孩子`
  return null
}

/** '2027年3月3日' */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** '12月3日 09:00' (Shanghai) from an ISO instant. */
export function formatInstant(iso: string): string {
  const t = new Date(Date.parse(iso) + 8 * 3600_000)
  const pad = (n: number) => (n < 10 ? `0${n}` : String(n))
  return `${formatMonthDay(t.toISOString().slice(0, 10))} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
}

export type Availability =
  | { kind: 'cancelled' | 'started' | 'closed' | 'age' | 'full' | 'open'; label: string; note?: string }
  | { kind: 'not_open'; label: string; note: string }

/** Whether `child` can book `s` now, and the badge and note that say so. */
export function availability(
  s: Session,
  child: (Pick<ChildWithQuota, 'ageWindow'> & { birthDate?: string }) | undefined,
  nowMs: number,
  policy?: Policy,
): Availability {
  if (s.status === 'cancelled') return { kind: 'cancelled', label: '已取消' }
  if (sessionStartMs(s) <= nowMs) return { kind: 'started', label: '已开始' }
  if (s.opensAt && Date.parse(s.opensAt) > nowMs) {
    return { kind: 'not_open', label: '未开放', note: `${formatInstant(s.opensAt)} 开放预约` }
  }
  if (s.closesAt && Date.parse(s.closesAt) <= nowMs) return { kind: 'closed', label: '已截止', note: '已停止预约' }
  const kind = kindOf(s)
  if (kind === 'temporary_care') {
    if (child && ageStatus(child, s.date) !== 'ok') {
      return { kind: 'age', label: '不在可预约年龄', note: `这一场面向${ageRuleText(policy)}的孩子` }
    }
  } else {
    const kp = kindPolicy(policy, kind)
    if (child?.birthDate && kp) {
      const age = ageInMonths(child.birthDate, s.date)
      if (age < kp.minAgeMonths || age >= kp.maxAgeMonths) {
        return {
          kind: 'age',
          label: '不在可参加年龄',
          note: `${KIND_TEXT[kind]}面向满 ${kp.minAgeMonths} 个月、不满 ${kp.maxAgeMonths} 个月的孩子`,
        }
      }
    }
  }
  if (s.remaining <= 0) return { kind: 'full', label: '已约满' }
  return { kind: 'open', label: '可预约' }
}
