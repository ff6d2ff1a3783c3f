import { Button, Text, View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { keyboardTap } from './Tappable'

interface BtnProps {
  className?: string
  disabled?: boolean
  loading?: boolean
  onClick?: () => void
}

/**
 * Button with the app's look. Its children never change shape: a spinner that is only shown while
 * `loading`, and the label wrapped in one <Text>, so a label that changes ("提交" → "正在提交…") is a
 * text update inside that wrapper.
 *
 * `loading` is never handed to Taro's Button: in H5 that makes the web component insert its own spinner
 * before a text node React has already replaced, which throws an insertBefore NotFoundError.
 * `disabled` is passed only when true: Taro H5 reflects a false boolean as an attribute
 * (disabled="false"), which its own CSS styles as disabled.
 */
export function Btn({ className = 'btn', disabled, loading, onClick, children }: PropsWithChildren<BtnProps>) {
  return (
    <Button
      className={`${className}${disabled ? ' btn--disabled' : ''}`}
      disabled={disabled ? true : undefined}
      onClick={disabled ? undefined : onClick}
      {...keyboardTap(disabled ? undefined : onClick)}
    >
      <View className={`btn__spinner${loading ? ' btn__spinner--on' : ''}`} aria-hidden />
      <Text className='btn__label'>{children}</Text>
    </Button>
  )
}
