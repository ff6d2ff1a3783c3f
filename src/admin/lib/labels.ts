/** Words the admin pages show: weekdays, roles, audit actions, notice kinds, policy fields. */
import type { PolicyValues, StaffRole } from '../../../cloudfunctions/shared/contract'

/** ISO weekdays 1 = Monday … 7 = Sunday. */
export const WEEKDAYS: Array<{ value: number; label: string }> = [
  { value: 1, label: '一' },
  { value: 2, label: '二' },
  { value: 3, label: '三' },
  { value: 4, label: '四' },
  { value: 5, label: '五' },
  { value: 6, label: '六' },
  { value: 7, label: '日' },
]

export const ROLE_TEXT: Record<StaffRole | 'district_admin', string> = {
  worker: '工作人员',
  admin: '社区管理员',
  district_admin: '区级管理员',
}

export const AUDIT_TEXT: Record<string, string> = {
  checkin: '签到',
  'suggestion.reply': '回复建议',
  'site.grade': '场地评级',
  checkout: '离园',
  'roster.view': '查看名单',
  'session.cancel': '取消场次',
  'schedule.generate': '生成排班',
  'staff.add': '添加工作人员',
  'staff.remove': '移除工作人员',
  'invite.create': '生成邀请码',
  'invite.redeem': '使用邀请码加入',
  'invite.revoke': '作废邀请码',
  'policy.set': '修改规则',
  'stats.export': '导出统计',
  'residents.set': '填写常住儿童数',
}

export const NOTICE_TEXT: Record<string, string> = {
  reminder: '开场提醒',
  session_cancelled: '场次取消',
  waitlist_promoted: '候补成功',
  waitlist_closed: '候补截止',
  suggestion_replied: '建议回复',
}

/** Policy fields with the words and units admins read, and what each value means for families. */
export const POLICY_FIELDS: Array<{ key: keyof PolicyValues; label: string; unit: string; hint: string }> = [
  { key: 'yearlyFreeSessions', label: '每个孩子每年免费次数', unit: '次', hint: '按场次所在的自然年计算，每年 1 月 1 日重新开始。' },
  { key: 'minAgeMonths', label: '最小月龄（含）', unit: '个月', hint: '场次当天满这个月龄才能预约，例如 12 表示满 1 周岁。' },
  { key: 'maxAgeMonths', label: '最大月龄（不含）', unit: '个月', hint: '场次当天达到这个月龄就不能再预约，例如 36 表示不满 3 周岁。' },
  { key: 'bookingOpensDaysBefore', label: '提前几天开放预约', unit: '天', hint: '场次开始前这么多天的同一时刻开放，家长会看到开放时间。' },
  { key: 'bookingClosesMinutesBefore', label: '开始前几分钟截止预约', unit: '分钟', hint: '之后家长不能再预约这一场。' },
  { key: 'maxUpcomingBookings', label: '每个孩子同时待参加的预约', unit: '个', hint: '防止一家占用太多名额；参加或取消后可以再约。' },
  {
    key: 'freeCancelHoursBefore',
    label: '提前几小时取消可退还次数',
    unit: '小时',
    hint: '在此之前取消退回次数；之后取消仍扣 1 次，名额让给候补。',
  },
  {
    key: 'waitlistClosesHoursBefore',
    label: '开始前几小时停止候补递补',
    unit: '小时',
    hint: '临近开始时不再把候补的孩子补进来，免得家长来不及。',
  },
  { key: 'checkinOpensMinutesBefore', label: '开始前几分钟开放签到', unit: '分钟', hint: '工作人员从这时起可以为孩子签到。' },
  { key: 'noShowGraceMinutes', label: '结束后几分钟记为未到', unit: '分钟', hint: '场次结束这么久还没签到，就记为未到。' },
  { key: 'noShowLimit', label: '未到几次暂停预约', unit: '次', hint: '在下面的统计天数内累计未到这么多次，就暂停预约。' },
  { key: 'noShowWindowDays', label: '未到次数统计天数', unit: '天', hint: '只数最近这么多天里的未到。' },
  { key: 'suspensionDays', label: '暂停预约天数', unit: '天', hint: '暂停期满自动恢复。' },
]

/** The policy page's groups, in the order a family meets them. */
export const POLICY_GROUPS: Array<{ title: string; intro: string; keys: Array<keyof PolicyValues> }> = [
  { title: '谁可以参加', intro: '免费次数和孩子的月龄。', keys: ['yearlyFreeSessions', 'minAgeMonths', 'maxAgeMonths'] },
  {
    title: '什么时候可以预约',
    intro: '预约开放、截止，每个孩子能同时保留几个预约。',
    keys: ['bookingOpensDaysBefore', 'bookingClosesMinutesBefore', 'maxUpcomingBookings'],
  },
  { title: '取消和候补', intro: '什么时候取消不扣次数，候补什么时候停止。', keys: ['freeCancelHoursBefore', 'waitlistClosesHoursBefore'] },
  { title: '签到', intro: '工作人员什么时候可以签到，多久算未到。', keys: ['checkinOpensMinutesBefore', 'noShowGraceMinutes'] },
  {
    title: '多次未到',
    intro: '预约了却不来，会影响其他家庭；多次未到暂停预约一段时间。',
    keys: ['noShowLimit', 'noShowWindowDays', 'suspensionDays'],
  },
]

/** "2026-11-26T05:30:00.000Z" → "11月26日 13:30" (Shanghai). */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000)
  const pad = (n: number) => (n < 10 ? `0${n}` : String(n))
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

export const percent = (v: number | undefined) => `${Math.round((v || 0) * 1000) / 10}%`
