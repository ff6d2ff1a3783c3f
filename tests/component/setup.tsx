/**
 * The one setup file for component tests: jest-dom matchers, and a clean Taro mock (storage, router,
 * every jest.fn) plus a clean large-font cache before each test.
 */
import '@testing-library/jest-dom'
import Taro from '@tarojs/taro'
import { router, storage } from './taro-mock'
import { resetLargeFontCache } from '@/lib/fontMode'

const taro = Taro as unknown as Record<string, any>

const realWarn = console.warn
beforeAll(() => {
  // the gateway logs transport failures; tests provoke them on purpose
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('[gateway]')) return
    realWarn(...args)
  })
})

beforeEach(() => {
  jest.clearAllMocks()
  storage.clear()
  router.params = {}
  resetLargeFontCache()
  taro.showModal.mockImplementation(() => Promise.resolve({ confirm: true, cancel: false }))
  taro.showActionSheet.mockImplementation(() => Promise.resolve({ tapIndex: 0 }))
  taro.request.mockImplementation(() => Promise.reject(new Error('no API mocked for this test')))
})
