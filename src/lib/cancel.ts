import type { Booking, Session } from '../../cloudfunctions/shared/contract'
import { KIND_TEXT, titleAfterKind } from './kinds'
import { cancelConsequence, formatDay, sessionStartMs } from './time'

/**
 * The consequence of cancelling, stated to the family BEFORE they confirm. `freeCancelHoursBefore` is
 * the community's policy value; without it the wording gives no number. `hasQuota` false: the booking's
 * kind has no quota counter (family activities, parent classes), so nothing is refunded or deducted.
 */
export function cancelPrompt(
  b: Booking,
  s: Session | undefined,
  freeCancelHoursBefore: number | undefined,
  nowMs: number = Date.now(),
  hasQuota = true,
): { title: string; content: string } {
  const FREE_CANCEL_HOURS_BEFORE = freeCancelHoursBefore ?? 0
  const kind = b.kind ?? s?.kind ?? 'temporary_care'
  const what = kind === 'temporary_care' ? '托育' : `${KIND_TEXT[kind]}${s?.title ? `「${titleAfterKind(s)}」` : ''}`
  const quotaName = kind === 'temporary_care' ? '免费次数' : `${KIND_TEXT[kind]}免费次数`
  if (!hasQuota && b.status !== 'waitlisted') {
    const when = s ? `${formatDay(s.date)} ${s.start}` : '该场次'
    return { title: '确认取消报名？', content: `${when} 的${what}。这一场不占用免费次数，取消不扣次数，名额会让给别人。` }
  }
  if (freeCancelHoursBefore === undefined && b.status !== 'waitlisted') {
    return {
      title: '确认取消预约？',
      content: `${s ? `${formatDay(s.date)} ${s.start}` : '该场次'} 的${what}。开始前较早取消会退回次数，临近开始取消会扣 1 次。`,
    }
  }
  const when = s ? `${formatDay(s.date)} ${s.start}` : '该场次'
  if (b.status === 'waitlisted') {
    return { title: '取消候补？', content: `将取消 ${when} 的候补排队。候补不占用免费次数，取消后也不扣次数。` }
  }
  if (!s || cancelConsequence(s, nowMs, FREE_CANCEL_HOURS_BEFORE) === 'refund') {
    return {
      title: '确认取消预约？',
      content: `${when} 的${what}。现在距开始还有 ${FREE_CANCEL_HOURS_BEFORE} 小时以上，取消后本次${quotaName}会退回。`,
    }
  }
  const hours = Math.max(0, Math.floor((sessionStartMs(s) - nowMs) / 3600000))
  return {
    title: '迟取消会扣次数',
    content: `${when} 的${what}${hours > 0 ? `还有约 ${hours} 小时开始` : '即将开始'}。距开始已不足 ${FREE_CANCEL_HOURS_BEFORE} 小时，现在取消会扣除 1 次${quotaName}，名额会让给候补的孩子。仍要取消吗？`,
  }
}
