/**
 * The last player position not yet acknowledged by the server, kept in local storage so that a report
 * the page could not send (H5 reload or tab close, lost network) is sent when a course page opens
 * again. The server still decides the credit on its own clock; this only delivers the position.
 */
import Taro from '@tarojs/taro'
import { call } from '../../api/gateway'

const KEY = 'bh.course.pending'

export interface PendingReport {
  episodeId: string
  positionSec: number
}

export function savePending(p: PendingReport): void {
  try {
    Taro.setStorageSync(KEY, JSON.stringify(p))
  } catch (e) {
    // storage unavailable: the periodic reports still work
  }
}

export function readPending(): PendingReport | null {
  try {
    const raw = Taro.getStorageSync(KEY) as string
    if (!raw) return null
    const p = JSON.parse(raw) as PendingReport
    return p && typeof p.episodeId === 'string' && typeof p.positionSec === 'number' ? p : null
  } catch (e) {
    return null
  }
}

/** Forget the pending position once the server has acknowledged `acked` (or anything, when omitted). */
export function clearPending(acked?: PendingReport): void {
  const p = readPending()
  if (!p) return
  if (acked && (p.episodeId !== acked.episodeId || Math.abs(p.positionSec - acked.positionSec) > 0.05)) return
  try {
    Taro.removeStorageSync(KEY)
  } catch (e) {
    // ignore
  }
}

/** Sends a pending report, if any. Refusals (e.g. an episode that no longer exists) drop it; a network failure keeps it. */
export async function flushPending(): Promise<void> {
  const p = readPending()
  if (!p) return
  try {
    await call('course', 'progress', { episodeId: p.episodeId, positionSec: p.positionSec })
    clearPending(p)
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code !== 'NETWORK' && code !== 'BUSY' && code !== 'INTERNAL') clearPending(p)
  }
}
