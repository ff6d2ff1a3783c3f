/**
 * The one way to hide the tab bar: useHideTabBar(open) hides it while open and brings it back when
 * closed or gone; both bottom sheets (booking, rating) use it.
 */
import { render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { useHideTabBar } from '@/lib/tabBar'
import { RatingSheet } from '@/components/RatingSheet'
import { BookingSheet } from '@/pages/sessions/BookingSheet'

const taro = Taro as unknown as Record<string, jest.Mock>

function Sheet({ open }: { open: boolean }) {
  useHideTabBar(open)
  return null
}

describe('useHideTabBar', () => {
  it('hides the bar while open, shows it again when closed, and never while closed', () => {
    const view = render(<Sheet open={false} />)
    expect(taro.hideTabBar).not.toHaveBeenCalled()
    view.rerender(<Sheet open />)
    expect(taro.hideTabBar).toHaveBeenCalledTimes(1)
    expect(taro.showTabBar).not.toHaveBeenCalled()
    view.rerender(<Sheet open={false} />)
    expect(taro.showTabBar).toHaveBeenCalledTimes(1)
    view.rerender(<Sheet open />)
    view.unmount()
    expect(taro.hideTabBar).toHaveBeenCalledTimes(2)
    expect(taro.showTabBar).toHaveBeenCalledTimes(2)
  })

  it('a platform without a tab bar (the call throws or rejects) changes nothing', () => {
    taro.hideTabBar.mockImplementationOnce(() => {
      throw new Error('no tab bar')
    })
    taro.showTabBar.mockImplementationOnce(() => Promise.reject(new Error('no tab bar')))
    expect(() => render(<Sheet open />).unmount()).not.toThrow()
  })

  it('the booking and the rating sheet hide the bar while shown and bring it back when closed', () => {
    const session = { id: 's1', date: '2026-12-03', start: '09:00', end: '11:00', siteName: '宝宝屋', kind: 'temporary_care' }
    const booking = render(
      <BookingSheet
        session={session as never}
        child={{ id: 'k', name: '小明' } as never}
        waitlist={false}
        nowMs={Date.now()}
        onConfirm={() => undefined}
        onClose={() => undefined}
      />,
    )
    expect(taro.hideTabBar).toHaveBeenCalledTimes(1)
    booking.unmount()
    expect(taro.showTabBar).toHaveBeenCalledTimes(1)
    const rating = render(<RatingSheet booking={{ id: 'b1' } as never} title='评价' onDone={() => undefined} onClose={() => undefined} />)
    expect(taro.hideTabBar).toHaveBeenCalledTimes(2)
    rating.unmount()
    expect(taro.showTabBar).toHaveBeenCalledTimes(2)
  })
})
