/** Words the admin pages show: weekdays, roles, audit actions, notice kinds, policy fields. */
import type { Policy, StaffRole } from '../../../cloudfunctions/shared/contract'

/** ISO weekdays 1 = Monday … 7 = Sunday. */
export const WEEKDAYS: Array<{ value: number; label: string }> = [
  { value: 1, label: '一' }, { value: 2, label: '二' }, { value: 3, label: '三' }, { value: 4, label: '四' },
  { value: 5, label: '五' }, { value: 6, label: '六' }, { value: 7, label: '日' },
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

/** Policy fields (DESIGN §2) with the words and units admins read. */
export const POLICY_FIELDS: Array<{ key: keyof Policy; label: string; unit: string; hint?: string }> = [
  { key: 'yearlyFreeSessions', label: '每个孩子每年免费次数', unit: '次' },
  { key: 'minAgeMonths', label: '最小月龄（含）', unit: '个月' },
  { key: 'maxAgeMonths', label: '最大月龄（不含）', unit: '个月', hint: '36 表示不满 3 周岁' },
  { key: 'bookingOpensDaysBefore', label: '提前几天开放预约', unit: '天' },
  { key: 'bookingClosesMinutesBefore', label: '开始前几分钟截止预约', unit: '分钟' },
  { key: 'maxUpcomingBookings', label: '每个孩子同时待参加的预约', unit: '个' },
  { key: 'freeCancelHoursBefore', label: '提前几小时取消可退还次数', unit: '小时' },
  { key: 'waitlistClosesHoursBefore', label: '开始前几小时停止候补递补', unit: '小时' },
  { key: 'checkinOpensMinutesBefore', label: '开始前几分钟开放签到', unit: '分钟' },
  { key: 'noShowGraceMinutes', label: '结束后几分钟记为未到', unit: '分钟' },
  { key: 'noShowLimit', label: '未到几次暂停预约', unit: '次' },
  { key: 'noShowWindowDays', label: '未到次数统计天数', unit: '天' },
  { key: 'suspensionDays', label: '暂停预约天数', unit: '天' },
]

/** "2026-11-26T05:30:00.000Z" → "11月26日 13:30" (Shanghai). */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000)
  const pad = (n: number) => (n < 10 ? `0${n}` : String(n))
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/** Show an openid without exposing all of it: "oAbc…xyz9". */
export function maskOpenid(openid: string): string {
  return openid.length <= 8 ? openid : `${openid.slice(0, 4)}…${openid.slice(-4)}`
}

export const percent = (v: number | undefined) => `${Math.round((v || 0) * 1000) / 10}%`
