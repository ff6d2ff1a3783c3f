import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'

/**
 * Props that make an element reachable by keyboard in H5 (tabindex; Enter and Space tap it). Taro's
 * H5 Button and View are custom elements that the browser does not focus by themselves; their typings
 * know no tabIndex/onKeyDown, though the H5 element takes them, and WeChat ignores them.
 */
export function keyboardTap(onTap?: () => void): object {
  if (!onTap) return {}
  return {
    tabIndex: 0,
    onKeyDown: (e: { key?: string; preventDefault?: () => void }) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault?.()
        onTap()
      }
    },
  }
}

/**
 * A tappable card or row (not a button-shaped button): role=button, and in H5 reachable by keyboard
 * (see keyboardTap).
 */
export function Tappable({
  className,
  label,
  testId,
  onTap,
  children,
}: PropsWithChildren<{ className: string; label?: string; testId?: string; onTap: () => void }>) {
  return (
    <View className={className} role='button' aria-label={label} data-testid={testId} onClick={onTap} {...keyboardTap(onTap)}>
      {children}
    </View>
  )
}
