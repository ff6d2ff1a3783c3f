import { Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import type { BookingHealth, RosterEntry } from '../../../cloudfunctions/shared/contract'
import type { ApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { TextField } from '../../components/Field'
import { Notice } from '../../components/States'
import { STATUS_TEXT } from '../../lib/labels'
import { ageText } from '../../lib/time'

export type HealthInput = BookingHealth

/** Parse the temperature field: '' → undefined; otherwise a number between 34 and 43 ℃. */
export function parseTemperature(v: string): { value?: number; error?: string } {
  const t = v.trim()
  if (!t) return {}
  const n = Number(t)
  if (!Number.isFinite(n) || n < 34 || n > 43) return { error: '请填写 34～43 之间的体温，例如 36.5' }
  return { value: Math.round(n * 10) / 10 }
}

/** Who is at the door: name, age, booking status, guardian and the people allowed to pick the child up. */
export function ChildCard({ entry }: { entry: RosterEntry }) {
  const pickups = [
    ...(entry.guardians ?? []).map((g) => `${g.name}（${g.relation}）`),
    ...(entry.pickups ?? []).map((p) => `${p.name}（${p.relation}）`),
  ]
  return (
    <View className='child-card' data-testid='child-card'>
      <View className='row'>
        <Text className='t-title'>{entry.child.name}</Text>
        <Text className={`badge badge--${entry.status}`}>{STATUS_TEXT[entry.status]}</Text>
      </View>
      <Text className='t-body'>
        {ageText(entry.child.ageMonths)} · 家长 {entry.guardian.name} {entry.guardian.phoneMasked}
      </Text>
      <Text className='t-small'>可接送：{pickups.length ? pickups.join('、') : '仅监护人本人'}</Text>
    </View>
  )
}

/**
 * Drop-off: the child's card first, then the health check. A temperature at or above `feverCelsius`
 * refuses by default; admitting anyway needs a written reason (recorded with the check-in).
 */
export function HealthSheet({
  entry,
  feverCelsius,
  busy,
  error,
  onSubmit,
  onClose,
}: {
  entry: RosterEntry
  feverCelsius: number
  busy: boolean
  error?: ApiError | null
  onSubmit: (h: HealthInput) => void
  onClose: () => void
}) {
  const [temp, setTemp] = useState('')
  const [notes, setNotes] = useState('')
  const [tried, setTried] = useState(false)
  const [overriding, setOverriding] = useState(false)
  const [reason, setReason] = useState('')
  const t = parseTemperature(temp)
  const fever = t.value !== undefined && t.value >= feverCelsius
  const canCheckIn = entry.status === 'confirmed'
  const submit = () => {
    setTried(true)
    if (t.error || (fever && !reason.trim())) return
    onSubmit({
      ...(t.value !== undefined ? { temperature: t.value } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
      ...(fever ? { feverOverrideReason: reason.trim() } : {}),
    })
  }
  return (
    <View className='overlay' catchMove>
      <View className='sheet' role='dialog' aria-label='入园健康检查'>
        <ChildCard entry={entry} />
        {!canCheckIn && entry.status !== 'checked_in' && (
          <View className='notice notice--error' role='alert'>
            <Text className='t-body'>这个预约现在是“{STATUS_TEXT[entry.status]}”，不能签到</Text>
          </View>
        )}
        {entry.status === 'checked_in' && <Text className='t-body'>孩子已经签到入园了</Text>}
        {canCheckIn && (
          <View>
            <Text className='t-small muted'>入园健康检查：测量体温，观察精神状态、有无外伤</Text>
            <TextField
              label='体温（℃）'
              type='digit'
              value={temp}
              placeholder='例如 36.5'
              error={tried || temp.length >= 2 ? t.error : undefined}
              onChange={setTemp}
            />
            {fever && (
              <View className='notice notice--error' role='alert' data-testid='fever'>
                <Text className='t-body notice__title'>
                  体温 {t.value}℃，达到 {feverCelsius}℃，按规定今天不能入托
                </Text>
                <Text className='t-small'>请家长带孩子回家休息或就医。</Text>
              </View>
            )}
            <View className='field'>
              <Text className='field__label t-body'>情况备注（选填）</Text>
              <Textarea
                className='textarea'
                value={notes}
                maxlength={200}
                placeholder='如：精神好；膝盖有擦伤'
                aria-label='情况备注'
                onInput={(e) => setNotes(e.detail.value)}
              />
            </View>
            {fever && overriding && (
              <TextField
                label='仍要入托的原因（必填，会记录）'
                value={reason}
                placeholder='如：家长出示医院证明，已退烧'
                error={tried && !reason.trim() ? '请填写原因' : undefined}
                onChange={setReason}
              />
            )}
          </View>
        )}
        {error && <Notice error={error} />}
        <View className='btn-row'>
          {fever && !overriding ? (
            <>
              <Btn className='btn' disabled={busy} onClick={() => setOverriding(true)}>
                仍要入托…
              </Btn>
              <Btn className='btn btn--primary' disabled={busy} onClick={onClose}>
                不入托，请家长带回
              </Btn>
            </>
          ) : (
            <>
              <Btn className='btn' disabled={busy} onClick={onClose}>
                {canCheckIn ? '取消' : '关闭'}
              </Btn>
              {canCheckIn && (
                <Btn
                  className={fever ? 'btn btn--danger' : 'btn btn--primary'}
                  disabled={busy || (fever && !reason.trim())}
                  loading={busy}
                  onClick={submit}
                >
                  {busy ? '正在签到…' : fever ? '记录原因并入托' : '确认签到'}
                </Btn>
              )}
            </>
          )}
        </View>
      </View>
    </View>
  )
}
