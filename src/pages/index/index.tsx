import { Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import Taro, { useDidShow } from '@tarojs/taro'
import { call, hasDevLogin, getDevOpenid } from '../../api/gateway'
import { Page } from '../../components/Page'
import { Empty, ErrorBlock, Loading } from '../../components/States'
import { useAsync } from '../../hooks/useAsync'
import { useLargeFont } from '../../lib/fontMode'
import { STATUS_TEXT } from '../../lib/labels'
import { go, ROUTES } from '../../lib/nav'
import { formatDay } from '../../lib/time'
import { activeOf } from '../../lib/bookings'
import { ContinueWatching } from '../../components/continue-watching'

async function loadHome() {
  const profile = await call('user', 'profile')
  const bookings = profile.guardian ? (await call('booking', 'mine')).bookings : []
  return { profile, bookings }
}

/** Scan the community QR from inside the mini-program (weapp), then open its register page. */
async function scanToRegister() {
  try {
    const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'wxCode'] as Array<keyof Taro.scanCode.ScanType> })
    const path = (res as { path?: string }).path
    if (path) {
      go(`/${path.replace(/^\//, '')}`)
      return
    }
    const m = /[?&]scene=([^&#]+)/.exec(res.result || '')
    if (m) go(`${ROUTES.register}?scene=${m[1]}`)
    else Taro.showToast({ title: '这不是宝宝屋的登记码', icon: 'none' })
  } catch (e) {
    // cancelled
  }
}

export default function Home() {
  const { loading, data, error, reload } = useAsync(loadHome)
  const [large, setLarge] = useLargeFont()
  useDidShow(() => {
    reload()
  })

  const profile = data?.profile
  const roles = profile?.roles || []
  const isWorker = roles.some((r) => r.role === 'worker' || r.role === 'admin' || r.role === 'district_admin')
  const isAdmin = roles.some((r) => r.role === 'admin' || r.role === 'district_admin')
  const upcoming = data ? activeOf(data.bookings) : []

  return (
    <Page>
      <View className='row'>
        <View>
          <Text className='t-hero'>宝宝屋</Text>
          <Text className='t-small muted'>{profile?.community ? `${profile.community.district} · ${profile.community.name}` : '社区婴幼儿临时托育'}</Text>
        </View>
        <Btn className='btn btn--small' onClick={() => setLarge(!large)}>
          {large ? '标准字' : '大字'}
        </Btn>
      </View>

      {!data && loading && <Loading />}
      {!data && error && <ErrorBlock error={error} onRetry={reload} />}

      {profile && !profile.guardian && (
        <View className='card section'>
          <Text className='t-title'>欢迎使用宝宝屋</Text>
          <Text className='t-body'>1～3 岁的孩子每年可享受 12 次免费临时托育。请扫描社区宝宝屋的二维码，登记家庭信息后即可预约。</Text>
          {process.env.TARO_ENV === 'weapp' && (
            <Btn className='btn btn--primary' onClick={scanToRegister}>扫码登记</Btn>
          )}
          {hasDevLogin && (
            <Text className='t-small muted'>当前身份：{getDevOpenid() || '未登录'}。网页版请打开社区二维码中的链接登记。</Text>
          )}
        </View>
      )}

      {profile?.guardian && (
        <View className='section'>
          <Text className='t-title'>孩子的免费次数</Text>
          {profile.children.length === 0 && <Empty text='还没有登记孩子' />}
          {profile.children.map((c) => (
            <View className='card' key={c.id}>
              <View className='row'>
                <Text className='t-body'>{c.name}</Text>
                <View className='quota'>
                  <Text className='quota__num' data-testid={`quota-${c.id}`}>{c.quota.remaining}</Text>
                  <Text className='t-body'>次</Text>
                </View>
              </View>
              <Text className='t-small muted'>{c.quota.year} 年还可免费托育 {c.quota.remaining} 次（共 {c.quota.limit} 次，已用 {c.quota.used} 次）</Text>
            </View>
          ))}
        </View>
      )}

      {profile?.guardian && (
        <View className='section'>
          <View className='section__head'>
            <Text className='t-title'>即将参加</Text>
            <Text className='t-body link' onClick={() => go(ROUTES.bookings)}>全部预约</Text>
          </View>
          {upcoming.length === 0 ? (
            <Empty text='暂时没有待参加的预约' />
          ) : (
            upcoming.slice(0, 3).map((b) => (
              <View className='card' key={b.id} onClick={() => go(ROUTES.bookings)}>
                <View className='row'>
                  <Text className='t-body'>{b.session ? `${formatDay(b.session.date)} ${b.session.start}` : '场次'}</Text>
                  <Text className={`badge badge--${b.status}`}>{STATUS_TEXT[b.status]}</Text>
                </View>
                <Text className='t-small muted'>{b.childName || ''}{b.session?.siteName ? ` · ${b.session.siteName}` : ''}</Text>
              </View>
            ))
          )}
        </View>
      )}

      {profile && <ContinueWatching />}

      {profile && (
        <View className='section grid'>
          {profile.guardian && (
            <View className='tile' onClick={() => go(ROUTES.sessions)}>
              <Text className='tile__icon'>约</Text>
              <Text className='tile__label'>预约托育</Text>
            </View>
          )}
          {profile.guardian && (
            <View className='tile' onClick={() => go(ROUTES.bookings)}>
              <Text className='tile__icon'>票</Text>
              <Text className='tile__label'>我的预约</Text>
            </View>
          )}
          <View className='tile' onClick={() => go(ROUTES.courseCatalog)}>
            <Text className='tile__icon'>课</Text>
            <Text className='tile__label'>微课程</Text>
          </View>
          <View className='tile' onClick={() => go(ROUTES.profile)}>
            <Text className='tile__icon'>我</Text>
            <Text className='tile__label'>我的</Text>
          </View>
          {isWorker && (
            <View className='tile' onClick={() => go(ROUTES.workerSessions)}>
              <Text className='tile__icon'>签</Text>
              <Text className='tile__label'>签到工作台</Text>
            </View>
          )}
          {isAdmin && (
            <View className='tile' onClick={() => go(ROUTES.admin)}>
              <Text className='tile__icon'>管</Text>
              <Text className='tile__label'>社区管理</Text>
            </View>
          )}
          {hasDevLogin && (
            <View className='tile' onClick={() => go(ROUTES.devLogin)}>
              <Text className='tile__icon'>换</Text>
              <Text className='tile__label'>切换身份</Text>
            </View>
          )}
        </View>
      )}
    </Page>
  )
}
