import { Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { Child, ChildWithQuota, Community, Policy } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { ChildFields, emptyChild } from '../../components/ChildForm'
import { CheckRow, SelectField } from '../../components/Choice'
import { ConsentRules, POLICY_VERSION } from '../../components/ConsentRules'
import { TextField } from '../../components/Field'
import { Page } from '../../components/Page'
import { Notice, PageState } from '../../components/States'
import { useAction, usePageData } from '../../hooks/useAsync'
import { RELATIONS } from '../../lib/labels'
import { go, goHome, ROUTES } from '../../lib/nav'
import { ageRuleText, childAgeLine } from '../../lib/eligibility'
import { readScene } from '../../lib/scene'
import { shanghaiToday } from '../../lib/time'
import { type ChildDraft, type GuardianDraft, hasErrors, validateChild, validateGuardian } from '../../lib/validate'

type Step = 'consent' | 'form' | 'done'

/** Community codes: 6 letters or digits, printed under the QR (the server says whether one exists). */
export const COMMUNITY_CODE = /^[A-Z0-9]{6}$/

/** What a family types: spaces and dashes dropped, lower case accepted. */
export function normaliseCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase()
}

export function validateCommunityCode(code: string): string | undefined {
  if (!code) return '请输入社区码'
  if (!COMMUNITY_CODE.test(code)) return '社区码是 6 位字母或数字，请对照海报再输一次'
  return undefined
}

/** No community to show: no scene at all, or a code no community has (`typed`: the scene or code tried). */
interface NoCommunity {
  typed: string
}
const noCommunity = (typed: string, message: string) => new ApiError('NOT_FOUND', message, { noCommunity: true, typed })
const asNoCommunity = (e?: ApiError): NoCommunity | undefined =>
  e?.details?.noCommunity ? { typed: String(e.details.typed || '') } : undefined

async function loadLanding(scene: string): Promise<{ community: Community; registered: boolean }> {
  if (!scene) throw noCommunity('', '没有读到社区二维码信息')
  try {
    const [{ community }, profile] = await Promise.all([call('user', 'resolveScene', { scene }), call('user', 'profile')])
    return { community, registered: !!profile.guardian }
  } catch (e) {
    const err = toApiError(e)
    // an unknown or damaged code: the family can type the code instead (other failures keep 重试)
    if (err.code === 'NOT_FOUND' || err.code === 'INVALID_ARGUMENT') throw noCommunity(scene, err.message)
    throw err
  }
}

/**
 * After registering: the child's quota and age rule as the server states them (the community sets them),
 * or only that the child is registered when the profile cannot be read just now.
 */
export function registeredLine(child: Child, after?: { children: ChildWithQuota[]; policy?: Policy }, today = shanghaiToday()): string {
  const c = after?.children.find((x) => x.id === child.id)
  if (!c || !after?.policy) return `${child.name} 已登记。免费次数和可预约的年龄在首页可以看到。`
  const age = childAgeLine(c, today, after.policy)
  if (age) return `${child.name} 已登记。${age}。`
  return `${child.name} 已登记。${c.quota.year} 年还可免费托育 ${c.quota.remaining} 次（${ageRuleText(after.policy)}的孩子可以预约）。`
}

/**
 * No community from the QR: say what happened and what to do, and let the family type the 6-character
 * community code printed under the QR on the baby house's poster.
 */
function CodeEntry({ problem, onCode }: { problem: NoCommunity; onCode: (code: string) => void }) {
  const [typed, setTyped] = useState('')
  const [tried, setTried] = useState(false)
  const code = normaliseCode(typed)
  const error = tried ? validateCommunityCode(code) : undefined
  const triedCode = normaliseCode(/(?:^|[&?])c=([A-Za-z0-9]+)/.exec(problem.typed)?.[1] || problem.typed)
  const readable = COMMUNITY_CODE.test(triedCode)
  return (
    <View className='card' role='alert' data-testid='no-community'>
      <Text className='t-title'>{problem.typed ? '没有找到这个社区' : '没有读到社区二维码'}</Text>
      <Text className='t-body'>
        {problem.typed
          ? readable
            ? `社区码 ${triedCode} 没有对应的社区。`
            : '这个二维码可能不完整或已经过期。'
          : '这个页面需要从社区宝宝屋的二维码打开。'}
      </Text>
      <Text className='t-small muted'>请输入二维码下方印的 6 位社区码（如 FP3K7Q）；找不到时，可以请宝宝屋的工作人员告诉您。</Text>
      <TextField label='社区码' value={typed} error={error} placeholder='6 位字母或数字' maxlength={8} onChange={setTyped} />
      <Btn
        className='btn btn--primary'
        onClick={() => {
          setTried(true)
          if (!validateCommunityCode(code)) onCode(code)
        }}
      >
        查找社区
      </Btn>
    </View>
  )
}

/** The QR landing page: community → guardian consent → guardian and child forms → registered. */
export default function Register() {
  const router = useRouter()
  const [typedCode, setTypedCode] = useState('')
  const scene = typedCode || readScene(router.params || {})
  const landing = usePageData(() => loadLanding(scene), [scene])

  const [step, setStep] = useState<Step>('consent')
  const [agreed, setAgreed] = useState(false)
  const [guardian, setGuardian] = useState<GuardianDraft>({ name: '', phone: '', relation: '' })
  const [child, setChild] = useState<ChildDraft>(emptyChild)
  const [touched, setTouched] = useState<Record<string, boolean>>({})
  const [submitted, setSubmitted] = useState(false)
  const [failure, setFailure] = useState<ApiError | null>(null)
  const [created, setCreated] = useState<Child | null>(null)
  const [after, setAfter] = useState<{ children: ChildWithQuota[]; policy?: Policy }>()
  const { busy, run } = useAction()

  const today = shanghaiToday()
  const gErrors = validateGuardian(guardian)
  const cErrors = validateChild(child, today)
  const show = (key: string) => submitted || touched[key]

  const community = landing.data?.community
  const registered = landing.data?.registered

  const submit = () => {
    setSubmitted(true)
    setFailure(null)
    if (!community || !agreed) return
    if ((!registered && hasErrors(gErrors)) || hasErrors(cErrors)) return
    const childInput = { name: child.name.trim(), gender: child.gender as 'M' | 'F', birthDate: child.birthDate }
    run('submit', async () => {
      try {
        if (registered) {
          const res = await call('user', 'addChild', { child: childInput, communityCode: community.code })
          setCreated(res.child)
        } else {
          const res = await call('user', 'register', {
            communityCode: community.code,
            guardian: { name: guardian.name.trim(), phone: guardian.phone.trim(), relation: guardian.relation },
            child: childInput,
            consent: { policyVersion: POLICY_VERSION, agreed: true },
          })
          setCreated(res.child)
        }
        setStep('done')
        Taro.showToast({ title: '登记成功', icon: 'success' })
        // the numbers the family may now use come from the community's policy, not from the app
        call('user', 'profile').then(setAfter, () => undefined)
      } catch (e) {
        const err = toApiError(e)
        if (err.code === 'CONSENT_REQUIRED') {
          setAgreed(false)
          setStep('consent')
        }
        setFailure(err)
      }
    })
  }

  if (!landing.data) {
    const problem = asNoCommunity(landing.error)
    return (
      <Page>
        {problem && !landing.loading ? (
          <CodeEntry problem={problem} onCode={(code) => (code === scene ? landing.reload() : setTypedCode(code))} />
        ) : (
          <PageState page={landing} loadingText='正在识别社区…' />
        )}
        {landing.error && !landing.loading && (
          <Btn className='btn' onClick={goHome}>
            回到首页
          </Btn>
        )}
      </Page>
    )
  }

  const header = (
    <View className='card'>
      <Text className='t-small muted'>您正在登记的社区</Text>
      <Text className='t-title' data-testid='community-name'>
        {community?.name}
      </Text>
      <Text className='t-small muted'>{community?.district}</Text>
    </View>
  )

  if (step === 'done' && created) {
    return (
      <Page>
        {header}
        <View className='card notice--ok' role='status'>
          <Text className='t-title ok'>登记成功</Text>
          <Text className='t-body' data-testid='registered-line'>
            {registeredLine(created, after, today)}
          </Text>
        </View>
        <Btn className='btn btn--primary' onClick={() => go(ROUTES.sessions)}>
          去预约托育
        </Btn>
        <Btn className='btn' onClick={goHome}>
          回到首页
        </Btn>
      </Page>
    )
  }

  // Step 1 (new family): the rules, and the guardian's consent, before any form and before any child data is sent.
  if (!registered && step === 'consent') {
    return (
      <Page>
        {header}
        {failure && <Notice error={failure} />}
        <ConsentRules />
        <CheckRow checked={agreed} onChange={setAgreed}>
          <Text>我是孩子的监护人，已阅读并同意《儿童个人信息保护规则》</Text>
        </CheckRow>
        <Btn className='btn btn--primary' disabled={!agreed} onClick={() => agreed && setStep('form')}>
          同意并继续
        </Btn>
        <Btn className='btn' onClick={goHome}>
          不同意，返回首页
        </Btn>
      </Page>
    )
  }

  return (
    <Page>
      {header}
      {registered ? (
        <View className='card'>
          <Text className='t-title'>您已登记过</Text>
          <Text className='t-body'>可以在这里为家里的另一个孩子登记。</Text>
          <CheckRow checked={agreed} onChange={setAgreed}>
            <Text>我是孩子的监护人，同意按《儿童个人信息保护规则》（{POLICY_VERSION}）登记这个孩子</Text>
          </CheckRow>
          {submitted && !agreed && (
            <View role='alert'>
              <Text className='field__error t-small'>请先勾选同意</Text>
            </View>
          )}
        </View>
      ) : (
        <View className='card'>
          <Text className='t-title'>监护人信息</Text>
          <TextField
            label='您的姓名'
            value={guardian.name}
            error={show('gName') ? gErrors.name : undefined}
            placeholder='请输入姓名'
            maxlength={20}
            onChange={(name) => setGuardian({ ...guardian, name })}
            onBlur={() => setTouched({ ...touched, gName: true })}
          />
          <TextField
            label='手机号'
            type='number'
            value={guardian.phone}
            error={show('gPhone') ? gErrors.phone : undefined}
            placeholder='11 位手机号'
            maxlength={11}
            onChange={(phone) => setGuardian({ ...guardian, phone })}
            onBlur={() => setTouched({ ...touched, gPhone: true })}
          />
          <SelectField
            label='与孩子的关系'
            options={RELATIONS}
            value={guardian.relation}
            error={show('gRelation') ? gErrors.relation : undefined}
            onChange={(relation) => setGuardian({ ...guardian, relation })}
          />
        </View>
      )}
      <View className='card'>
        <Text className='t-title'>孩子信息</Text>
        <ChildFields value={child} errors={submitted ? cErrors : {}} onChange={setChild} />
      </View>
      {failure && <Notice error={failure} />}
      <Btn className='btn btn--primary' disabled={busy !== null} loading={busy === 'submit'} onClick={submit}>
        {busy === 'submit' ? '正在提交…' : registered ? '登记这个孩子' : '提交登记'}
      </Btn>
      {registered && (
        <Btn className='btn' disabled={busy !== null} onClick={() => go(ROUTES.home)}>
          回到首页
        </Btn>
      )}
    </Page>
  )
}
