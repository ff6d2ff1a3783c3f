import type { BookingStatus } from '../../cloudfunctions/shared/contract'
import type { ClientErrorCode } from '../api/errors'

/** Booking statuses in the words parents and workers read. */
export const STATUS_TEXT: Record<BookingStatus, string> = {
  confirmed: '已预约',
  waitlisted: '候补中',
  cancelled: '已取消',
  late_cancelled: '已取消（迟取消，扣次数）',
  session_cancelled: '已取消（场次取消）',
  checked_in: '已签到',
  checked_out: '已离园',
  no_show: '未到',
}

/** Short labels for worker counters. */
export const STATUS_SHORT: Record<BookingStatus, string> = {
  confirmed: '待签到',
  waitlisted: '候补',
  cancelled: '已取消',
  late_cancelled: '迟取消',
  session_cancelled: '场次取消',
  checked_in: '在园',
  checked_out: '已离园',
  no_show: '未到',
}

export const RELATIONS = ['妈妈', '爸爸', '奶奶', '爷爷', '外婆', '外公', '其他亲属']

export const GENDER_TEXT: Record<'M' | 'F', string> = { M: '男孩', F: '女孩' }

/**
 * Clear refusals: what happened and what the family can do. The server's Chinese message is shown too
 * (it may be more specific); this adds the title and the next step.
 */
export const REFUSALS: Partial<Record<ClientErrorCode, { title: string; hint: string }>> = {
  QUOTA_EXHAUSTED: { title: '今年的免费次数已用完', hint: '每个孩子每年的免费次数由社区规定，新的一年会重新计算。' },
  NOT_ELIGIBLE: {
    title: '孩子暂不符合参加条件',
    hint: '临时托面向本社区规定月龄的孩子，按场次当天的月龄计算；孩子卡片上写着可以预约的日期。',
  },
  SESSION_FULL: { title: '这一场已经约满了', hint: '可以加入候补，有人取消时按先后顺序自动补上，并通知您。' },
  BOOKING_CLOSED: {
    title: '这一场现在不能预约',
    hint: '每一场在开始前一段时间开放预约，临近开始时截止，场次卡片上写着开放的时间；已取消的场次不能预约。',
  },
  ALREADY_BOOKED: { title: '已经预约过了', hint: '孩子已预约这一场，或同一时间的另一场。可在“我的预约”里查看。' },
  BOOKING_LIMIT: { title: '待参加的预约太多了', hint: '每个孩子同时保留的待参加预约有上限，参加或取消后可以再约。' },
  SUSPENDED: { title: '暂时不能预约', hint: '多次预约未到会暂停预约一段时间，到期自动恢复。如有疑问请联系社区。' },
  NOT_REGISTERED: { title: '还没有登记', hint: '请先扫描社区宝宝屋的二维码，登记家庭信息。' },
  CONSENT_REQUIRED: { title: '需要监护人同意', hint: '请先阅读并同意《儿童个人信息保护规则》。' },
  CONFLICT: { title: '请求有冲突', hint: '请返回后重新选择场次和孩子再预约。' },
  NOT_FOUND: { title: '没有找到', hint: '请确认二维码或链接是否正确，或回到首页重新进入。' },
  FORBIDDEN: { title: '没有权限', hint: '只能为本社区、本家庭的孩子操作。' },
  UNAUTHENTICATED: { title: '请先登录', hint: '登录后再试。' },
  NETWORK: { title: '网络不太好', hint: '请检查网络后点“重试”，不会重复预约。' },
  BUSY: { title: '人太多了，系统繁忙', hint: '请稍等几秒后点“重试”，不会重复预约。' },
  INTERNAL: { title: '系统出了点问题', hint: '请稍后点“重试”，不会重复预约。' },
  INVALID_CODE: { title: '签到码无效', hint: '请核对家长出示的签到码。' },
  CHECKIN_CLOSED: { title: '现在不能签到', hint: '签到从场次开始前一段时间开放，到场次结束为止。' },
  FEVER: { title: '体温偏高，不能入托', hint: '请家长带孩子回家休息或就医；确需入托须填写原因并记录。' },
  NOT_AUTHORIZED_PICKUP: { title: '接送人未授权', hint: '只能交给孩子的监护人或家长登记的接送人。' },
}
