import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { Suggestion, SuggestionCategory } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { type ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { Segments } from '../../components/Choice'
import { Field } from '../../components/Field'
import { Page } from '../../components/Page'
import { Empty, Notice, PageState } from '../../components/States'
import { usePageData } from '../../hooks/useAsync'
import { goHome } from '../../lib/nav'
import { formatYmdCn, CATEGORIES, CATEGORY_TEXT, SUGGESTION_MAX, SUGGESTION_MIN } from '../../lib/voice'
import { askReplyNotice } from '../subscribe'

const when = (iso: string) => formatYmdCn(new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10))

/** Write a suggestion to the community (from 我的, or from a finished visit with its site) and read the replies. */
export default function Suggest() {
  const { params } = useRouter()
  const fromVisit = params.from === 'visit'
  const page = usePageData(async () => {
    const [mine, profile] = await Promise.all([call('user', 'mySuggestions'), call('user', 'profile')])
    return { suggestions: mine.suggestions, registered: !!profile.guardian, sites: profile.sites || [] }
  })
  const [category, setCategory] = useState<SuggestionCategory | ''>(fromVisit ? 'service' : '')
  const [siteId, setSiteId] = useState(params.siteId || '')
  const [text, setText] = useState('')
  const [tried, setTried] = useState(false)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  if (!page.data)
    return (
      <Page>
        <PageState page={page} />
      </Page>
    )
  if (!page.data.registered) {
    return (
      <Page>
        <Empty text='登记家庭信息后才能提建议。'>
          <Btn className='btn btn--primary' onClick={goHome}>
            回到首页
          </Btn>
        </Empty>
      </Page>
    )
  }

  const trimmed = text.trim()
  const textError = trimmed.length < SUGGESTION_MIN ? `请至少写 ${SUGGESTION_MIN} 个字` : ''
  const categoryError = category ? '' : '请选择建议的类别'
  const site = page.data.sites.find((s) => s.id === siteId)

  const submit = () => {
    setTried(true)
    if (textError || categoryError || sending) return
    // the WeChat dialog must open inside the tap, before anything is awaited
    const asking = askReplyNotice()
    setSending(true)
    setError(null)
    void (async () => {
      try {
        const subscribe = await asking
        const { suggestion } = await call('user', 'suggest', {
          category: category as SuggestionCategory,
          text: trimmed,
          ...(siteId ? { siteId } : {}),
          ...(subscribe ? { subscribe } : {}),
        })
        page.setData((d) => ({ ...d!, suggestions: [suggestion, ...d!.suggestions] }))
        setText('')
        setTried(false)
        Taro.showToast({ title: '已提交，社区会尽快回复', icon: 'none', duration: 2500 })
      } catch (e) {
        setError(toApiError(e))
      } finally {
        setSending(false)
      }
    })()
  }

  return (
    <Page>
      <Text className='t-title'>给社区提建议</Text>
      <Text className='t-small muted'>社区管理员会看到您的建议并回复；您的姓名和电话对工作人员只显示部分。</Text>
      <Field label='类别' error={tried ? categoryError : ''}>
        <Segments options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_TEXT[c] }))} value={category} onChange={setCategory} />
      </Field>
      {page.data.sites.length > 0 && (
        <Field label='关于哪个宝宝屋（选填）'>
          <View className='chips'>
            {page.data.sites.map((s) => (
              <View
                key={s.id}
                className={`chip${siteId === s.id ? ' chip--on' : ''}`}
                role='radio'
                aria-checked={siteId === s.id}
                onClick={() => setSiteId(siteId === s.id ? '' : s.id)}
              >
                <Text>{s.name}</Text>
              </View>
            ))}
          </View>
        </Field>
      )}
      <Field label='建议内容' error={tried ? textError : ''} hint={`${trimmed.length}/${SUGGESTION_MAX}`}>
        <Textarea
          className='textarea'
          value={text}
          maxlength={SUGGESTION_MAX}
          aria-label='建议内容'
          placeholder={site ? `关于${site.name}，您想说…` : '例如：希望周末也能开放'}
          onInput={(e) => setText(e.detail.value)}
        />
      </Field>
      {error && <Notice error={error} />}
      <Btn className='btn btn--primary' loading={sending} disabled={sending} onClick={submit}>
        提交建议
      </Btn>

      <View className='section'>
        <Text className='t-title'>我的建议</Text>
        {page.data.suggestions.length === 0 && <Empty text='还没有提过建议' />}
        {page.data.suggestions.map((s: Suggestion) => (
          <View className='card' key={s.id} data-testid={`suggestion-${s.id}`}>
            <View className='row'>
              <Text className='t-body'>
                {CATEGORY_TEXT[s.category]}
                {s.siteName ? ` · ${s.siteName}` : ''}
              </Text>
              <Text className={`badge ${s.status === 'replied' ? 'badge--open' : 'badge--waitlisted'}`}>
                {s.status === 'replied' ? '已回复' : '等待回复'}
              </Text>
            </View>
            <Text className='t-body'>{s.text}</Text>
            <Text className='t-small muted'>{when(s.createdAt)}提交</Text>
            {s.reply && (
              <View className='reply' data-testid='suggestion-reply'>
                <Text className='t-body'>社区回复：{s.reply}</Text>
                {s.repliedAt && <Text className='t-small muted'>{when(s.repliedAt)}</Text>}
              </View>
            )}
          </View>
        ))}
      </View>
    </Page>
  )
}
