/** The phone's offline state for the worker pages: one queue over Taro storage. */
import Taro from '@tarojs/taro'
import { OfflineQueue, type KV } from './queue'
import { clearRosters } from './roster-cache'

export const taroKV: KV = {
  get: (key) => {
    try {
      return Taro.getStorageSync(key)
    } catch (e) {
      return undefined
    }
  },
  set: (key, value) => Taro.setStorageSync(key, value),
  remove: (key) => Taro.removeStorageSync(key),
}

export const offlineQueue = new OfflineQueue(taroKV)

/** Logout: the roster copies go (queued actions stay until they are synced: nothing recorded is lost). */
export function clearOfflineRosters(): void {
  clearRosters(taroKV)
}
