import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { HolidayDay, HolidayKind } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { Segments } from '../../components/Choice'
import { TextField } from '../../components/Field'
import { Page } from '../../components/Page'
import { Empty, Notice, PendingPage, Refreshing } from '../../components/States'
import { useAction, usePageData } from '../../hooks/useAsync'
import { formatDay, shanghaiToday } from '../../lib/time'
import { ConfirmSheet } from '../components/ConfirmSheet'
import '../admin.css'

const KIND_TEXT: Record<HolidayKind, string> = { holiday: '放假', workday: '上班' }
const SOURCE_TEXT = { calendar: '国家日历', override: '区级设置' } as const

const isDate = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) &&
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s

/**
 * The district's holiday calendar: the official calendar for the year plus the district's own overrides
 * (a holiday the package does not know, or a working day in place of a holiday). Schedule generation and
 * its preview follow it. District admins edit; community admins read.
 */
export default function HolidaysPage() {
  const thisYear = Number(shanghaiToday().slice(0, 4))
  const [year, setYear] = useState(thisYear + 1)
  const page = usePageData(async () => {
    const [{ days, calendarKnown }, profile] = await Promise.all([call('admin', 'holidays', { year }), call('user', 'profile')])
    return { days, calendarKnown, canEdit: profile.roles.some((r) => r.role === 'district_admin') }
  }, [year])
  const { busy, run } = useAction()
  const [failure, setFailure] = useState<ApiError | null>(null)
  const [form, setForm] = useState<{ date: string; kind: HolidayKind; name: string; error?: string }>({
    date: '',
    kind: 'holiday',
    name: '',
  })
  const [removing, setRemoving] = useState<HolidayDay | null>(null)

  if (!page.data) return <PendingPage page={page} />
  const { days, calendarKnown, canEdit } = page.data

  const save = () => {
    const date = form.date.trim()
    if (!isDate(date)) return setForm({ ...form, error: '请按 年-月-日 填写，例如 2027-03-09' })
    return run('save', async () => {
      setFailure(null)
      try {
        await call('admin', 'setHoliday', { date, kind: form.kind, ...(form.name.trim() ? { name: form.name.trim() } : {}) })
        Taro.showToast({ title: '已保存', icon: 'success' })
        setForm({ date: '', kind: form.kind, name: '' })
        if (date.slice(0, 4) !== String(year)) setYear(Number(date.slice(0, 4)))
        else page.reload()
      } catch (e) {
        setFailure(toApiError(e))
      }
    })
  }

  const remove = (day: HolidayDay) =>
    run('remove', async () => {
      setFailure(null)
      try {
        await call('admin', 'removeHoliday', { date: day.date })
        setRemoving(null)
        Taro.showToast({ title: '已恢复为国家日历', icon: 'none' })
        page.reload()
      } catch (e) {
        setFailure(toApiError(e))
      }
    })

  return (
    <Page>
      <Text className='t-hero'>节假日设置</Text>
      <Text className='t-small muted'>排班生成和预览会跳过“放假”的日子；“上班”的日子即使是节假日或周末也照常排班。</Text>
      <View className='chips section'>
        {[thisYear, thisYear + 1].map((y) => (
          <View key={y} className={`chip${y === year ? ' chip--on' : ''}`} onClick={() => setYear(y)}>
            <Text>{y} 年</Text>
          </View>
        ))}
      </View>
      {!calendarKnown && (
        <View className='card card--muted'>
          <Text className='t-body'>
            {year} 年的国家放假安排还没有收录：目前只按法定固定日期（元旦、劳动节、国庆节）放假。春节、清明、端午、中秋和调休请在下面添加。
          </Text>
        </View>
      )}
      <Refreshing page={page} />

      {canEdit && (
        <View className='card section' data-testid='holiday-form'>
          <Text className='t-title'>添加或修改一天</Text>
          <TextField
            label='日期'
            value={form.date}
            placeholder='例如 2027-03-09'
            maxlength={10}
            error={form.error}
            onChange={(date) => setForm({ ...form, date, error: undefined })}
          />
          <Segments<HolidayKind>
            options={[
              { value: 'holiday', label: '这天放假' },
              { value: 'workday', label: '这天上班' },
            ]}
            value={form.kind}
            onChange={(kind) => setForm({ ...form, kind })}
          />
          <TextField
            label='名称（可不填）'
            value={form.name}
            placeholder='例如 区运动会'
            maxlength={20}
            onChange={(name) => setForm({ ...form, name })}
          />
          <Btn className='btn btn--primary' loading={busy === 'save'} disabled={busy !== null} onClick={save}>
            保存
          </Btn>
        </View>
      )}
      {failure && <Notice error={failure} />}

      <View className='card section' data-testid='holiday-list'>
        <Text className='t-title'>{year} 年的节假日和调休</Text>
        {days.length === 0 ? (
          <Empty text='这一年没有节假日记录' />
        ) : (
          days.map((d) => (
            <View key={d.date} className='list-row' data-testid={`holiday-${d.date}`}>
              <View className='list-row__main'>
                <Text className='t-body'>
                  {formatDay(d.date)} · {d.name}
                </Text>
                <Text className={`t-small ${d.source === 'override' ? 'ok' : 'muted'}`}>
                  {KIND_TEXT[d.kind]} · 来自{SOURCE_TEXT[d.source]}
                </Text>
              </View>
              {canEdit && d.source === 'override' && (
                <Btn className='btn btn--small' disabled={busy !== null} onClick={() => setRemoving(d)}>
                  删除
                </Btn>
              )}
            </View>
          ))
        )}
      </View>

      {removing && (
        <ConfirmSheet
          title='删除这条区级设置？'
          message={`${formatDay(removing.date)}「${removing.name}」删除后，这一天按国家日历安排。已生成的场次不会自动改变。`}
          confirmText='确认删除'
          danger
          busy={busy === 'remove'}
          onConfirm={() => remove(removing)}
          onCancel={() => setRemoving(null)}
        />
      )}
    </Page>
  )
}
