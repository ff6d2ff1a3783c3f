/**
 * The parent's consent to a reminder the day before a booked session (issue 5). Kept apart from the
 * pages: the sessions page calls `askReminder()` as the FIRST thing in its book tap handler and passes
 * the answer as `booking.book {subscribe}`.
 *
 * Platform seam (CONVENTIONS §7):
 *  - weapp: wx.requestSubscribeMessage with the reminder template (and, when configured, the template
 *    for cancellations / waitlist promotions). WeChat only shows the dialog when it is called from a
 *    user's tap, so it must run synchronously inside the tap — before any await. Templates come from
 *    TARO_APP_TMPL_REMINDER and TARO_APP_TMPL_CHANGE; none configured → no dialog, no reminder.
 *  - H5 (local runtime): no WeChat permission exists; reminders go to the outbox the admin views, so
 *    the answer is always yes.
 * Never throws: a refused or failed request simply books without a reminder.
 */
import Taro from '@tarojs/taro'

const isWeapp = process.env.TARO_ENV === 'weapp'

export function reminderTemplates(): string[] {
  return [process.env.TARO_APP_TMPL_REMINDER, process.env.TARO_APP_TMPL_CHANGE].filter((t): t is string => !!t)
}

export function askReminder(): Promise<boolean> {
  if (!isWeapp) return Promise.resolve(true)
  const tmplIds = reminderTemplates()
  const reminder = process.env.TARO_APP_TMPL_REMINDER
  if (!reminder) return Promise.resolve(false)
  return new Promise<boolean>((resolve) => {
    try {
      Taro.requestSubscribeMessage({
        tmplIds,
        entityIds: [],
        success: (res) => resolve((res as Record<string, string>)[reminder] === 'accept'),
        fail: () => resolve(false),
      } as Taro.requestSubscribeMessage.Option)
    } catch (e) {
      resolve(false)
    }
  })
}
