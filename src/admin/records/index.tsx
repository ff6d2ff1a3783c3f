import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { call } from '../../api/gateway'
import { Tabs } from '../../components/Choice'
import { Empty } from '../../components/States'
import { CommunityPage } from '../components/CommunityBar'
import { AUDIT_TEXT, formatInstant, NOTICE_TEXT, ROLE_TEXT } from '../lib/labels'
import { useCommunityData } from '../lib/useCommunityData'
import '../admin.css'

type Tab = 'outbox' | 'audit'
const TABS: Array<{ value: Tab; label: string }> = [
  { value: 'outbox', label: '给家长的通知' },
  { value: 'audit', label: '操作日志' },
]

const DETAIL_TEXT: Record<string, (v: unknown) => string> = {
  childName: (v) => `孩子：${v}`,
  sessionText: (v) => `场次：${v}`,
  temperature: (v) => `体温 ${v}℃`,
  feverOverrideReason: (v) => `发热仍入托，原因：${v}`,
  reason: (v) => `原因：${v}`,
  role: (v) => `身份：${ROLE_TEXT[v as 'worker'] || v}`,
  from: (v) => `从 ${v}`,
  to: (v) => `到 ${v}`,
  sessions: (v) => `${v} 个场次`,
  staffName: (v) => (v ? `人员：${v}` : ''),
}

function details(d: Record<string, unknown>): string {
  return Object.entries(d)
    .map(([k, v]) => (DETAIL_TEXT[k] ? DETAIL_TEXT[k](v) : ''))
    .filter(Boolean)
    .join(' · ')
}

/**
 * The outbox (every notice to families: reminders, cancellations, waitlist promotions — in WeChat they
 * go out as subscription messages) and the audit log of staff actions.
 */
export default function Records() {
  const [tab, setTab] = useState<Tab>('outbox')
  const [withReads, setWithReads] = useState(false)
  const page = useCommunityData(
    async (c) => {
      const [outbox, audit] = await Promise.all([
        call('admin', 'outbox', { communityId: c.id, limit: 100 }),
        call('admin', 'auditLog', { communityId: c.id, limit: 100, ...(withReads ? {} : { readOnly: false }) }),
      ])
      return { notifications: outbox.notifications, entries: audit.entries }
    },
    [withReads],
  )

  return (
    <CommunityPage page={page}>
      {(_community, data) => (
        <>
          <Tabs options={TABS} value={tab} onChange={setTab} />

          {tab === 'outbox' && (
            <View data-testid='outbox'>
              <Text className='t-small muted'>最近 100 条。开场提醒在前一天 18:00 起发送给订阅了提醒的家长。</Text>
              {data.notifications.length === 0 && <Empty text='还没有通知' />}
              {data.notifications.map((n) => (
                <View className='card' key={n.id} data-testid='outbox-item'>
                  <View className='row'>
                    <Text className='t-body'>{n.title}</Text>
                    {NOTICE_TEXT[n.kind] && NOTICE_TEXT[n.kind] !== n.title && <Text className='badge'>{NOTICE_TEXT[n.kind]}</Text>}
                  </View>
                  <Text className='t-body'>{n.body}</Text>
                  <Text className='t-small muted'>
                    {formatInstant(n.createdAt)} ·{' '}
                    {n.status === 'skipped' ? '未订阅，未发送' : n.failedAt ? '发送失败' : n.sentAt ? '已发送' : '待发送'}
                  </Text>
                </View>
              ))}
            </View>
          )}

          {tab === 'audit' && (
            <View data-testid='audit-log'>
              <Text className='t-small muted'>签到、离园、导出、取消场次等操作，最近 100 条。</Text>
              <View className='row'>
                <Text className='t-body'>{withReads ? '含“查看名单”记录' : '不含“查看名单”记录'}</Text>
                <Text className='t-body link' data-testid='toggle-reads' onClick={() => setWithReads(!withReads)}>
                  {withReads ? '隐藏查看记录' : '也显示查看记录'}
                </Text>
              </View>
              {data.entries.length === 0 && <Empty text='还没有操作记录' />}
              {data.entries.length > 0 && (
                <View className='card'>
                  {data.entries.map((e) => (
                    <View className='list-row' key={e.id} data-testid='audit-item'>
                      <View className='list-row__main'>
                        <Text className='t-body'>{AUDIT_TEXT[e.action] || e.action}</Text>
                        <Text className='t-small muted'>
                          {e.actorName || (e.actorRole ? ROLE_TEXT.district_admin : '未留名的工作人员')} · {formatInstant(e.at)}
                          {details(e.details) ? ` · ${details(e.details)}` : ''}
                        </Text>
                      </View>
                    </View>
                  ))}
                </View>
              )}
            </View>
          )}
        </>
      )}
    </CommunityPage>
  )
}
