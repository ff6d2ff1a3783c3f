import { Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { Child, Community } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { ChildFields, emptyChild } from '../../components/ChildForm'
import { CheckRow, SelectField } from '../../components/Choice'
import { ConsentRules, POLICY_VERSION } from '../../components/ConsentRules'
import { TextField } from '../../components/Field'
import { Page } from '../../components/Page'
import { ErrorBlock, Loading, Notice } from '../../components/States'
import { useAction, useAsync } from '../../hooks/useAsync'
import { RELATIONS } from '../../lib/labels'
import { go, goHome, ROUTES } from '../../lib/nav'
import { readScene } from '../../lib/scene'
import { shanghaiToday } from '../../lib/time'
import { type ChildDraft, type GuardianDraft, hasErrors, validateChild, validateGuardian } from '../../lib/validate'

type Step = 'consent' | 'form' | 'done'

async function loadLanding(scene: string): Promise<{ community: Community; registered: boolean }> {
  if (!scene) throw new ApiError('NOT_FOUND', '没有读到社区二维码信息，请重新扫描社区宝宝屋的二维码')
  const [{ community }, profile] = await Promise.all([call('user', 'resolveScene', { scene }), call('user', 'profile')])
  return { community, registered: !!profile.guardian }
}

/** The QR landing page: community → guardian consent → guardian and child forms → registered. */
export default function Register() {
  const router = useRouter()
  const scene = readScene(router.params || {})
  const landing = useAsync(() => loadLanding(scene))
  useLoad(() => {
    landing.reload()
  })

  const [step, setStep] = useState<Step>('consent')
  const [agreed, setAgreed] = useState(false)
  const [guardian, setGuardian] = useState<GuardianDraft>({ name: '', phone: '', relation: '' })
  const [child, setChild] = useState<ChildDraft>(emptyChild)
  const [touched, setTouched] = useState<Record<string, boolean>>({})
  const [submitted, setSubmitted] = useState(false)
  const [failure, setFailure] = useState<ApiError | null>(null)
  const [created, setCreated] = useState<Child | null>(null)
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
    return (
      <Page>
        {landing.loading && <Loading text='正在识别社区…' />}
        {landing.error && <ErrorBlock error={landing.error} onRetry={scene ? landing.reload : undefined} />}
        {landing.error && (
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
          <Text className='t-body'>{created.name} 已登记。1～3 岁的孩子每年可免费临时托育 12 次。</Text>
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
