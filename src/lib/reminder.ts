/**
 * The parent's consent to notices about a booking: the reminder the day before, a change (session
 * cancelled) and the waitlist result. Kept apart from the pages: the sessions page calls
 * `askSubscriptions()` as the FIRST thing in its book tap handler and passes the accepted templates as
 * `booking.book {templates}` (and `subscribe: true` when the reminder was accepted). The server sends a
 * notice only for a template accepted here.
 *
 * Platform seam:
 *  - weapp: wx.requestSubscribeMessage with the configured templates (at most 3 per call). WeChat only
 *    shows the dialog when it is called from a user's tap, so it must run synchronously inside the tap —
 *    before any await. Template ids come from TARO_APP_TMPL_REMINDER / _CHANGE / _WAITLIST; none
 *    configured → no dialog, no notices.
 *  - H5 (local runtime): no WeChat permission exists; notices go to the outbox the admin views, so every
 *    template counts as accepted.
 * Never throws: a refused or failed request simply books without notices.
 */
import Taro from '@tarojs/taro'

export type BookingTemplate = 'reminder' | 'booking_change' | 'waitlist_result'

const isWeapp = process.env.TARO_ENV === 'weapp'

/** Configured template ids by template kind (build-time constants). */
export function templateIds(): Array<[BookingTemplate, string]> {
  const ids: Array<[BookingTemplate, string | undefined]> = [
    ['reminder', process.env.TARO_APP_TMPL_REMINDER],
    ['booking_change', process.env.TARO_APP_TMPL_CHANGE],
    ['waitlist_result', process.env.TARO_APP_TMPL_WAITLIST],
  ]
  return ids.filter((e): e is [BookingTemplate, string] => !!e[1])
}

export function reminderTemplates(): string[] {
  return templateIds().map(([, id]) => id)
}

export function askSubscriptions(): Promise<BookingTemplate[]> {
  if (!isWeapp) return Promise.resolve(['reminder', 'booking_change', 'waitlist_result'])
  const ids = templateIds()
  if (ids.length === 0) return Promise.resolve([])
  return new Promise<BookingTemplate[]>((resolve) => {
    try {
      Taro.requestSubscribeMessage({
        tmplIds: ids.map(([, id]) => id),
        entityIds: [],
        success: (res) => resolve(ids.filter(([, id]) => (res as Record<string, string>)[id] === 'accept').map(([kind]) => kind)),
        fail: () => resolve([]),
      } as Taro.requestSubscribeMessage.Option)
    } catch (e) {
      resolve([])
    }
  })
}

/** Whether the day-before reminder was accepted (kept for callers that only need that). */
export async function askReminder(): Promise<boolean> {
  return (await askSubscriptions()).includes('reminder')
}
