import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { TextField } from '../../components/Field'
import { Empty, Notice } from '../../components/States'
import { useAction } from '../../hooks/useAsync'
import { go } from '../../lib/nav'
import { CommunityPage } from '../components/CommunityBar'
import { ADMIN_ROUTES } from '../lib/routes'
import { useCommunityData } from '../lib/useCommunityData'
import { SiteInfoForm } from './SiteInfoForm'
import '../admin.css'

/** The community's baby-house sites with what parents see of them (phone, hours, what to bring, notice), and a form to add one. */
export default function Sites() {
  const page = useCommunityData((c) => call('admin', 'listSites', { communityId: c.id }))
  const { busy, run } = useAction()
  const [name, setName] = useState('')
  const [address, setAddress] = useState('')
  const [capacity, setCapacity] = useState('')
  const [errors, setErrors] = useState<Record<string, string | undefined>>({})
  const [failure, setFailure] = useState<ApiError | null>(null)
  const [editing, setEditing] = useState<string | null>(null)

  return (
    <CommunityPage page={page}>
      {(community, data) => {
        const create = () => {
          const cap = Number(capacity)
          const next = {
            name: name.trim() ? undefined : '请填写场地名称',
            address: address.trim() ? undefined : '请填写地址',
            capacity: Number.isInteger(cap) && cap >= 1 && cap <= 500 ? undefined : '请填写 1–500 之间的整数',
          }
          setErrors(next)
          if (next.name || next.address || next.capacity) return
          return run('create', async () => {
            setFailure(null)
            try {
              await call('admin', 'createSite', { communityId: community.id, name: name.trim(), address: address.trim(), capacity: cap })
              setName('')
              setAddress('')
              setCapacity('')
              Taro.showToast({ title: '场地已添加', icon: 'success' })
              page.reload()
            } catch (e) {
              setFailure(toApiError(e))
            }
          })
        }

        return (
          <>
            <Text className='t-title'>场地</Text>
            {data.sites.length === 0 && <Empty text='还没有场地，请先在下面添加一个宝宝屋场地。' />}
            {data.sites.map((s) => (
              <View className='card' key={s.id} data-testid={`site-${s.id}`}>
                <Text className='t-title'>{s.name}</Text>
                <Text className='t-body'>{s.address}</Text>
                <Text className='t-small muted'>默认每场 {s.capacity} 个名额</Text>
                {editing === s.id ? (
                  <SiteInfoForm
                    site={s}
                    onSaved={() => {
                      setEditing(null)
                      page.reload()
                    }}
                    onCancel={() => setEditing(null)}
                  />
                ) : (
                  <View data-testid={`site-info-${s.id}`}>
                    <Text className='t-body'>电话：{s.tel || '未填写'}</Text>
                    <Text className='t-body'>开放时间：{s.hours || '未填写'}</Text>
                    <Text className='t-body'>请带上：{s.bring || '未填写'}</Text>
                    <Text className={`t-body${s.notice ? ' warn' : ''}`}>通知：{s.notice || '无'}</Text>
                    <Btn className='btn' onClick={() => setEditing(s.id)}>
                      修改电话、开放时间和通知
                    </Btn>
                  </View>
                )}
                <Btn className='btn' onClick={() => go(`${ADMIN_ROUTES.schedule}?siteId=${s.id}`)}>
                  为这个场地排班
                </Btn>
              </View>
            ))}

            <View className='card section'>
              <Text className='t-title'>新增一个场地</Text>
              <TextField
                label='场地名称'
                value={name}
                placeholder='例如：奉浦宝宝屋'
                maxlength={40}
                error={errors.name}
                onChange={setName}
              />
              <TextField
                label='地址'
                value={address}
                placeholder='街道、门牌号、楼层'
                maxlength={100}
                error={errors.address}
                onChange={setAddress}
              />
              <TextField
                label='每场名额'
                value={capacity}
                type='number'
                placeholder='例如：40'
                maxlength={3}
                error={errors.capacity}
                onChange={setCapacity}
              />
              {failure && <Notice error={failure} />}
              <Btn className='btn btn--primary' loading={busy === 'create'} disabled={busy !== null} onClick={create}>
                添加场地
              </Btn>
            </View>
          </>
        )
      }}
    </CommunityPage>
  )
}
