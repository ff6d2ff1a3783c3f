import { Picker, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { Data, ServiceKind } from '../../../cloudfunctions/shared/contract'
import { isFamilyKind, KIND_TEXT, SERVICE_KINDS } from '../../lib/kinds'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { CheckRow, DateField } from '../../components/Choice'
import { Field, TextField } from '../../components/Field'
import { Page } from '../../components/Page'
import { Empty, Notice } from '../../components/States'
import { useAction } from '../../hooks/useAsync'
import { go } from '../../lib/nav'
import { formatDay } from '../../lib/time'
import { CommunityBar, NoCommunity, PendingPage } from '../components/CommunityBar'
import { monthRange, weekRange, type Range } from '../lib/dates'
import { WEEKDAYS } from '../lib/labels'
import { ADMIN_ROUTES } from '../lib/routes'
import { useCommunityData } from '../lib/useCommunityData'
import '../admin.css'

type Result = Data<'admin', 'generateSchedule'>

const SLOTS = [
  { label: '上午 9:00–11:00', start: '09:00', end: '11:00' },
  { label: '下午 14:00–16:00', start: '14:00', end: '16:00' },
]
const PRESETS: Array<() => Range> = [() => weekRange(0), () => weekRange(1), () => weekRange(2), () => monthRange(1)]

/**
 * Weekly schedule: weekdays × time × capacity over a date range. China's public holidays are skipped;
 * with "按国家工作日" the official make-up workdays (调休上班日) are scheduled too. Preview first, then create.
 */
export default function Schedule() {
  const { params } = useRouter()
  const page = useCommunityData((c) => call('admin', 'listSites', { communityId: c.id }))
  const { busy, run } = useAction()
  const [siteId, setSiteId] = useState(params.siteId || '')
  const [range, setRange] = useState<Range>(() => weekRange(1))
  const [weekdays, setWeekdays] = useState<number[]>([1, 2, 3, 4, 5])
  const [start, setStart] = useState('09:00')
  const [end, setEnd] = useState('11:00')
  const [capacity, setCapacity] = useState('')
  const [kind, setKind] = useState<ServiceKind>('temporary_care')
  const [title, setTitle] = useState('')
  const [host, setHost] = useState('')
  const [description, setDescription] = useState('')
  const [oneDate, setOneDate] = useState('')
  const [single, setSingle] = useState<Data<'admin', 'createSessions'> | null>(null)
  const [skipHolidays, setSkipHolidays] = useState(true)
  const [followWorkdays, setFollowWorkdays] = useState(false)
  const [preview, setPreview] = useState<Result | null>(null)
  const [done, setDone] = useState<Result | null>(null)
  const [failure, setFailure] = useState<ApiError | null>(null)
  const [formError, setFormError] = useState('')

  if (!page.data) return <PendingPage page={page} />
  const { community, data } = page.data
  if (!community || !data)
    return (
      <Page>
        <NoCommunity />
      </Page>
    )
  if (data.sites.length === 0) {
    return (
      <Page>
        <CommunityBar community={community} />
        <Empty text='还没有场地。请先添加场地，再排班。'>
          <Btn className='btn btn--primary' onClick={() => go(ADMIN_ROUTES.sites)}>
            去添加场地
          </Btn>
        </Empty>
      </Page>
    )
  }
  const site = data.sites.find((s) => s.id === siteId) || data.sites[0]

  const changed =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v)
      setPreview(null)
      setDone(null)
      setFailure(null)
    }
  const toggleDay = (d: number) => changed(setWeekdays)(weekdays.includes(d) ? weekdays.filter((x) => x !== d) : [...weekdays, d].sort())

  const request = (dryRun: boolean) => {
    const cap = capacity.trim() ? Number(capacity) : undefined
    if (weekdays.length === 0) return setFormError('请至少选择一天')
    if (end <= start) return setFormError('结束时间必须晚于开始时间')
    if (range.to < range.from) return setFormError('结束日期不能早于开始日期')
    if (cap !== undefined && !(Number.isInteger(cap) && cap >= 1 && cap <= 500)) return setFormError('名额请填写 1–500 之间的整数')
    const detailError = checkDetails()
    if (detailError) return setFormError(detailError)
    setFormError('')
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
          ...details(),
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

  const checkDetails = (): string => {
    if (title.trim().length > 30) return '活动名称最多 30 个字'
    if (host.trim().length > 30) return '主讲/主办最多 30 个字'
    if (description.trim().length > 500) return '活动介绍最多 500 个字'
    return ''
  }
  const details = () => ({
    kind,
    ...(title.trim() ? { title: title.trim() } : {}),
    ...(host.trim() ? { host: host.trim() } : {}),
    ...(description.trim() ? { description: description.trim() } : {}),
  })
  /** One session on one date (an activity, a lecture): admin.createSessions. */
  const createOne = () => {
    const cap = capacity.trim() ? Number(capacity) : undefined
    if (!oneDate) return setFormError('请选择日期')
    if (end <= start) return setFormError('结束时间必须晚于开始时间')
    if (cap !== undefined && !(Number.isInteger(cap) && cap >= 1 && cap <= 500)) return setFormError('名额请填写 1–500 之间的整数')
    const detailError = checkDetails()
    if (detailError) return setFormError(detailError)
    setFormError('')
    return run('single', async () => {
      setFailure(null)
      try {
        setSingle(
          await call('admin', 'createSessions', {
            siteId: site.id,
            dates: [oneDate],
            start,
            end,
            ...(cap ? { capacity: cap } : {}),
            ...details(),
          }),
        )
      } catch (e) {
        setFailure(toApiError(e))
      }
    })
  }

  const toCreate = preview ? preview.dates.length - preview.existing : 0
  return (
    <Page>
      <CommunityBar community={community} />
      <Text className='t-title'>排班生成</Text>
      <Text className='t-small muted'>按星期批量生成场次。法定节假日自动跳过（依据国务院公布的放假安排）。</Text>

      <View className='section'>
        <Text className='t-body field__label'>场地</Text>
        <View className='chips'>
          {data.sites.map((s) => (
            <View key={s.id} className={`chip${site.id === s.id ? ' chip--on' : ''}`} onClick={() => changed(setSiteId)(s.id)}>
              <Text>{s.name}</Text>
            </View>
          ))}
        </View>
      </View>

      <View className='section'>
        <Text className='t-body field__label'>服务类型</Text>
        <View className='chips' role='radiogroup' aria-label='服务类型'>
          {SERVICE_KINDS.map((k) => (
            <View
              key={k}
              className={`chip${kind === k ? ' chip--on' : ''}`}
              role='radio'
              aria-checked={kind === k}
              data-testid={`kind-${k}`}
              onClick={() => changed(setKind)(k)}
            >
              <Text>{KIND_TEXT[k]}</Text>
            </View>
          ))}
        </View>
        {isFamilyKind(kind) && <Text className='t-small muted'>全家参加：一家报一个名额，不占免费次数。</Text>}
        <TextField label='活动名称（选填）' value={title} maxlength={30} placeholder='如：中秋手绘月亮' onChange={changed(setTitle)} />
        <TextField label='主讲/主办（选填）' value={host} maxlength={30} placeholder='如：区早教中心 王老师' onChange={changed(setHost)} />
        <TextField
          label='活动介绍（选填）'
          value={description}
          maxlength={500}
          placeholder='家长会在场次卡片上看到'
          onChange={changed(setDescription)}
        />
      </View>

      <View className='section'>
        <Text className='t-body field__label'>日期范围</Text>
        <View className='chips'>
          {PRESETS.map((p) => {
            const r = p()
            const on = r.from === range.from && r.to === range.to
            return (
              <View
                key={r.label}
                className={`chip${on ? ' chip--on' : ''}`}
                data-testid={`range-${r.label}`}
                onClick={() => changed(setRange)(r)}
              >
                <Text>{r.label}</Text>
              </View>
            )
          })}
        </View>
        <DateField label='从' value={range.from} onChange={(v) => changed(setRange)({ ...range, from: v, label: '自定义' })} />
        <DateField
          label='到'
          value={range.to}
          start={range.from}
          onChange={(v) => changed(setRange)({ ...range, to: v, label: '自定义' })}
        />
      </View>

      <View className='section'>
        <Text className='t-body field__label'>每周哪几天</Text>
        <View className='chips weekday-chips' role='group' aria-label='每周哪几天'>
          {WEEKDAYS.map((d) => (
            <View
              key={d.value}
              className={`chip${weekdays.includes(d.value) ? ' chip--on' : ''}`}
              role='checkbox'
              aria-checked={weekdays.includes(d.value)}
              data-testid={`weekday-${d.value}`}
              onClick={() => toggleDay(d.value)}
            >
              <Text>周{d.label}</Text>
            </View>
          ))}
        </View>
      </View>

      <View className='section'>
        <Text className='t-body field__label'>时间</Text>
        <View className='chips'>
          {SLOTS.map((s) => (
            <View
              key={s.label}
              className={`chip${start === s.start && end === s.end ? ' chip--on' : ''}`}
              onClick={() => {
                changed(setStart)(s.start)
                setEnd(s.end)
              }}
            >
              <Text>{s.label}</Text>
            </View>
          ))}
        </View>
        <Field label='开始 – 结束'>
          <View className='time-row'>
            <Picker mode='time' value={start} onChange={(e) => changed(setStart)(String(e.detail.value))}>
              <View className='picker' aria-label='开始时间'>
                <Text>{start}</Text>
              </View>
            </Picker>
            <Text className='time-row__sep'>至</Text>
            <Picker mode='time' value={end} onChange={(e) => changed(setEnd)(String(e.detail.value))}>
              <View className='picker' aria-label='结束时间'>
                <Text>{end}</Text>
              </View>
            </Picker>
          </View>
        </Field>
        <TextField
          label='每场名额'
          type='number'
          value={capacity}
          maxlength={3}
          placeholder={`不填则用场地默认 ${site.capacity} 个`}
          onChange={changed(setCapacity)}
        />
      </View>

      <View className='section card'>
        <CheckRow checked={skipHolidays || followWorkdays} onChange={(v) => changed(setSkipHolidays)(v)}>
          <Text>法定节假日不开放（推荐）</Text>
        </CheckRow>
        <CheckRow checked={followWorkdays} onChange={changed(setFollowWorkdays)}>
          <Text>按国家工作日安排：调休上班的周六、周日也开放</Text>
          <Text className='t-small muted'>适合周一至周五开放的宝宝屋，和社区上班时间保持一致。</Text>
        </CheckRow>
      </View>

      <View className='section card'>
        <Text className='t-body field__label'>只开一场（活动、讲座）</Text>
        <DateField
          label='日期'
          value={oneDate}
          onChange={(v) => {
            setOneDate(v)
            setSingle(null)
          }}
        />
        <Btn className='btn' loading={busy === 'single'} disabled={busy !== null} onClick={createOne}>
          创建这一场
        </Btn>
        {single && (
          <View className='notice notice--ok' role='status' data-testid='single-done'>
            <Text className='t-body ok'>
              已创建：
              {single.sessions
                .map(
                  (x) =>
                    `${formatDay(x.date)} ${x.start}–${x.end} ${KIND_TEXT[x.kind ?? 'temporary_care']}${x.title ? ` · ${x.title}` : ''}`,
                )
                .join('；')}
            </Text>
          </View>
        )}
      </View>

      {formError && (
        <View role='alert'>
          <Text className='t-body danger'>{formError}</Text>
        </View>
      )}
      {failure && <Notice error={failure} />}

      <Btn
        className={`btn${preview ? '' : ' btn--primary'}`}
        loading={busy === 'preview'}
        disabled={busy !== null}
        onClick={() => request(true)}
      >
        预览排班
      </Btn>

      {preview && (
        <View className='card section' data-testid='schedule-preview'>
          <Text className='t-title'>将生成 {toCreate} 个场次</Text>
          <Text className='t-small muted'>
            {KIND_TEXT[kind]}
            {title.trim() ? ` · ${title.trim()}` : ''} · {site.name} · {start}–{end} · {range.from} 至 {range.to}
          </Text>
          {preview.existing > 0 && <Text className='t-small muted'>其中 {preview.existing} 个同一时间的场次已经存在，不会重复生成。</Text>}
          {preview.unknownYears.length > 0 && (
            <Text className='t-body warn'>注意：{preview.unknownYears.join('、')} 年的放假安排尚未公布，生成后请人工核对节假日。</Text>
          )}
          {preview.dates.length === 0 && <Empty text='这个范围内没有符合条件的日期' />}
          {preview.dates.map((d) => (
            <View className='list-row' key={d}>
              <Text className='t-body'>{formatDay(d)}</Text>
              {preview.makeupWorkdays.includes(d) && <Text className='badge badge--waitlisted'>调休上班</Text>}
            </View>
          ))}
          {preview.skipped.length > 0 && (
            <View className='section skip-list'>
              <Text className='t-body'>跳过 {preview.skipped.length} 天：</Text>
              {preview.skipped.map((s) => (
                <Text className='t-small muted' key={s.date}>
                  {formatDay(s.date)} · {s.reason}
                </Text>
              ))}
            </View>
          )}
          {toCreate > 0 && (
            <Btn className='btn btn--primary' loading={busy === 'create'} disabled={busy !== null} onClick={() => request(false)}>
              确认生成 {toCreate} 个场次
            </Btn>
          )}
        </View>
      )}

      {done && (
        <View className='notice notice--ok section' role='status' data-testid='schedule-done'>
          <Text className='t-body ok'>
            已生成 {done.created} 个场次{done.skipped.length ? `，跳过节假日 ${done.skipped.length} 天` : ''}。
          </Text>
          <Btn className='btn' onClick={() => go(ADMIN_ROUTES.sessions)}>
            去场次管理查看
          </Btn>
        </View>
      )}
    </Page>
  )
}
