import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { TextField } from '../../components/Field'
import { Page } from '../../components/Page'
import { Empty, Notice, PendingPage } from '../../components/States'
import { useAction, usePageData } from '../../hooks/useAsync'
import { go } from '../../lib/nav'
import { AdminTile, type AnyIconName } from '../components/AdminIcon'
import { loadAdminCommunities, rememberCommunity } from '../lib/community'
import { ROLE_TEXT } from '../lib/labels'
import { ADMIN_ROUTES } from '../lib/routes'
import '../admin.css'

const MENU: Array<{ icon: AnyIconName; label: string; url: string; testid: string }> = [
  { icon: 'schedule', label: '排班生成', url: ADMIN_ROUTES.schedule, testid: 'menu-schedule' },
  { icon: 'calendar', label: '场次管理', url: ADMIN_ROUTES.sessions, testid: 'menu-sessions' },
  { icon: 'building', label: '场地', url: ADMIN_ROUTES.sites, testid: 'menu-sites' },
  { icon: 'qr', label: '社区二维码', url: ADMIN_ROUTES.qr, testid: 'menu-qr' },
  { icon: 'users', label: '工作人员', url: ADMIN_ROUTES.staff, testid: 'menu-staff' },
  { icon: 'shield', label: '预约规则', url: ADMIN_ROUTES.policy, testid: 'menu-policy' },
  { icon: 'chart', label: '统计报表', url: ADMIN_ROUTES.stats, testid: 'menu-stats' },
  { icon: 'log', label: '通知与日志', url: ADMIN_ROUTES.records, testid: 'menu-records' },
  { icon: 'message', label: '居民建议', url: ADMIN_ROUTES.suggestions, testid: 'menu-suggestions' },
  { icon: 'star', label: '服务评价', url: ADMIN_ROUTES.ratings, testid: 'menu-ratings' },
]

/** District admins only: every community on one page, and the district's holiday calendar. */
const DISTRICT_MENU: Array<{ icon: AnyIconName; label: string; url: string; testid: string }> = [
  { icon: 'map', label: '区级总览', url: ADMIN_ROUTES.district, testid: 'menu-district' },
  { icon: 'holiday', label: '节假日设置', url: ADMIN_ROUTES.holidays, testid: 'menu-holidays' },
  { icon: 'award', label: '场地评级', url: ADMIN_ROUTES.grades, testid: 'menu-grades' },
]

async function load() {
  const profile = await call('user', 'profile')
  const isDistrict = profile.roles.some((r) => r.role === 'district_admin')
  const isAdmin = isDistrict || profile.roles.some((r) => r.role === 'admin')
  if (!isAdmin) return { profile, isDistrict, isAdmin, communities: [], current: null }
  return { profile, isDistrict, isAdmin, ...(await loadAdminCommunities()) }
}

/** Admin console home: choose the community, create one (district admins), and the console's sections. */
export default function AdminHome() {
  const page = usePageData(load)
  const { busy, run } = useAction()
  const [creating, setCreating] = useState(false)
  const [name, setName] = useState('')
  const [district, setDistrict] = useState('')
  const [formError, setFormError] = useState<ApiError | null>(null)
  const [fieldErrors, setFieldErrors] = useState<{ name?: string; district?: string }>({})

  const choose = (id: string) => {
    rememberCommunity(id)
    page.reload()
  }

  const create = () => {
    const errors = { name: name.trim() ? undefined : '请填写社区名称', district: district.trim() ? undefined : '请填写所属区县' }
    setFieldErrors(errors)
    if (errors.name || errors.district) return
    return run('create', async () => {
      setFormError(null)
      try {
        const { community } = await call('admin', 'createCommunity', { name: name.trim(), district: district.trim() })
        rememberCommunity(community.id)
        setCreating(false)
        setName('')
        setDistrict('')
        Taro.showToast({ title: '社区已创建', icon: 'success' })
        page.reload()
      } catch (e) {
        setFormError(toApiError(e))
      }
    })
  }

  if (!page.data) return <PendingPage page={page} />

  const { isAdmin, isDistrict, communities, current, profile } = page.data
  if (!isAdmin) {
    return (
      <Page>
        <Empty text='管理后台只对社区管理员和区级管理员开放。社区工作人员可以用管理员给的邀请码加入社区。'>
          <Btn className='btn btn--primary' onClick={() => go(ADMIN_ROUTES.join)}>
            我有邀请码
          </Btn>
        </Empty>
      </Page>
    )
  }

  const myRole = isDistrict ? ROLE_TEXT.district_admin : ROLE_TEXT.admin
  return (
    <Page>
      <Text className='t-hero'>宝宝屋管理</Text>
      <Text className='t-small muted'>
        您的身份：{myRole}
        {profile.roles.length > 1 && !isDistrict ? `（${profile.roles.length} 个社区）` : ''}
      </Text>

      <View className='section'>
        <Text className='t-title'>选择社区</Text>
        {communities.length === 0 ? (
          <Empty text={isDistrict ? '还没有社区，请先新建一个社区。' : '还没有可以管理的社区。'} />
        ) : (
          <View className='chips' role='radiogroup'>
            {communities.map((c) => (
              <View
                key={c.id}
                className={`chip${current?.id === c.id ? ' chip--on' : ''}`}
                role='radio'
                aria-checked={current?.id === c.id}
                onClick={() => choose(c.id)}
              >
                <Text>{c.name}</Text>
              </View>
            ))}
          </View>
        )}
        {current && (
          <View className='admin-bar'>
            <Text className='t-body admin-bar__name' data-testid='admin-community'>
              {current.district} · {current.name}
            </Text>
            <Text className='t-small muted'>社区码 {current.code}（家长扫码登记时使用）</Text>
          </View>
        )}
        {isDistrict && !creating && (
          <Btn className='btn' onClick={() => setCreating(true)}>
            ＋ 新建社区
          </Btn>
        )}
        {isDistrict && creating && (
          <View className='card section'>
            <Text className='t-title'>新建社区</Text>
            <TextField
              label='社区名称'
              value={name}
              placeholder='例如：奉浦社区'
              maxlength={40}
              error={fieldErrors.name}
              onChange={setName}
            />
            <TextField
              label='所属区县'
              value={district}
              placeholder='例如：上海市奉贤区'
              maxlength={40}
              error={fieldErrors.district}
              onChange={setDistrict}
            />
            {formError && <Notice error={formError} />}
            <Btn className='btn btn--primary' loading={busy === 'create'} disabled={busy !== null} onClick={create}>
              创建社区
            </Btn>
            <Btn className='btn' disabled={busy !== null} onClick={() => setCreating(false)}>
              取消
            </Btn>
          </View>
        )}
      </View>

      {isDistrict && (
        <View className='section grid'>
          {DISTRICT_MENU.map((m) => (
            <AdminTile key={m.url} icon={m.icon} label={m.label} testid={m.testid} onClick={() => go(m.url)} />
          ))}
        </View>
      )}

      {current && (
        <View className='section grid'>
          {MENU.map((m) => (
            <AdminTile key={m.url} icon={m.icon} label={m.label} testid={m.testid} onClick={() => go(m.url)} />
          ))}
        </View>
      )}
    </Page>
  )
}
