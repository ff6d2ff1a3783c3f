/**
 * Whether the phone has a network: weapp asks Taro.getNetworkType / onNetworkStatusChange; H5 (the browser
 * build) uses navigator.onLine and the online/offline events (Taro's H5 getNetworkType does not report
 * "none"). A request failing with NETWORK also counts as offline (see useOffline).
 */
import Taro from '@tarojs/taro'

export function watchNetwork(onChange: (online: boolean) => void): () => void {
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
    const on = () => onChange(true)
    const off = () => onChange(false)
    window.addEventListener('online', on)
    window.addEventListener('offline', off)
    if (typeof navigator !== 'undefined' && navigator.onLine === false) onChange(false)
    return () => {
      window.removeEventListener('online', on)
      window.removeEventListener('offline', off)
    }
  }
  const listener = (res: { isConnected: boolean }) => onChange(res.isConnected)
  Taro.onNetworkStatusChange(listener)
  Taro.getNetworkType()
    .then((r) => {
      if (r.networkType === 'none') onChange(false)
    })
    .catch(() => undefined)
  return () => Taro.offNetworkStatusChange?.(listener)
}
