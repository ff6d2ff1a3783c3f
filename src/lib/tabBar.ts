import Taro from '@tarojs/taro'
import { useEffect } from 'react'

/** While a bottom sheet is open, hide the tab bar it would sit on (where there is none, nothing happens). */
export function useHiddenTabBar(): void {
  useEffect(() => {
    const set = (what: 'hide' | 'show') => {
      try {
        const fn = what === 'hide' ? Taro.hideTabBar : Taro.showTabBar
        Promise.resolve(fn?.({ animation: false })).catch(() => undefined)
      } catch (e) {
        // no tab bar here
      }
    }
    set('hide')
    return () => set('show')
  }, [])
}
