/**
 * The one setup file for component tests: jest-dom matchers, a daytime clock, and a clean Taro mock
 * (storage, router, every jest.fn) plus a clean large-font cache before each test.
 */
import '@testing-library/jest-dom'
import Taro from '@tarojs/taro'
import { router, storage } from './taro-mock'
import { resetLargeFontCache } from '@/lib/fontMode'

const taro = Taro as unknown as Record<string, any>

// The phone's clock (Date.now, all the app reads) runs from midday in Shanghai, still advancing:
// tests build sessions relative to now (support.startsIn), and a run late at night would otherwise
// make "a 2 h session that started 10 min ago" cross midnight and end before it began.
const realNow = Date.now.bind(Date)
const shift = Date.parse('2026-11-26T04:00:00Z') - realNow()
jest.spyOn(Date, 'now').mockImplementation(() => realNow() + shift)

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
