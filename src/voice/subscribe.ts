/**
 * The family's consent to the "reply to your suggestion" notice (template suggestion_reply). Same seam as
 * src/lib/reminder.ts: in weapp, wx.requestSubscribeMessage must run inside the tap, before any await
 * (template id from TARO_APP_TMPL_SUGGESTION; none configured → no dialog, no notice); in H5 the notice
 * goes to the outbox the admin views, so it counts as accepted. Never throws.
 */
import Taro from '@tarojs/taro'

export function askReplyNotice(): Promise<boolean> {
  if (process.env.TARO_ENV !== 'weapp') return Promise.resolve(true)
  const id = process.env.TARO_APP_TMPL_SUGGESTION
  if (!id) return Promise.resolve(false)
  return new Promise<boolean>((resolve) => {
    try {
      Taro.requestSubscribeMessage({
        tmplIds: [id],
        entityIds: [],
        success: (res) => resolve((res as Record<string, string>)[id] === 'accept'),
        fail: () => resolve(false),
      } as Taro.requestSubscribeMessage.Option)
    } catch {
      resolve(false)
    }
  })
}
