import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { Data } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { TextField } from '../../components/Field'
import { Page } from '../../components/Page'
import { useAction } from '../../hooks/useAsync'
import { go, ROUTES } from '../../lib/nav'
import { ROLE_TEXT } from '../lib/labels'
import { ADMIN_ROUTES } from '../lib/routes'
import '../admin.css'

/** The code in what opened this page: `?code=` (H5 link) or the mini-program code's `scene` "i=CODE". */
function codeFromParams(params: Record<string, string | undefined>): string {
  if (params.code) return params.code
  if (params.scene) {
    let scene = params.scene
    try {
      scene = decodeURIComponent(scene)
    } catch (e) {
      // keep as is
    }
    const m = /(?:^|&)i=([A-Za-z0-9]+)/.exec(scene)
    if (m) return m[1]
  }
  return ''
}

/** A worker joins the community once with the one-time invite code an admin gave them (scan or type). */
export default function Join() {
  const { params } = useRouter()
  const [code, setCode] = useState(() => codeFromParams(params))
  const [name, setName] = useState('')
  const [codeError, setCodeError] = useState('')
  const [failure, setFailure] = useState<ApiError | null>(null)
  const [joined, setJoined] = useState<Data<'user', 'redeemInvite'> | null>(null)
  const { busy, run } = useAction()

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'wxCode'] as Array<keyof Taro.scanCode.ScanType> })
      const fromPath = /[?&]scene=([^&#]+)/.exec((res as { path?: string }).path || '')
      const scanned = fromPath ? codeFromParams({ scene: fromPath[1] }) : codeFromParams({ scene: res.result }) || (res.result || '').trim()
      if (scanned) setCode(scanned)
    } catch (e) {
      // cancelled
    }
  }

  const redeem = () => {
    const c = code.replace(/[\s-]/g, '')
    if (c.length < 4) {
      setCodeError('请输入管理员给您的 8 位邀请码')
      return
    }
    setCodeError('')
    return run('redeem', async () => {
      setFailure(null)
      try {
        setJoined(await call('user', 'redeemInvite', { code: c, ...(name.trim() ? { name: name.trim() } : {}) }))
      } catch (e) {
        setFailure(toApiError(e))
      }
    })
  }

  if (joined) {
    return (
      <Page>
        <View className='card' role='status' data-testid='join-done'>
          <Text className='t-title ok'>加入成功</Text>
          <Text className='t-body'>
            您已成为 {joined.community.name} 的{ROLE_TEXT[joined.staff.role]}。
          </Text>
          <Btn className='btn btn--primary' onClick={() => Taro.redirectTo({ url: ROUTES.workerSessions })}>
            去看今日场次
          </Btn>
          {joined.staff.role === 'admin' && (
            <Btn className='btn' onClick={() => go(ADMIN_ROUTES.home)}>
              进入管理后台
            </Btn>
          )}
        </View>
      </Page>
    )
  }

  return (
    <Page>
      <Text className='t-title'>用邀请码加入社区</Text>
      <Text className='t-body muted'>社区管理员会给您一个 8 位邀请码或二维码，72 小时内有效，只能使用一次。</Text>
      <View className='section'>
        {process.env.TARO_ENV === 'weapp' && (
          <Btn className='btn' onClick={scan}>
            扫描邀请二维码
          </Btn>
        )}
        <TextField label='邀请码' value={code} placeholder='例如：ABCD EFGH' maxlength={20} error={codeError} onChange={setCode} />
        <TextField label='您的称呼（同事看得到）' value={name} placeholder='例如：李老师' maxlength={20} onChange={setName} />
        {failure && (
          <View className='notice notice--error' role='alert'>
            <Text className='t-body notice__title'>{failure.code === 'INVALID_CODE' ? '邀请码不能使用' : '没有加入成功'}</Text>
            <Text className='t-small'>{failure.message}</Text>
          </View>
        )}
        <Btn className='btn btn--primary' loading={busy === 'redeem'} disabled={busy !== null} onClick={redeem}>
          加入社区
        </Btn>
      </View>
    </Page>
  )
}
