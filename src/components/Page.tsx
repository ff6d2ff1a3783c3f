import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { useLargeFont } from '../lib/fontMode'

/** Every page's root: applies the large-font mode. */
export function Page({ children, className }: PropsWithChildren<{ className?: string }>) {
  const [large] = useLargeFont()
  return <View className={`page${large ? ' page--large' : ''}${className ? ` ${className}` : ''}`}>{children}</View>
}
