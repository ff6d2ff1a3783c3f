import { Button } from '@tarojs/components'
import type { PropsWithChildren } from 'react'

interface BtnProps {
  className?: string
  disabled?: boolean
  loading?: boolean
  onClick?: () => void
}

/**
 * Button with the app's look. `disabled`/`loading` are passed only when true: Taro H5 reflects a false
 * boolean as an attribute (disabled="false"), which its own CSS styles as disabled.
 */
export function Btn({ className = 'btn', disabled, loading, onClick, children }: PropsWithChildren<BtnProps>) {
  return (
    <Button
      className={`${className}${disabled ? ' btn--disabled' : ''}`}
      disabled={disabled ? true : undefined}
      loading={loading ? true : undefined}
      onClick={disabled ? undefined : onClick}
    >
      {children}
    </Button>
  )
}
