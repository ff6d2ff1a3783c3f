import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { Policy, PolicyValues } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { Field } from '../../components/Field'
import { Page } from '../../components/Page'
import { Loading, Notice } from '../../components/States'
import { useAction } from '../../hooks/useAsync'
import { CommunityBar, NoCommunity, PendingPage } from '../components/CommunityBar'
import { POLICY_FIELDS, POLICY_GROUPS } from '../lib/labels'
import { useCommunityData } from '../lib/useCommunityData'
import '../admin.css'

type Draft = Record<keyof Policy, string>

const toDraft = (p: Policy): Draft => Object.fromEntries(POLICY_FIELDS.map((f) => [f.key, String(p[f.key])])) as Draft

/** Per-community policy (docs/domain.md): free sessions per year, ages, booking window, cancellation, no-shows. */
export default function PolicyPage() {
  const page = useCommunityData((c) => call('admin', 'getPolicy', { communityId: c.id }))
  const { busy, run } = useAction()
  const [draft, setDraft] = useState<Draft | null>(null)
  const [errors, setErrors] = useState<Partial<Record<keyof Policy, string>>>({})
  const [failure, setFailure] = useState<ApiError | null>(null)

  const policy = page.data?.data?.policy
  useEffect(() => {
    if (policy) setDraft(toDraft(policy))
  }, [policy])

  if (!page.data) return <PendingPage page={page} />
  const { community } = page.data
  if (!community)
    return (
      <Page>
        <NoCommunity />
      </Page>
    )
  if (!policy || !draft)
    return (
      <Page>
        <Loading />
      </Page>
    )

  const changes = POLICY_FIELDS.filter((f) => draft[f.key] !== String(policy[f.key]))

  const save = () => {
    const next: Partial<Record<keyof Policy, string>> = {}
    const values: Partial<PolicyValues> = {}
    for (const f of changes) {
      const n = Number(draft[f.key])
      if (!/^\d+$/.test(draft[f.key].trim()) || !Number.isInteger(n)) next[f.key] = '请填写不小于 0 的整数'
      else values[f.key] = n
    }
    const min = values.minAgeMonths ?? policy.minAgeMonths
    const max = values.maxAgeMonths ?? policy.maxAgeMonths
    if (!next.maxAgeMonths && min >= max) next.maxAgeMonths = '最大月龄必须大于最小月龄'
    setErrors(next)
    if (Object.values(next).some(Boolean)) return
    return run('save', async () => {
      setFailure(null)
      try {
        await call('admin', 'setPolicy', { communityId: community.id, ...values })
        Taro.showToast({ title: '规则已保存', icon: 'success' })
        page.reload()
      } catch (e) {
        setFailure(toApiError(e))
      }
    })
  }

  return (
    <Page>
      <CommunityBar community={community} />
      <Text className='t-title'>预约规则</Text>
      <Text className='t-small muted'>修改后对新的预约、取消和签到立即生效。</Text>
      {POLICY_GROUPS.map((g) => (
        <View className='card section' key={g.title} data-testid={`policy-group-${g.keys[0]}`}>
          <Text className='t-title'>{g.title}</Text>
          <Text className='t-small muted'>{g.intro}</Text>
          {g.keys.map((key) => {
            const f = POLICY_FIELDS.find((x) => x.key === key)!
            return (
              <Field key={f.key} label={`${f.label}（${f.unit}）`} error={errors[f.key]} hint={f.hint}>
                <Input
                  className='input'
                  type='number'
                  value={draft[f.key]}
                  aria-label={f.label}
                  onInput={(e) => setDraft({ ...draft, [f.key]: e.detail.value })}
                />
              </Field>
            )
          })}
        </View>
      ))}
      {failure && <Notice error={failure} />}
      <Btn className='btn btn--primary' loading={busy === 'save'} disabled={busy !== null || changes.length === 0} onClick={save}>
        {changes.length ? `保存 ${changes.length} 项修改` : '没有修改'}
      </Btn>
      {changes.length > 0 && (
        <Btn className='btn' disabled={busy !== null} onClick={() => setDraft(toDraft(policy))}>
          放弃修改
        </Btn>
      )}
    </Page>
  )
}
