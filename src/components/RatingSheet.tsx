import { Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import type { Booking } from '../../cloudfunctions/shared/contract'
import { call } from '../api/gateway'
import { type ApiError, toApiError } from '../api/errors'
import { useHideTabBar } from '../lib/tabBar'
import { COMMENT_MAX, RATING_TAGS } from '../lib/voice'
import { Btn } from './Btn'
import { Notice } from './States'

const STAR_WORDS = ['', '很不满意', '不太满意', '一般', '满意', '非常满意']

/** Rate a finished visit once: stars, a few tags, an optional comment. Nobody but the community's admin sees the comment. */
export function RatingSheet({
  booking,
  title,
  onDone,
  onClose,
}: {
  booking: Booking
  title: string
  onDone: (rating: NonNullable<Booking['rating']>) => void
  onClose: () => void
}) {
  useHideTabBar()
  const [stars, setStars] = useState(0)
  const [tags, setTags] = useState<string[]>([])
  const [comment, setComment] = useState('')
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [tried, setTried] = useState(false)
  const toggle = (t: string) => setTags((xs) => (xs.includes(t) ? xs.filter((x) => x !== t) : [...xs, t]))

  const submit = async () => {
    setTried(true)
    if (stars < 1 || sending) return
    setSending(true)
    setError(null)
    try {
      const { rating } = await call('booking', 'rate', {
        bookingId: booking.id,
        stars,
        ...(tags.length ? { tags } : {}),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      })
      onDone(rating)
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setSending(false)
    }
  }

  return (
    <View className='overlay' data-testid='rating-sheet'>
      <View className='sheet' role='dialog' aria-label='评价这次服务'>
        <Text className='t-title'>评价这次服务</Text>
        <Text className='t-small muted'>{title}</Text>
        <View className='stars' role='radiogroup' aria-label='星级'>
          {[1, 2, 3, 4, 5].map((n) => (
            <View
              key={n}
              className={`star${n <= stars ? ' star--on' : ''}`}
              role='radio'
              aria-checked={n === stars}
              aria-label={`${n} 星`}
              onClick={() => setStars(n)}
            >
              <Text>{n <= stars ? '★' : '☆'}</Text>
            </View>
          ))}
        </View>
        <Text className={`t-body${tried && stars < 1 ? ' warn' : ' muted'}`} data-testid='star-words'>
          {stars ? STAR_WORDS[stars] : '请点星星打分'}
        </Text>
        <View className='chips'>
          {RATING_TAGS.map((t) => (
            <View
              key={t}
              className={`chip${tags.includes(t) ? ' chip--on' : ''}`}
              role='checkbox'
              aria-checked={tags.includes(t)}
              onClick={() => toggle(t)}
            >
              <Text>{t}</Text>
            </View>
          ))}
        </View>
        <Textarea
          className='textarea'
          value={comment}
          maxlength={COMMENT_MAX}
          placeholder='想说的话（选填，只有社区管理员能看到）'
          aria-label='评价内容'
          onInput={(e) => setComment(e.detail.value)}
        />
        <Text className='t-small muted'>
          {comment.length}/{COMMENT_MAX} · 评价不显示您的姓名
        </Text>
        {error && <Notice error={error} />}
        <View className='row'>
          <Btn className='btn' disabled={sending} onClick={onClose}>
            取消
          </Btn>
          <Btn className='btn btn--primary' loading={sending} disabled={sending} onClick={submit}>
            提交评价
          </Btn>
        </View>
      </View>
    </View>
  )
}
