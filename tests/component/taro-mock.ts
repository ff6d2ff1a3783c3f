/**
 * @tarojs/taro for component tests (jest `dom` project maps the module here). Every API is a jest.fn;
 * storage is an in-memory map; page hooks run once after mount, like a page shown for the first time.
 */
import { useEffect } from 'react'

export const storage = new Map<string, unknown>()
export const router: { params: Record<string, string> } = { params: {} }

function resolved<T>(v: T) {
  return jest.fn(() => Promise.resolve(v))
}

const Taro = {
  request: jest.fn(),
  getStorageSync: jest.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => {
    storage.set(key, value)
  }),
  removeStorageSync: jest.fn((key: string) => {
    storage.delete(key)
  }),
  showToast: resolved({}),
  showLoading: resolved({}),
  hideLoading: jest.fn(),
  showModal: jest.fn(() => Promise.resolve({ confirm: true, cancel: false })),
  showActionSheet: jest.fn(() => Promise.resolve({ tapIndex: 0 })),
  scanCode: jest.fn(() => Promise.resolve({ result: '' })),
  getNetworkType: resolved({ networkType: 'wifi' }),
  onNetworkStatusChange: jest.fn(),
  offNetworkStatusChange: jest.fn(),
  navigateTo: resolved({}),
  redirectTo: resolved({}),
  reLaunch: resolved({}),
  switchTab: resolved({}),
  hideTabBar: resolved({}),
  showTabBar: resolved({}),
  openLocation: resolved({}),
  setClipboardData: resolved({}),
  makePhoneCall: resolved({}),
  navigateBack: resolved({}),
  stopPullDownRefresh: jest.fn(),
  setNavigationBarTitle: jest.fn(),
  getLaunchOptionsSync: jest.fn(() => ({ path: 'pages/index/index', query: {}, scene: 1001 })),
  getSystemInfoSync: jest.fn(() => ({ windowWidth: 375, windowHeight: 812, platform: 'devtools' })),
  cloud: { init: jest.fn(), callFunction: jest.fn() },
  createVideoContext: jest.fn(() => ({ play: jest.fn(), pause: jest.fn(), seek: jest.fn() })),
}

export type TaroMock = typeof Taro

export function useRouter() {
  return router
}

/** Runs `cb` once after the first render, as Taro runs a page's lifecycle callbacks. */
function useOnce(cb: (...args: any[]) => unknown, ...args: unknown[]) {
  useEffect(() => {
    cb(...args)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, like the page lifecycle
  }, [])
}

export const useLoad = (cb: (params: Record<string, string>) => unknown) => useOnce(cb, router.params)
export const useDidShow = (cb: () => unknown) => useOnce(cb)
export const useReady = (cb: () => unknown) => useOnce(cb)
export const useLaunch = (cb: () => unknown) => useOnce(cb)
export const useDidHide = (_cb: () => unknown) => undefined
export const useUnload = (cb: () => unknown) => {
  // Runs cb on unmount only, like Taro's useUnload.
  const onUnmount = () => () => {
    cb()
  }
  // eslint-disable-next-line react-hooks/exhaustive-deps -- on unmount only
  useEffect(onUnmount, [])
}
export const usePullDownRefresh = (_cb: () => unknown) => undefined
export const useReachBottom = (_cb: () => unknown) => undefined
export const useShareAppMessage = (_cb: () => unknown) => undefined

export default Taro
