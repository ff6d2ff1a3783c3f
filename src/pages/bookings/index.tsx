import { Text, View } from '@tarojs/components'
import type { Booking } from '../../../cloudfunctions/shared/contract'
import { Btn } from '../../components/Btn'
import { Page } from '../../components/Page'
import { RatingSheet } from '../../components/RatingSheet'
import { Empty, PendingPage, Refreshing } from '../../components/States'
import { go, ROUTES } from '../../lib/nav'
import { formatDay } from '../../lib/time'
import { BookingCard } from './BookingCard'
import { splitBookings, useBookings } from './useBookings'

/** My bookings: status, cancel (consequence stated first), and the check-in code as a QR code. */
export default function Bookings() {
  const { page, busy, cancel, rating, setRating, rated } = useBookings()
  if (!page.data) return <PendingPage page={page} />

  const now = Date.now()
  const { active, history } = splitBookings(page.data.bookings, now)
  const card = (b: Booking, withCode: boolean) => (
    <BookingCard key={b.id} booking={b} withCode={withCode} now={now} busy={busy} onCancel={() => cancel(b)} onRate={() => setRating(b)} />
  )

  return (
    <Page>
      <Refreshing page={page} />
      <Text className='t-title'>待参加</Text>
      {active.length === 0 ? (
        <Empty text='暂时没有待参加的预约'>
          {page.data.registered && (
            <Btn className='btn btn--primary' onClick={() => go(ROUTES.sessions)}>
              去预约托育
            </Btn>
          )}
        </Empty>
      ) : (
        active.map((b) => card(b, true))
      )}
      {history.length > 0 && (
        <View className='section'>
          <Text className='t-title'>历史记录</Text>
          {history.map((b) => card(b, false))}
        </View>
      )}
      {rating && (
        <RatingSheet
          booking={rating}
          title={`${rating.childName || ''} ${rating.session ? `${formatDay(rating.session.date)} ${rating.session.siteName || ''}` : ''}`.trim()}
          onClose={() => setRating(null)}
          onDone={(r) => rated(rating.id, r)}
        />
      )}
    </Page>
  )
}
