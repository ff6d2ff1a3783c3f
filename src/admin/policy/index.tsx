import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { KindPolicyPatch, Policy, PolicyValues, ServiceKind } from '../../../cloudfunctions/shared/contract'
import { KIND_TEXT, SERVICE_KINDS } from '../../lib/kinds'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { Field } from '../../components/Field'
import { Page } from '../../components/Page'
import { Loading, Notice, PendingPage } from '../../components/States'
import { useAction } from '../../hooks/useAsync'
import { CommunityBar, NoCommunity } from '../components/CommunityBar'
import { POLICY_FIELDS, POLICY_GROUPS } from '../lib/labels'
import { useCommunityData } from '../lib/useCommunityData'
import '../admin.css'

type Draft = Record<keyof PolicyValues, string>
/** The kinds other than temporary care (whose values are the fields above). */
const OTHER_KINDS = SERVICE_KINDS.filter((k) => k !== 'temporary_care')
type KindDraft = Record<ServiceKind, { yearlyFree: string; minAgeMonths: string; maxAgeMonths: string }>
const toKindDraft = (p: Policy): KindDraft =>
  Object.fromEntries(
    SERVICE_KINDS.map((k) => {
      const kp = p.kinds?.[k]
      return [
        k,
        {
          yearlyFree: kp?.yearlyFree === null || kp === undefined ? '' : String(kp.yearlyFree),
          minAgeMonths: String(kp?.minAgeMonths ?? ''),
          maxAgeMonths: String(kp?.maxAgeMonths ?? ''),
        },
      ]
    }),
  ) as KindDraft

const toDraft = (p: Policy): Draft => Object.fromEntries(POLICY_FIELDS.map((f) => [f.key, String(p[f.key])])) as Draft

/** Per-community policy (docs/domain.md): free sessions per year, ages, booking window, cancellation, no-shows. */
export default function PolicyPage() {
  const page = useCommunityData((c) => call('admin', 'getPolicy', { communityId: c.id }))
  const { busy, run } = useAction()
  const [draft, setDraft] = useState<Draft | null>(null)
  const [kinds, setKinds] = useState<KindDraft | null>(null)
  const [kindErrors, setKindErrors] = useState<Partial<Record<ServiceKind, string>>>({})
  const [errors, setErrors] = useState<Partial<Record<keyof PolicyValues, string>>>({})
  const [failure, setFailure] = useState<ApiError | null>(null)

  const policy = page.data?.data?.policy
  useEffect(() => {
    if (policy) {
      setDraft(toDraft(policy))
      setKinds(toKindDraft(policy))
    }
  }, [policy])

  if (!page.data) return <PendingPage page={page} />
  const { community } = page.data
  if (!community)
    return (
      <Page>
        <NoCommunity />
      </Page>
    )
  if (!policy || !draft || !kinds)
    return (
      <Page>
        <Loading />
      </Page>
    )
  const saved = toKindDraft(policy)
  const kindChanges = OTHER_KINDS.filter((k) => JSON.stringify(kinds[k]) !== JSON.stringify(saved[k]))

  const saveKinds = () => {
    const errs: Partial<Record<ServiceKind, string>> = {}
    const patch: KindPolicyPatch = {}
    const int = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : NaN)
    for (const k of kindChanges) {
      const d = kinds[k]
      const yearlyFree = d.yearlyFree.trim() === '' ? null : int(d.yearlyFree)
      const min = int(d.minAgeMonths)
      const max = int(d.maxAgeMonths)
      if (Number.isNaN(yearlyFree) || Number.isNaN(min) || Number.isNaN(max)) errs[k] = '请填写不小于 0 的整数（免费次数可留空：不限次数）'
      else if (min >= max) errs[k] = '最大月龄必须大于最小月龄'
      else patch[k] = { yearlyFree, minAgeMonths: min, maxAgeMonths: max }
    }
    setKindErrors(errs)
    if (Object.values(errs).some(Boolean)) return
    return run('saveKinds', async () => {
      setFailure(null)
      try {
        await call('admin', 'setPolicy', { communityId: community.id, kinds: patch })
        Taro.showToast({ title: '规则已保存', icon: 'success' })
        page.reload()
      } catch (e) {
        setFailure(toApiError(e))
      }
    })
  }

  const changes = POLICY_FIELDS.filter((f) => draft[f.key] !== String(policy[f.key]))

  const save = () => {
    const next: Partial<Record<keyof PolicyValues, string>> = {}
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
                  nativeProps={{ 'aria-label': f.label }}
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

      <Text className='t-title section'>各类服务</Text>
      <Text className='t-small muted'>
        上面的免费次数和月龄是临时托的；下面是其他服务各自的规则。免费次数留空表示不限次数（全家参加的活动通常不限）。
      </Text>
      {OTHER_KINDS.map((k) => (
        <View className='card section' key={k} data-testid={`kind-policy-${k}`}>
          <Text className='t-body'>{KIND_TEXT[k]}</Text>
          {(['yearlyFree', 'minAgeMonths', 'maxAgeMonths'] as const).map((f) => (
            <Field
              key={f}
              label={
                f === 'yearlyFree' ? '每个孩子每年免费次数（次，留空不限）' : f === 'minAgeMonths' ? '最小月龄（含）' : '最大月龄（不含）'
              }
            >
              <Input
                className='input'
                type='number'
                value={kinds[k][f]}
                aria-label={`${KIND_TEXT[k]}${f === 'yearlyFree' ? '免费次数' : f === 'minAgeMonths' ? '最小月龄' : '最大月龄'}`}
                nativeProps={{
                  'aria-label': `${KIND_TEXT[k]}${f === 'yearlyFree' ? '免费次数' : f === 'minAgeMonths' ? '最小月龄' : '最大月龄'}`,
                }}
                onInput={(e) => setKinds({ ...kinds, [k]: { ...kinds[k], [f]: e.detail.value } })}
              />
            </Field>
          ))}
          {kindErrors[k] && (
            <View role='alert'>
              <Text className='t-body danger'>{kindErrors[k]}</Text>
            </View>
          )}
        </View>
      ))}
      <Btn
        className='btn btn--primary'
        loading={busy === 'saveKinds'}
        disabled={busy !== null || kindChanges.length === 0}
        onClick={saveKinds}
      >
        {kindChanges.length ? `保存 ${kindChanges.length} 类服务的修改` : '没有修改'}
      </Btn>
    </Page>
  )
}
