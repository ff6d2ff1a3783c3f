import { Text, View } from '@tarojs/components'
import { getDevOpenid, hasDevLogin } from '../../api/gateway'
import { Btn } from '../../components/Btn'
import { ContinueWatching } from '../../components/continue-watching'
import { Page } from '../../components/Page'
import { SiteCard } from '../../components/SiteCard'
import { Empty, PageState } from '../../components/States'
import { activeOf } from '../../lib/bookings'
import { useLargeFont } from '../../lib/fontMode'
import { go, ROUTES } from '../../lib/nav'
import { shanghaiToday } from '../../lib/time'
import { ChildQuota, Entry, scanToRegister, TodayForStaff, UpcomingList } from './HomeCards'
import { isAdmin, isStaff, useHome } from './useHome'

/** Home: role-aware. Staff see today's sessions first; families their children, bookings and site. */
export default function Home() {
  const page = useHome()
  const [large, setLarge] = useLargeFont()
  const data = page.data
  const profile = data?.profile
  const roles = profile?.roles || []
  const staff = isStaff(roles)
  const upcoming = data ? activeOf(data.bookings) : []
  const today = shanghaiToday()

  return (
    <Page>
      <View className='row'>
        <View>
          <Text className='t-hero'>宝宝屋</Text>
          <Text className='t-small muted'>
            {profile?.community ? `${profile.community.district} · ${profile.community.name}` : '社区婴幼儿临时托育'}
          </Text>
        </View>
        <Btn className='btn btn--small' onClick={() => setLarge(!large)}>
          {large ? '标准字' : '大字'}
        </Btn>
      </View>

      <PageState page={page} />

      {data && staff && <TodayForStaff sessions={data.today} />}

      {profile && !profile.guardian && !staff && (
        <View className='card section'>
          <Text className='t-title'>欢迎使用宝宝屋</Text>
          <Text className='t-body'>
            社区宝宝屋为本社区的婴幼儿提供免费临时托育、科学育儿指导和亲子活动。请扫描社区宝宝屋的二维码，登记家庭信息后即可预约。
          </Text>
          {process.env.TARO_ENV === 'weapp' && (
            <Btn className='btn btn--primary' onClick={scanToRegister}>
              扫码登记
            </Btn>
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
            <ChildQuota key={c.id} child={c} today={today} policy={profile.policy} />
          ))}
        </View>
      )}

      {profile?.guardian && (
        <View className='section'>
          <View className='section__head'>
            <Text className='t-title'>即将参加</Text>
            <Text className='t-body link' onClick={() => go(ROUTES.bookings)}>
              全部预约
            </Text>
          </View>
          {upcoming.length === 0 ? (
            <Empty text='暂时没有待参加的预约'>
              <Btn className='btn btn--primary' onClick={() => go(ROUTES.sessions)}>
                去预约托育
              </Btn>
            </Empty>
          ) : (
            <UpcomingList bookings={upcoming.slice(0, 3)} />
          )}
        </View>
      )}

      {profile?.guardian && (profile.sites || []).length > 0 && (
        <View className='section'>
          <Text className='t-title'>宝宝屋在哪里</Text>
          {(profile.sites || []).map((s) => (
            <SiteCard key={s.id} site={s} />
          ))}
        </View>
      )}

      {profile && !staff && <ContinueWatching />}

      {profile && (
        <View className='section grid'>
          {profile.guardian && <Entry icon='ticket' label='我的预约' url={ROUTES.bookings} />}
          {staff && <Entry icon='checkin' label='签到工作台' url={ROUTES.workerSessions} />}
          {isAdmin(roles) && <Entry icon='settings' label='社区管理' url={ROUTES.admin} />}
          {hasDevLogin && <Entry icon='switch' label='切换身份' url={ROUTES.devLogin} />}
        </View>
      )}
    </Page>
  )
}
