/**
 * Date helpers for display, in Asia/Shanghai (UTC+8, no DST). The server decides every rule on its own
 * clock; the client only formats and previews (e.g. the cancellation consequence before confirming).
 */
const SH_OFFSET_MS = 8 * 3600 * 1000
const DAY_MS = 24 * 3600 * 1000
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** Today's date in Shanghai as YYYY-MM-DD. */
export function shanghaiToday(nowMs: number = Date.now()): string {
  return new Date(nowMs + SH_OFFSET_MS).toISOString().slice(0, 10)
}

function parseDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return Date.UTC(y, m - 1, d)
}

function fmtDay(ms: number): string {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

export function addDays(date: string, days: number): string {
  return fmtDay(parseDay(date) + days * DAY_MS)
}

/** The Monday of the week containing `date`. */
export function weekStart(date: string): string {
  const dow = new Date(parseDay(date)).getUTCDay() // 0 = Sunday
  return addDays(date, dow === 0 ? -6 : 1 - dow)
}

export function weekdayOf(date: string): string {
  return WEEKDAYS[new Date(parseDay(date)).getUTCDay()]
}

/** '11月27日 周四' */
export function formatDay(date: string): string {
  const [, m, d] = date.split('-').map(Number)
  return `${m}月${d}日 ${weekdayOf(date)}`
}

/** '11月27日' */
export function formatMonthDay(date: string): string {
  const [, m, d] = date.split('-').map(Number)
  return `${m}月${d}日`
}

/** The instant a session starts (its date and HH:mm are Shanghai local time). */
export function sessionStartMs(s: { date: string; start: string }): number {
  const [h, min] = s.start.split(':').map(Number)
  return parseDay(s.date) + (h * 60 + min) * 60000 - SH_OFFSET_MS
}

export function sessionEndMs(s: { date: string; end: string }): number {
  return sessionStartMs({ date: s.date, start: s.end })
}

/**
 * What cancelling now would do: 'refund' (in time) or 'late' (the session is still consumed).
 * `freeCancelHoursBefore` is the community's policy value (user.profile sends it).
 */
export function cancelConsequence(s: { date: string; start: string }, nowMs: number, freeCancelHoursBefore: number): 'refund' | 'late' {
  return sessionStartMs(s) - nowMs >= freeCancelHoursBefore * 3600 * 1000 ? 'refund' : 'late'
}

/** Whole calendar months from birthDate to `onDate` (both YYYY-MM-DD). */
export function ageInMonths(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number)
  const [y, m, d] = onDate.split('-').map(Number)
  let months = (y - by) * 12 + (m - bm)
  if (d < bd) months -= 1
  return months
}

/** '1岁6个月' / '8个月' */
export function ageText(months: number): string {
  if (months < 0) return '未出生'
  const y = Math.floor(months / 12)
  const m = months % 12
  if (y === 0) return `${m}个月`
  return m === 0 ? `${y}岁` : `${y}岁${m}个月`
}

/** An instant's wall-clock time in Shanghai, HH:mm (e.g. a check-in time). */
export function clockTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + SH_OFFSET_MS)
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}
