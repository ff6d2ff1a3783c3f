import { useState } from 'react'
import type { Data, ServiceKind, Site } from '../../../cloudfunctions/shared/contract'
import { ApiError, toApiError } from '../../api/errors'
import { call } from '../../api/gateway'
import { useAction } from '../../hooks/useAsync'
import { weekRange, type Range } from '../lib/dates'

export type ScheduleResult = Data<'admin', 'generateSchedule'>
export type SingleResult = Data<'admin', 'createSessions'>

/** What a session is (kind, title, host, description) as typed on the page. */
export interface Details {
  kind: ServiceKind
  title: string
  host: string
  description: string
}

/** The details' mistake in Chinese, or '' when they can be sent. */
export function checkDetails(d: Details): string {
  if (d.title.trim().length > 30) return '活动名称最多 30 个字'
  if (d.host.trim().length > 30) return '主讲/主办最多 30 个字'
  if (d.description.trim().length > 500) return '活动介绍最多 500 个字'
  return ''
}

/** The details as admin.generateSchedule / admin.createSessions take them: trimmed, empty ones left out. */
export function detailsParams(d: Details) {
  return {
    kind: d.kind,
    ...(d.title.trim() ? { title: d.title.trim() } : {}),
    ...(d.host.trim() ? { host: d.host.trim() } : {}),
    ...(d.description.trim() ? { description: d.description.trim() } : {}),
  }
}

/** '' → the site's default; else an integer 1–500, or NaN. */
function capacityOf(v: string): number | undefined {
  if (!v.trim()) return undefined
  const n = Number(v)
  return Number.isInteger(n) && n >= 1 && n <= 500 ? n : NaN
}

/**
 * The schedule page's state and actions: the weekly rule (site, date range, weekdays, time, capacity,
 * holidays) and what the sessions are (kind, title, host, description); preview, then create, through
 * admin.generateSchedule; and one session on one date through admin.createSessions. Any change to the
 * rule drops the preview, so what is created is always what was previewed.
 */
export function useSchedule(initialSiteId: string) {
  const { busy, run } = useAction()
  const [siteId, setSiteId] = useState(initialSiteId)
  const [range, setRange] = useState<Range>(() => weekRange(1))
  const [weekdays, setWeekdays] = useState<number[]>([1, 2, 3, 4, 5])
  const [start, setStart] = useState('09:00')
  const [end, setEnd] = useState('11:00')
  const [capacity, setCapacity] = useState('')
  const [details, setDetails] = useState<Details>({ kind: 'temporary_care', title: '', host: '', description: '' })
  const [skipHolidays, setSkipHolidays] = useState(true)
  const [followWorkdays, setFollowWorkdays] = useState(false)
  const [preview, setPreview] = useState<ScheduleResult | null>(null)
  const [done, setDone] = useState<ScheduleResult | null>(null)
  const [failure, setFailure] = useState<ApiError | null>(null)
  const [formError, setFormError] = useState('')
  const [oneDate, setOneDate] = useState('')
  const [single, setSingle] = useState<SingleResult | null>(null)
  const [singleError, setSingleError] = useState('')
  const [singleFailure, setSingleFailure] = useState<ApiError | null>(null)

  /** A setter that also drops the preview and the last result. */
  const changed =
    <T>(set: (v: T) => void) =>
    (v: T) => {
      set(v)
      setPreview(null)
      setDone(null)
      setFailure(null)
    }

  const siteOf = (sites: Site[]): Site => sites.find((s) => s.id === siteId) || sites[0]

  /** The rule's and the details' first mistake, or ''. */
  const ruleError = (): string => {
    if (weekdays.length === 0) return '请至少选择一天'
    if (end <= start) return '结束时间必须晚于开始时间'
    if (range.to < range.from) return '结束日期不能早于开始日期'
    if (Number.isNaN(capacityOf(capacity))) return '名额请填写 1–500 之间的整数'
    return checkDetails(details)
  }

  const generate = (site: Site, dryRun: boolean) => {
    const error = ruleError()
    setFormError(error)
    if (error) return
    const cap = capacityOf(capacity)
    return run(dryRun ? 'preview' : 'create', async () => {
      setFailure(null)
      try {
        const res = await call('admin', 'generateSchedule', {
          siteId: site.id,
          from: range.from,
          to: range.to,
          weekdays,
          start,
          end,
          ...(cap ? { capacity: cap } : {}),
          skipHolidays,
          followWorkdays,
          dryRun,
          ...detailsParams(details),
        })
        if (dryRun) setPreview(res)
        else {
          setDone(res)
          setPreview(null)
        }
      } catch (e) {
        setFailure(toApiError(e))
      }
    })
  }

  /** One session on one date (an activity, a lecture): admin.createSessions. */
  const createOne = (site: Site) => {
    const cap = capacityOf(capacity)
    const error = !oneDate
      ? '请选择日期'
      : end <= start
        ? '结束时间必须晚于开始时间'
        : Number.isNaN(cap)
          ? '名额请填写 1–500 之间的整数'
          : checkDetails(details)
    setSingleError(error)
    if (error) return
    return run('single', async () => {
      setSingleFailure(null)
      try {
        setSingle(
          await call('admin', 'createSessions', {
            siteId: site.id,
            dates: [oneDate],
            start,
            end,
            ...(cap ? { capacity: cap } : {}),
            ...detailsParams(details),
          }),
        )
      } catch (e) {
        setSingleFailure(toApiError(e))
      }
    })
  }

  return {
    busy,
    siteOf,
    setSiteId: changed(setSiteId),
    range,
    setRange: changed(setRange),
    weekdays,
    toggleDay: (d: number) => changed(setWeekdays)(weekdays.includes(d) ? weekdays.filter((x) => x !== d) : [...weekdays, d].sort()),
    start,
    end,
    setStart: changed(setStart),
    setEnd: changed(setEnd),
    setSlot: (s: string, e: string) => {
      changed(setStart)(s)
      setEnd(e)
    },
    capacity,
    setCapacity: changed(setCapacity),
    details,
    setDetail: <K extends keyof Details>(key: K, v: Details[K]) => changed(setDetails)({ ...details, [key]: v }),
    skipHolidays,
    setSkipHolidays: changed(setSkipHolidays),
    followWorkdays,
    setFollowWorkdays: changed(setFollowWorkdays),
    preview,
    done,
    failure,
    formError,
    previewPlan: (site: Site) => generate(site, true),
    create: (site: Site) => generate(site, false),
    oneDate,
    setOneDate: (v: string) => {
      setOneDate(v)
      setSingle(null)
      setSingleError('')
    },
    single,
    singleError,
    singleFailure,
    createOne,
  }
}

export type ScheduleForm = ReturnType<typeof useSchedule>
