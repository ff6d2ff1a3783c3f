/** Large-font mode for grandparents: persisted in storage, shared by every mounted page. */
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'

const KEY = 'bh.largeFont'
const listeners = new Set<(v: boolean) => void>()
let cached: boolean | null = null

export function getLargeFont(): boolean {
  if (cached === null) {
    try {
      cached = Taro.getStorageSync(KEY) === '1'
    } catch (e) {
      cached = false
    }
  }
  return cached
}

export function setLargeFont(v: boolean): void {
  cached = v
  try {
    Taro.setStorageSync(KEY, v ? '1' : '0')
  } catch (e) {
    // storage full or unavailable: the mode still applies for this run
  }
  listeners.forEach((l) => l(v))
}

/** Test hook: forget the cached value. */
export function resetLargeFontCache(): void {
  cached = null
}

export function useLargeFont(): [boolean, (v: boolean) => void] {
  const [large, setLarge] = useState(getLargeFont)
  useEffect(() => {
    listeners.add(setLarge)
    return () => {
      listeners.delete(setLarge)
    }
  }, [])
  return [large, setLargeFont]
}
