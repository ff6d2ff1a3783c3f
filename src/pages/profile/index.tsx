import { Switch, Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import type { ChildWithQuota, Pickup } from '../../../cloudfunctions/shared/contract'
import { call, getDevOpenid, hasDevLogin } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { ChildFields, emptyChild } from '../../components/ChildForm'
import { CheckRow, SelectField } from '../../components/Choice'
import { POLICY_VERSION } from '../../components/ConsentRules'
import { TextField } from '../../components/Field'
import { Page } from '../../components/Page'
import { Empty, ErrorBlock, Loading, Notice } from '../../components/States'
import { useAction, useAsync } from '../../hooks/useAsync'
import { useLargeFont } from '../../lib/fontMode'
import { GENDER_TEXT, RELATIONS } from '../../lib/labels'
import { go, goHome, ROUTES } from '../../lib/nav'
import { ageInMonths, ageText, shanghaiToday } from '../../lib/time'
import { type ChildDraft, type PickupDraft, hasErrors, validateChild, validatePickup } from '../../lib/validate'

function maskPhone(p: string): string {
  return p && p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : p
}

const emptyPickup: PickupDraft = { name: '', relation: '', phone: '' }

/** Guardian, children and their authorised pickups, add a child, large-font mode, delete account. */
export default function Profile() {
  const page = useAsync(() => call('user', 'profile'))
  const [large, setLarge] = useLargeFont()
  const { busy, run } = useAction()
  const [editing, setEditing] = useState<string | null>(null) // childId whose pickup form is open
  const [pickup, setPickup] = useState<PickupDraft>(emptyPickup)
  const [pickupTried, setPickupTried] = useState(false)
  const [adding, setAdding] = useState(false)
  const [child, setChild] = useState<ChildDraft>(emptyChild)
  const [childAgreed, setChildAgreed] = useState(false)
  const [childTried, setChildTried] = useState(false)
  const [failure, setFailure] = useState<{ where: string; error: ApiError } | null>(null)
  useDidShow(() => {
    page.reload()
  })

  const today = shanghaiToday()
  const pErrors = validatePickup(pickup)
  const cErrors = validateChild(child, today)

  const savePickups = (c: ChildWithQuota, pickups: Pickup[], key: string) =>
    run(key, async () => {
      setFailure(null)
      try {
        const res = await call('user', 'updateChild', { childId: c.id, pickups })
        page.setData((p) => (p ? { ...p, children: p.children.map((x) => (x.id === c.id ? { ...x, ...res.child, quota: x.quota } : x)) } : p!))
        Taro.showToast({ title: '已保存', icon: 'success' })
        return true
      } catch (e) {
        setFailure({ where: c.id, error: toApiError(e) })
        return false
      }
    })

  const addPickup = async (c: ChildWithQuota) => {
    setPickupTried(true)
    if (hasErrors(pErrors)) return
    const next = [...(c.pickups || []), { name: pickup.name.trim(), relation: pickup.relation, ...(pickup.phone.trim() ? { phone: pickup.phone.trim() } : {}) }]
    const ok = await savePickups(c, next, `pickup:${c.id}`)
    if (ok) {
      setEditing(null)
      setPickup(emptyPickup)
      setPickupTried(false)
    }
  }

  const removePickup = async (c: ChildWithQuota, index: number) => {
    const p = c.pickups[index]
    const answer = await Taro.showModal({ title: '删除接送人？', content: `删除后，工作人员不能把${c.name}交给${p.name}。`, confirmText: '删除', cancelText: '保留' })
    if (!answer.confirm) return
    await savePickups(c, c.pickups.filter((_, i) => i !== index), `pickup:${c.id}`)
  }

  const addChild = () => {
    setChildTried(true)
    if (!childAgreed || hasErrors(cErrors)) return
    run('addChild', async () => {
      setFailure(null)
      try {
        await call('user', 'addChild', { child: { name: child.name.trim(), gender: child.gender as 'M' | 'F', birthDate: child.birthDate } })
        Taro.showToast({ title: '登记成功', icon: 'success' })
        setAdding(false)
        setChild(emptyChild)
        setChildAgreed(false)
        setChildTried(false)
        await page.reload()
      } catch (e) {
        setFailure({ where: 'addChild', error: toApiError(e) })
      }
    })
  }

  const deleteAccount = () =>
    run('delete', async () => {
      const first = await Taro.showModal({
        title: '注销账号',
        content: '注销后将删除您和孩子的全部个人信息，并取消所有待参加的预约。此操作不能撤销。',
        confirmText: '继续注销',
        cancelText: '取消',
        confirmColor: '#B91C1C',
      })
      if (!first.confirm) return
      const second = await Taro.showModal({
        title: '再次确认',
        content: '真的要注销吗？孩子今年的免费次数记录也将无法找回。',
        confirmText: '确认注销',
        cancelText: '不注销',
        confirmColor: '#B91C1C',
      })
      if (!second.confirm) return
      try {
        await call('user', 'deleteAccount')
        Taro.showToast({ title: '已注销', icon: 'success' })
        goHome()
      } catch (e) {
        setFailure({ where: 'delete', error: toApiError(e) })
      }
    })

  const fontCard = (
    <View className='card row'>
      <View>
        <Text className='t-body'>大字模式</Text>
        <Text className='t-small muted'>字更大，看得更清楚</Text>
      </View>
      <Switch checked={large} color='#C2410C' aria-label='大字模式' onChange={(e) => setLarge(!!e.detail.value)} />
    </View>
  )

  if (!page.data) {
    return (
      <Page>
        {fontCard}
        {page.loading && <Loading />}
        {page.error && <ErrorBlock error={page.error} onRetry={page.reload} />}
      </Page>
    )
  }

  const { guardian, children } = page.data
  return (
    <Page>
      {fontCard}
      {hasDevLogin && (
        <View className='card row'>
          <Text className='t-small muted'>开发身份：{getDevOpenid() || '未登录'}</Text>
          <Btn className='btn btn--small' onClick={() => go(ROUTES.devLogin)}>切换</Btn>
        </View>
      )}

      {!guardian ? (
        <Empty text='您还没有登记。请扫描社区宝宝屋的二维码登记家庭信息。'>
          <Btn className='btn' onClick={goHome}>回到首页</Btn>
        </Empty>
      ) : (
        <View>
          <View className='card'>
            <Text className='t-small muted'>监护人</Text>
            <Text className='t-title'>{guardian.name}（{guardian.relation}）</Text>
            <Text className='t-body'>{maskPhone(guardian.phone)}</Text>
          </View>
          <View className='card row'>
            <Btn className='btn btn--small' onClick={() => go(ROUTES.sites)}>宝宝屋信息与评级</Btn>
            <Btn className='btn btn--small' onClick={() => go(ROUTES.suggest)}>意见建议</Btn>
          </View>

          <Text className='t-title section'>孩子</Text>
          {children.map((c) => (
            <View className='card' key={c.id} data-testid={`child-${c.id}`}>
              <Text className='t-title'>{c.name}</Text>
              <Text className='t-body'>{GENDER_TEXT[c.gender]} · {ageText(ageInMonths(c.birthDate, today))} · 今年还剩 {c.quota.remaining} 次</Text>
              <View className='divider' />
              <Text className='t-body'>授权接送人</Text>
              <Text className='t-small muted'>监护人可以接孩子；另外可以添加爷爷奶奶等接送人。</Text>
              {(c.pickups || []).length === 0 && <Text className='t-small muted'>暂无其他接送人</Text>}
              {(c.pickups || []).map((p, i) => (
                <View className='row' key={`${p.name}-${i}`}>
                  <Text className='t-body'>{p.name}（{p.relation}）{p.phone ? ` ${maskPhone(p.phone)}` : ''}</Text>
                  <Btn className='btn btn--small btn--danger' disabled={busy !== null} onClick={() => removePickup(c, i)}>删除</Btn>
                </View>
              ))}
              {failure?.where === c.id && <Notice error={failure.error} />}
              {editing === c.id ? (
                <View className='section'>
                  <TextField label='接送人姓名' value={pickup.name} error={pickupTried ? pErrors.name : undefined} maxlength={20}
                    onChange={(name) => setPickup({ ...pickup, name })} />
                  <SelectField label='与孩子的关系' options={RELATIONS} value={pickup.relation} error={pickupTried ? pErrors.relation : undefined}
                    onChange={(relation) => setPickup({ ...pickup, relation })} />
                  <TextField label='手机号（选填）' type='number' value={pickup.phone} error={pickupTried ? pErrors.phone : undefined} maxlength={11}
                    onChange={(phone) => setPickup({ ...pickup, phone })} />
                  <View className='btn-row'>
                    <Btn className='btn' disabled={busy !== null} onClick={() => { setEditing(null); setPickupTried(false) }}>取消</Btn>
                    <Btn className='btn btn--primary' disabled={busy !== null} loading={busy === `pickup:${c.id}`} onClick={() => addPickup(c)}>保存</Btn>
                  </View>
                </View>
              ) : (
                <Btn className='btn' disabled={busy !== null} onClick={() => { setEditing(c.id); setPickup(emptyPickup); setPickupTried(false) }}>
                  添加接送人
                </Btn>
              )}
            </View>
          ))}

          {adding ? (
            <View className='card'>
              <Text className='t-title'>再登记一个孩子</Text>
              <ChildFields value={child} errors={childTried ? cErrors : {}} onChange={setChild} />
              <CheckRow checked={childAgreed} onChange={setChildAgreed}>
                <Text>我是孩子的监护人，同意按《儿童个人信息保护规则》（{POLICY_VERSION}）登记这个孩子</Text>
              </CheckRow>
              {childTried && !childAgreed && <View role='alert'><Text className='field__error t-small'>请先勾选同意</Text></View>}
              {failure?.where === 'addChild' && <Notice error={failure.error} />}
              <View className='btn-row'>
                <Btn className='btn' disabled={busy !== null} onClick={() => setAdding(false)}>取消</Btn>
                <Btn className='btn btn--primary' disabled={busy !== null} loading={busy === 'addChild'} onClick={addChild}>提交</Btn>
              </View>
            </View>
          ) : (
            <Btn className='btn' disabled={busy !== null} onClick={() => setAdding(true)}>再登记一个孩子</Btn>
          )}

          {failure?.where === 'delete' && <Notice error={failure.error} />}
          <Btn className='btn btn--danger section' disabled={busy !== null} loading={busy === 'delete'} onClick={deleteAccount}>
            注销账号并删除个人信息
          </Btn>
        </View>
      )}

      <View className='section'>
        <Text className='t-body link' onClick={() => go(ROUTES.staffJoin)}>社区工作人员？输入邀请码加入</Text>
      </View>
    </Page>
  )
}
