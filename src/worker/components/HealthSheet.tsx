import { Text, Textarea, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import { useState } from 'react'
import type { ApiError } from '../../api/errors'
import { TextField } from '../../components/Field'
import { Notice } from '../../components/States'

export interface HealthInput { temperature?: number; notes?: string }

/** Parse the temperature field: '' → undefined; otherwise a number between 34 and 43 ℃. */
export function parseTemperature(v: string): { value?: number; error?: string } {
  const t = v.trim()
  if (!t) return {}
  const n = Number(t)
  if (!Number.isFinite(n) || n < 34 || n > 43) return { error: '请填写 34～43 之间的体温，例如 36.5' }
  return { value: Math.round(n * 10) / 10 }
}

/** Drop-off health check, filled in when a child is checked in. */
export function HealthSheet({ title, busy, error, onSubmit, onClose }: {
  title: string; busy: boolean; error?: ApiError | null; onSubmit: (h: HealthInput) => void; onClose: () => void
}) {
  const [temp, setTemp] = useState('')
  const [notes, setNotes] = useState('')
  const [tried, setTried] = useState(false)
  const t = parseTemperature(temp)
  const submit = () => {
    setTried(true)
    if (t.error) return
    onSubmit({ ...(t.value !== undefined ? { temperature: t.value } : {}), ...(notes.trim() ? { notes: notes.trim() } : {}) })
  }
  return (
    <View className='overlay' catchMove>
      <View className='sheet' role='dialog' aria-label='入园健康检查'>
        <Text className='t-title'>{title}</Text>
        <Text className='t-small muted'>入园健康检查：测量体温，观察精神状态、有无外伤</Text>
        <TextField label='体温（℃）' type='digit' value={temp} placeholder='例如 36.5' error={tried || temp.length >= 2 ? t.error : undefined}
          hint={t.value !== undefined && t.value >= 37.3 ? '体温偏高，请与家长确认后再决定是否入园' : undefined}
          onChange={setTemp} />
        <View className='field'>
          <Text className='field__label t-body'>情况备注（选填）</Text>
          <Textarea className='textarea' value={notes} maxlength={200} placeholder='如：精神好；膝盖有擦伤' aria-label='情况备注'
            onInput={(e) => setNotes(e.detail.value)} />
        </View>
        {error && <Notice error={error} />}
        <View className='btn-row'>
          <Btn className='btn' disabled={busy} onClick={onClose}>取消</Btn>
          <Btn className='btn btn--primary' disabled={busy} loading={busy} onClick={submit}>{busy ? '正在签到…' : '确认签到'}</Btn>
        </View>
      </View>
    </View>
  )
}
