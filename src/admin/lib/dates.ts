/** Date ranges the admin pages offer as one-tap presets (Shanghai calendar, YYYY-MM-DD). */
import { addDays, shanghaiToday, weekStart } from '../../lib/time'

export interface Range {
  from: string
  to: string
  label: string
}

export function weekRange(offsetWeeks: number, today = shanghaiToday()): Range {
  const from = addDays(weekStart(today), 7 * offsetWeeks)
  return { from, to: addDays(from, 6), label: offsetWeeks === 0 ? '本周' : offsetWeeks === 1 ? '下周' : `${offsetWeeks} 周后` }
}

export function monthRange(offsetMonths: number, today = shanghaiToday()): Range {
  const [y, m] = today.split('-').map(Number)
  const first = new Date(Date.UTC(y, m - 1 + offsetMonths, 1))
  const last = new Date(Date.UTC(y, m + offsetMonths, 0))
  const fmt = (d: Date) => d.toISOString().slice(0, 10)
  return {
    from: fmt(first),
    to: fmt(last),
    label: offsetMonths === 0 ? '本月' : offsetMonths === -1 ? '上月' : offsetMonths === 1 ? '下月' : `${offsetMonths} 月`,
  }
}

export function yearRange(today = shanghaiToday()): Range {
  const y = today.slice(0, 4)
  return { from: `${y}-01-01`, to: `${y}-12-31`, label: '今年' }
}
