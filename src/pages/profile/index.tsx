import { Switch, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { getDevOpenid, hasDevLogin } from '../../api/gateway'
import { Btn } from '../../components/Btn'
import { ChildFields, emptyChild } from '../../components/ChildForm'
import { CheckRow } from '../../components/Choice'
import { POLICY_VERSION } from '../../components/ConsentRules'
import { Page } from '../../components/Page'
import { Empty, Notice, PageState } from '../../components/States'
import { useLargeFont } from '../../lib/fontMode'
import { go, goHome, ROUTES } from '../../lib/nav'
import { shanghaiToday } from '../../lib/time'
import { type ChildDraft, hasErrors, validateChild } from '../../lib/validate'
import { ChildCard, maskPhone } from './ChildCard'
import { useProfile } from './useProfile'

/** Guardian, children (pickups, birth-date correction before the first booking), add a child, large-font mode, delete account. */
export default function Profile() {
  const { page, action, failure, addPickup, removePickup, fixBirthDate, addChild, deleteAccount } = useProfile()
  const { busy } = action
  const [large, setLarge] = useLargeFont()
  const [adding, setAdding] = useState(false)
  const [child, setChild] = useState<ChildDraft>(emptyChild)
  const [childAgreed, setChildAgreed] = useState(false)
  const [childTried, setChildTried] = useState(false)

  const today = shanghaiToday()
  const cErrors = validateChild(child, today)

  const submitChild = async () => {
    setChildTried(true)
    if (!childAgreed || hasErrors(cErrors)) return
    if (await addChild(child)) {
      setAdding(false)
      setChild(emptyChild)
      setChildAgreed(false)
      setChildTried(false)
    }
  }

  const fontCard = (
    <View className='card row'>
      <View>
        <Text className='t-body'>大字模式</Text>
        <Text className='t-small muted'>字更大，看得更清楚</Text>
      </View>
      <Switch
        checked={large}
        color='#C2410C'
        aria-label='大字模式'
        nativeProps={{ 'aria-label': '大字模式' }}
        onChange={(e) => setLarge(!!e.detail.value)}
      />
    </View>
  )

  if (!page.data) {
    return (
      <Page>
        {fontCard}
        <PageState page={page} />
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
          <Btn className='btn btn--small' onClick={() => go(ROUTES.devLogin)}>
            切换
          </Btn>
        </View>
      )}

      {!guardian ? (
        <Empty text='您还没有登记。请扫描社区宝宝屋的二维码登记家庭信息。'>
          <Btn className='btn' onClick={goHome}>
            回到首页
          </Btn>
        </Empty>
      ) : (
        <View>
          <View className='card'>
            <Text className='t-small muted'>监护人</Text>
            <Text className='t-title'>
              {guardian.name}（{guardian.relation}）
            </Text>
            <Text className='t-body'>{maskPhone(guardian.phone)}</Text>
          </View>
          <View className='card row'>
            <Btn className='btn btn--small' onClick={() => go(ROUTES.sites)}>
              宝宝屋信息与评级
            </Btn>
            <Btn className='btn btn--small' onClick={() => go(ROUTES.suggest)}>
              意见建议
            </Btn>
          </View>

          <Text className='t-title section'>孩子</Text>
          {children.map((c) => (
            <ChildCard
              key={c.id}
              child={c}
              today={today}
              policy={page.data!.policy}
              busy={busy}
              error={failure?.where === c.id ? failure.error : undefined}
              onAddPickup={(p) => addPickup(c, p)}
              onRemovePickup={(i) => removePickup(c, i)}
              onFixBirthDate={(d) => fixBirthDate(c, d)}
            />
          ))}

          {adding ? (
            <View className='card'>
              <Text className='t-title'>再登记一个孩子</Text>
              <ChildFields value={child} errors={childTried ? cErrors : {}} onChange={setChild} />
              <CheckRow checked={childAgreed} onChange={setChildAgreed}>
                <Text>我是孩子的监护人，同意按《儿童个人信息保护规则》（{POLICY_VERSION}）登记这个孩子</Text>
              </CheckRow>
              {childTried && !childAgreed && (
                <View role='alert'>
                  <Text className='field__error t-small'>请先勾选同意</Text>
                </View>
              )}
              {failure?.where === 'addChild' && <Notice error={failure.error} />}
              <View className='btn-row'>
                <Btn className='btn' disabled={busy !== null} onClick={() => setAdding(false)}>
                  取消
                </Btn>
                <Btn className='btn btn--primary' disabled={busy !== null} loading={busy === 'addChild'} onClick={submitChild}>
                  提交
                </Btn>
              </View>
            </View>
          ) : (
            <Btn className='btn' disabled={busy !== null} onClick={() => setAdding(true)}>
              再登记一个孩子
            </Btn>
          )}

          {failure?.where === 'delete' && <Notice error={failure.error} />}
          <Btn className='btn btn--danger section' disabled={busy !== null} loading={busy === 'delete'} onClick={deleteAccount}>
            注销账号并删除个人信息
          </Btn>
        </View>
      )}

      <View className='section'>
        <Text className='t-body link' onClick={() => go(ROUTES.staffJoin)}>
          社区工作人员？输入邀请码加入
        </Text>
      </View>
    </Page>
  )
}
