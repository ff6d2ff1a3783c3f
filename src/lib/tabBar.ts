import Taro from '@tarojs/taro'
import { useEffect } from 'react'

/** Hide or show the tab bar; where there is none (or the platform refuses) nothing happens. */
function setTabBar(what: 'hide' | 'show') {
  try {
    const fn = what === 'hide' ? Taro.hideTabBar : Taro.showTabBar
    Promise.resolve(fn?.({ animation: false })).catch(() => undefined)
  } catch (e) {
    // no tab bar here
  }
}

/**
 * The one way to hide the tab bar: while `open` (a bottom sheet sits where the bar is), the bar is hidden;
 * it comes back when `open` turns false or the component goes away.
 */
export function useHideTabBar(open = true): void {
  useEffect(() => {
    if (!open) return undefined
    setTabBar('hide')
    return () => setTabBar('show')
  }, [open])
}
