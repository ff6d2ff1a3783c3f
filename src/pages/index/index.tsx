import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ChildWithQuota, Policy, Session } from '../../../cloudfunctions/shared/contract'
import { getDevOpenid, hasDevLogin } from '../../api/gateway'
import { Btn } from '../../components/Btn'
import { ContinueWatching } from '../../components/continue-watching'
import { Icon, type IconName } from '../../components/Icon'
import { Page } from '../../components/Page'
import { SiteCard } from '../../components/SiteCard'
import { Empty, PageState } from '../../components/States'
import { activeOf } from '../../lib/bookings'
import { childAgeLine } from '../../lib/eligibility'
import { KIND_TEXT, kindOf, titleAfterKind } from '../../lib/kinds'
import { useLargeFont } from '../../lib/fontMode'
import { STATUS_TEXT } from '../../lib/labels'
import { go, ROUTES, withQuery } from '../../lib/nav'
import { formatDay, shanghaiToday } from '../../lib/time'
import { isAdmin, isStaff, useHome } from './useHome'

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

function Entry({ icon, label, url }: { icon: IconName; label: string; url: string }) {
  return (
    <View className='tile' role='button' aria-label={label} onClick={() => go(url)}>
      <View className='tile__icon'>
        <Icon name={icon} className='icon icon--lg' />
      </View>
      <Text className='tile__label'>{label}</Text>
    </View>
  )
}

/** A child: free sessions left this year, or why the child cannot be booked (yet / any more). */
function ChildQuota({ child: c, today, policy }: { child: ChildWithQuota; today: string; policy?: Policy }) {
  const ageLine = childAgeLine(c, today, policy)
  return (
    <View className='card' data-testid={`child-${c.id}`}>
      <View className='row'>
        <Text className='t-title'>{c.name}</Text>
        {!ageLine && (
          <View className='quota'>
            <Text className='quota__num' data-testid={`quota-${c.id}`}>
              {c.quota.remaining}
            </Text>
            <Text className='t-body'>次</Text>
          </View>
        )}
      </View>
      {ageLine ? (
        <Text className='t-body warn' data-testid={`age-${c.id}`}>
          {ageLine}
        </Text>
      ) : (
        <Text className='t-small muted'>
          {c.quota.year} 年还可免费托育 {c.quota.remaining} 次（共 {c.quota.limit} 次，已用 {c.quota.used} 次）
        </Text>
      )}
      {ageLine && (
        <View className='kind-quota' data-testid={`quota-${c.id}-temporary_care`}>
          <Text className='t-body field__label'>{KIND_TEXT.temporary_care}</Text>
          <Text className='t-body'>
            {c.quota.year} 年还可免费托育 <Text className='t-big'>{c.quota.remaining}</Text> 次，到可预约的年龄后使用
          </Text>
        </View>
      )}
      {(c.quotas || [])
        .filter((q) => q.kind !== 'temporary_care')
        .map((q) => (
          <View className='kind-quota' key={q.kind} data-testid={`quota-${c.id}-${q.kind}`}>
            <Text className='t-body field__label'>{KIND_TEXT[q.kind]}</Text>
            <Text className='t-body'>
              {q.year} 年还可免费参加 <Text className='t-big'>{q.remaining}</Text> 次（共 {q.limit} 次，已用 {q.used} 次）
            </Text>
          </View>
        ))}
    </View>
  )
}

/** For staff, the home leads with today's sessions at their community. */
function TodayForStaff({ sessions }: { sessions: Session[] }) {
  return (
    <View className='section' data-testid='staff-today'>
      <View className='section__head'>
        <Text className='t-title'>今天的场次</Text>
        <Text className='t-body link' onClick={() => go(ROUTES.workerSessions)}>
          签到工作台
        </Text>
      </View>
      {sessions.length === 0 && <Empty text='今天没有场次' />}
      {sessions.map((s) => (
        <View className='card' key={s.id} role='button' onClick={() => go(withQuery(ROUTES.workerRoster, { sessionId: s.id }))}>
          <View className='row'>
            <Text className='t-title'>
              {s.start} – {s.end}
            </Text>
            <Icon name='chevron' colour='#6B7280' />
          </View>
          {kindOf(s) !== 'temporary_care' && (
            <Text className='t-body' data-testid={`today-kind-${s.id}`}>
              {KIND_TEXT[kindOf(s)]}
              {s.title ? ` · ${titleAfterKind(s)}` : ''}
            </Text>
          )}
          <Text className='t-body'>
            {s.siteName} · 已约 {s.booked} / {s.capacity} 人{s.waitlisted ? ` · 候补 ${s.waitlisted}` : ''}
          </Text>
        </View>
      ))}
    </View>
  )
}

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
          <Text className='t-body'>社区 1～3 岁的孩子每年可享受免费临时托育。请扫描社区宝宝屋的二维码，登记家庭信息后即可预约。</Text>
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
            upcoming.slice(0, 3).map((b) => (
              <View className='card' key={b.id} role='button' onClick={() => go(ROUTES.bookings)}>
                <View className='row'>
                  <Text className='t-body'>{b.session ? `${formatDay(b.session.date)} ${b.session.start}` : '场次'}</Text>
                  <Text className={`badge badge--${b.status}`}>{STATUS_TEXT[b.status]}</Text>
                </View>
                {b.session && kindOf(b.session) !== 'temporary_care' && (
                  <Text className='t-body' data-testid='upcoming-kind'>
                    {KIND_TEXT[kindOf(b.session)]}
                    {b.session.title ? ` · ${titleAfterKind(b.session)}` : ''}
                  </Text>
                )}
                <Text className='t-small muted'>
                  {b.childName || ''}
                  {b.session?.siteName ? ` · ${b.session.siteName}` : ''}
                </Text>
              </View>
            ))
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
