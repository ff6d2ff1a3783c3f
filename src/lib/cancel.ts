import type { Booking, Session } from '../../cloudfunctions/shared/contract'
import { cancelConsequence, formatDay, sessionStartMs } from './time'

/**
 * The consequence of cancelling, stated to the family BEFORE they confirm. `freeCancelHoursBefore` is
 * the community's policy value; without it the wording gives no number.
 */
export function cancelPrompt(
  b: Booking,
  s: Session | undefined,
  freeCancelHoursBefore: number | undefined,
  nowMs: number = Date.now(),
): { title: string; content: string } {
  const FREE_CANCEL_HOURS_BEFORE = freeCancelHoursBefore ?? 0
  if (freeCancelHoursBefore === undefined && b.status !== 'waitlisted') {
    return {
      title: '确认取消预约？',
      content: `${s ? `${formatDay(s.date)} ${s.start}` : '该场次'} 的托育。开始前较早取消会退回次数，临近开始取消会扣 1 次。`,
    }
  }
  const when = s ? `${formatDay(s.date)} ${s.start}` : '该场次'
  if (b.status === 'waitlisted') {
    return { title: '取消候补？', content: `将取消 ${when} 的候补排队。候补不占用免费次数，取消后也不扣次数。` }
  }
  if (!s || cancelConsequence(s, nowMs, FREE_CANCEL_HOURS_BEFORE) === 'refund') {
    return {
      title: '确认取消预约？',
      content: `${when} 的托育。现在距开始还有 ${FREE_CANCEL_HOURS_BEFORE} 小时以上，取消后本次免费次数会退回。`,
    }
  }
  const hours = Math.max(0, Math.floor((sessionStartMs(s) - nowMs) / 3600000))
  return {
    title: '迟取消会扣次数',
    content: `${when} 的托育${hours > 0 ? `还有约 ${hours} 小时开始` : '即将开始'}。距开始已不足 ${FREE_CANCEL_HOURS_BEFORE} 小时，现在取消会扣除 1 次免费次数，名额会让给候补的孩子。仍要取消吗？`,
  }
}
