import { Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { devLogin, devLogout, getDevOpenid } from '../../api/gateway'
import { clearOfflineRosters } from '../../worker/offline/store'
import { ApiError, toApiError } from '../../api/errors'
import { TextField } from '../../components/Field'
import { Page } from '../../components/Page'
import { Notice } from '../../components/States'
import { useAction } from '../../hooks/useAsync'
import { ROUTES } from '../../lib/nav'

const DEMO = [
  { openid: 'demo-parent', label: '演示家长' },
  { openid: 'demo-worker', label: '演示工作人员' },
  { openid: 'demo-admin', label: '演示管理员' },
]

/** H5 only (registered only when TARO_ENV is h5): act as a demo user or any openid on the local runtime. */
export default function DevLogin() {
  const router = useRouter()
  const [openid, setOpenid] = useState('')
  const [current, setCurrent] = useState(getDevOpenid())
  const [error, setError] = useState<ApiError | null>(null)
  const [invalid, setInvalid] = useState('')
  const { busy, run } = useAction()

  const login = (id: string) => {
    const v = id.trim()
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(v)) {
      setInvalid('请填写 1～64 位字母、数字、下划线或连字符')
      return
    }
    setInvalid('')
    run(`login:${v}`, async () => {
      setError(null)
      try {
        if (getDevOpenid() !== v) clearOfflineRosters() // another person: no roster copy of the last one stays
        await devLogin(v)
        setCurrent(v)
        const redirect = router.params.redirect ? decodeURIComponent(router.params.redirect) : ROUTES.home
        Taro.reLaunch({ url: redirect })
      } catch (e) {
        setError(toApiError(e))
      }
    })
  }

  return (
    <Page>
      <Text className='t-title'>开发登录（仅本地网页版）</Text>
      <Text className='t-body muted'>
        当前身份：<Text data-testid='current-openid'>{current || '未登录'}</Text>
      </Text>
      {error && <Notice error={error} />}
      {DEMO.map((d) => (
        <Btn
          key={d.openid}
          className='btn btn--primary'
          disabled={busy !== null}
          loading={busy === `login:${d.openid}`}
          onClick={() => login(d.openid)}
        >
          {d.label}（{d.openid}）
        </Btn>
      ))}
      <View className='card section'>
        <TextField label='其他 openid' value={openid} error={invalid || undefined} placeholder='例如 parent-001' onChange={setOpenid} />
        <Btn className='btn' disabled={busy !== null} onClick={() => login(openid)}>
          以此身份登录
        </Btn>
      </View>
      {current && (
        <Btn
          className='btn btn--danger'
          onClick={() => {
            devLogout()
            clearOfflineRosters()
            setCurrent('')
          }}
        >
          退出登录
        </Btn>
      )}
    </Page>
  )
}
