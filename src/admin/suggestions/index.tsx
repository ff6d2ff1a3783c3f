import { Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { AdminSuggestion, SuggestionStatus } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { Tabs } from '../../components/Choice'
import { Empty, Notice, Refreshing } from '../../components/States'
import { useAction } from '../../hooks/useAsync'
import { CATEGORY_TEXT, REPLY_MAX } from '../../lib/voice'
import { CommunityPage } from '../components/CommunityBar'
import { formatInstant } from '../lib/labels'
import { useCommunityData } from '../lib/useCommunityData'
import '../admin.css'

/** Residents' suggestions to the community: open ones to answer (the family shown masked), and those answered. */
export default function Suggestions() {
  const [status, setStatus] = useState<SuggestionStatus>('open')
  const page = useCommunityData((c) => call('admin', 'suggestions', { communityId: c.id, status }), [status])
  const { busy, run } = useAction()
  const [drafts, setDrafts] = useState<Record<string, string>>({})
  const [failure, setFailure] = useState<{ id: string; error: ApiError } | null>(null)

  const reply = (s: AdminSuggestion) =>
    run(`reply:${s.id}`, async () => {
      const text = (drafts[s.id] || '').trim()
      if (!text) {
        setFailure({ id: s.id, error: new ApiError('INVALID_ARGUMENT', '请先写回复内容') })
        return
      }
      setFailure(null)
      try {
        await call('admin', 'replySuggestion', { suggestionId: s.id, reply: text })
        Taro.showToast({ title: '已回复，家长会收到通知', icon: 'none', duration: 2500 })
        setDrafts((d) => ({ ...d, [s.id]: '' }))
        await page.reload()
      } catch (e) {
        setFailure({ id: s.id, error: toApiError(e) })
      }
    })

  return (
    <CommunityPage page={page}>
      {(_community, data) => {
        const list = data.suggestions
        return (
          <>
            <Tabs
              options={[
                { value: 'open' as const, label: '待回复' },
                { value: 'replied' as const, label: '已回复' },
              ]}
              value={status}
              onChange={setStatus}
            />
            <Refreshing page={page} />
            {list.length === 0 && <Empty text={status === 'open' ? '没有待回复的建议' : '还没有回复过的建议'} />}
            {list.map((s) => (
              <View className='card' key={s.id} data-testid={`admin-suggestion-${s.id}`}>
                <View className='row'>
                  <Text className='t-body'>
                    {CATEGORY_TEXT[s.category]}
                    {s.siteName ? ` · ${s.siteName}` : ''}
                  </Text>
                  <Text className='t-small muted'>{formatInstant(s.createdAt)}</Text>
                </View>
                <Text className='t-body'>{s.text}</Text>
                <Text className='t-small muted'>{s.family ? `${s.family.guardianName} · ${s.family.phoneMasked}` : '家庭已注销'}</Text>
                {s.status === 'replied' ? (
                  <View className='reply'>
                    <Text className='t-body'>回复：{s.reply}</Text>
                    <Text className='t-small muted'>{formatInstant(s.repliedAt)}</Text>
                  </View>
                ) : (
                  <View>
                    <Textarea
                      className='textarea'
                      value={drafts[s.id] || ''}
                      maxlength={REPLY_MAX}
                      aria-label='回复内容'
                      placeholder='写给家长的回复（家长会收到通知）'
                      onInput={(e) => setDrafts((d) => ({ ...d, [s.id]: e.detail.value }))}
                    />
                    {failure?.id === s.id && <Notice error={failure.error} />}
                    <Btn className='btn btn--primary' disabled={busy !== null} loading={busy === `reply:${s.id}`} onClick={() => reply(s)}>
                      回复
                    </Btn>
                  </View>
                )}
              </View>
            ))}
          </>
        )
      }}
    </CommunityPage>
  )
}
