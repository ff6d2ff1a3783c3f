import { Picker, Text, View } from '@tarojs/components'
import type { Site } from '../../../cloudfunctions/shared/contract'
import { Btn } from '../../components/Btn'
import { CheckRow, DateField } from '../../components/Choice'
import { Field, TextField } from '../../components/Field'
import { Empty, Notice } from '../../components/States'
import { isFamilyKind, KIND_TEXT, kindAndTitle, SERVICE_KINDS } from '../../lib/kinds'
import { go } from '../../lib/nav'
import { formatDay } from '../../lib/time'
import { monthRange, weekRange, type Range } from '../lib/dates'
import { WEEKDAYS } from '../lib/labels'
import { ADMIN_ROUTES } from '../lib/routes'
import type { ScheduleForm } from './useSchedule'

const SLOTS = [
  { label: '上午 9:00–11:00', start: '09:00', end: '11:00' },
  { label: '下午 14:00–16:00', start: '14:00', end: '16:00' },
]
const PRESETS: Array<() => Range> = [() => weekRange(0), () => weekRange(1), () => weekRange(2), () => monthRange(1)]

type Props = { form: ScheduleForm; site: Site }

export function SiteChoice({ form, site, sites }: Props & { sites: Site[] }) {
  return (
    <View className='section'>
      <Text className='t-body field__label'>场地</Text>
      <View className='chips'>
        {sites.map((s) => (
          <View key={s.id} className={`chip${site.id === s.id ? ' chip--on' : ''}`} onClick={() => form.setSiteId(s.id)}>
            <Text>{s.name}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}

/** What the sessions are: the service kind, and the title, host and description parents read. */
export function KindFields({ form }: { form: ScheduleForm }) {
  const { details: d, setDetail } = form
  return (
    <View className='section'>
      <Text className='t-body field__label'>服务类型</Text>
      <View className='chips' role='radiogroup' aria-label='服务类型'>
        {SERVICE_KINDS.map((k) => (
          <View
            key={k}
            className={`chip${d.kind === k ? ' chip--on' : ''}`}
            role='radio'
            aria-checked={d.kind === k}
            data-testid={`kind-${k}`}
            onClick={() => setDetail('kind', k)}
          >
            <Text>{KIND_TEXT[k]}</Text>
          </View>
        ))}
      </View>
      {isFamilyKind(d.kind) && <Text className='t-small muted'>全家参加：一家报一个名额，不占免费次数。</Text>}
      <TextField
        label='活动名称（选填）'
        value={d.title}
        maxlength={30}
        placeholder='如：中秋手绘月亮'
        onChange={(v) => setDetail('title', v)}
      />
      <TextField
        label='主讲/主办（选填）'
        value={d.host}
        maxlength={30}
        placeholder='如：区早教中心 王老师'
        onChange={(v) => setDetail('host', v)}
      />
      <TextField
        label='活动介绍（选填）'
        value={d.description}
        maxlength={500}
        placeholder='家长会在场次卡片上看到'
        onChange={(v) => setDetail('description', v)}
      />
    </View>
  )
}

/** The date range (presets or two dates) and the weekdays. */
export function DaysFields({ form }: { form: ScheduleForm }) {
  const { range, setRange, weekdays, toggleDay } = form
  return (
    <View>
      <View className='section'>
        <Text className='t-body field__label'>日期范围</Text>
        <View className='chips'>
          {PRESETS.map((p) => {
            const r = p()
            const on = r.from === range.from && r.to === range.to
            return (
              <View key={r.label} className={`chip${on ? ' chip--on' : ''}`} data-testid={`range-${r.label}`} onClick={() => setRange(r)}>
                <Text>{r.label}</Text>
              </View>
            )
          })}
        </View>
        <DateField label='从' value={range.from} onChange={(v) => setRange({ ...range, from: v, label: '自定义' })} />
        <DateField label='到' value={range.to} start={range.from} onChange={(v) => setRange({ ...range, to: v, label: '自定义' })} />
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
    </View>
  )
}

/** Start and end (two usual slots or any time) and the places per session. */
export function TimeFields({ form, site }: Props) {
  const { start, end } = form
  return (
    <View className='section'>
      <Text className='t-body field__label'>时间</Text>
      <View className='chips'>
        {SLOTS.map((s) => (
          <View
            key={s.label}
            className={`chip${start === s.start && end === s.end ? ' chip--on' : ''}`}
            onClick={() => form.setSlot(s.start, s.end)}
          >
            <Text>{s.label}</Text>
          </View>
        ))}
      </View>
      <Field label='开始 – 结束'>
        <View className='time-row'>
          <Picker mode='time' value={start} onChange={(e) => form.setStart(String(e.detail.value))}>
            <View className='picker' aria-label='开始时间'>
              <Text>{start}</Text>
            </View>
          </Picker>
          <Text className='time-row__sep'>至</Text>
          <Picker mode='time' value={end} onChange={(e) => form.setEnd(String(e.detail.value))}>
            <View className='picker' aria-label='结束时间'>
              <Text>{end}</Text>
            </View>
          </Picker>
        </View>
      </Field>
      <TextField
        label='每场名额'
        type='number'
        value={form.capacity}
        maxlength={3}
        placeholder={`不填则用场地默认 ${site.capacity} 个`}
        onChange={form.setCapacity}
      />
    </View>
  )
}

export function HolidayOptions({ form }: { form: ScheduleForm }) {
  return (
    <View className='section card'>
      <CheckRow checked={form.skipHolidays || form.followWorkdays} onChange={form.setSkipHolidays}>
        <Text>法定节假日不开放（推荐）</Text>
      </CheckRow>
      <CheckRow checked={form.followWorkdays} onChange={form.setFollowWorkdays}>
        <Text>按国家工作日安排：调休上班的周六、周日也开放</Text>
        <Text className='t-small muted'>适合周一至周五开放的宝宝屋，和社区上班时间保持一致。</Text>
      </CheckRow>
    </View>
  )
}

/** One session on one date (an activity, a lecture) with the kind, time and details above. */
export function SingleSessionCard({ form, site }: Props) {
  return (
    <View className='section card' data-testid='single-session'>
      <Text className='t-body field__label'>只开一场（活动、讲座）</Text>
      <DateField label='日期' value={form.oneDate} onChange={form.setOneDate} />
      {form.singleError && (
        <View role='alert'>
          <Text className='t-body danger'>{form.singleError}</Text>
        </View>
      )}
      {form.singleFailure && <Notice error={form.singleFailure} />}
      <Btn className='btn' loading={form.busy === 'single'} disabled={form.busy !== null} onClick={() => form.createOne(site)}>
        创建这一场
      </Btn>
      {form.single && (
        <View className='notice notice--ok' role='status' data-testid='single-done'>
          <Text className='t-body ok'>
            已创建：
            {form.single.sessions.map((x) => `${formatDay(x.date)} ${x.start}–${x.end} ${kindAndTitle(x)}`).join('；')}
          </Text>
        </View>
      )}
    </View>
  )
}

/** The planned dates (make-up workdays marked), the skipped ones with why, and the button that creates them. */
export function PreviewCard({ form, site }: Props) {
  const preview = form.preview
  if (!preview) return null
  const { details, start, end, range, busy } = form
  const toCreate = preview.dates.length - preview.existing
  return (
    <View className='card section' data-testid='schedule-preview'>
      <Text className='t-title'>将生成 {toCreate} 个场次</Text>
      <Text className='t-small muted'>
        {KIND_TEXT[details.kind]}
        {details.title.trim() ? ` · ${details.title.trim()}` : ''} · {site.name} · {start}–{end} · {range.from} 至 {range.to}
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
        <Btn className='btn btn--primary' loading={busy === 'create'} disabled={busy !== null} onClick={() => form.create(site)}>
          确认生成 {toCreate} 个场次
        </Btn>
      )}
    </View>
  )
}

export function DoneNotice({ form }: { form: ScheduleForm }) {
  const done = form.done
  if (!done) return null
  return (
    <View className='notice notice--ok section' role='status' data-testid='schedule-done'>
      <Text className='t-body ok'>
        已生成 {done.created} 个场次{done.skipped.length ? `，跳过节假日 ${done.skipped.length} 天` : ''}。
      </Text>
      <Btn className='btn' onClick={() => go(ADMIN_ROUTES.sessions)}>
        去场次管理查看
      </Btn>
    </View>
  )
}
