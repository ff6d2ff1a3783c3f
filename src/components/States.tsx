import { Text, View } from '@tarojs/components'
import { Btn } from './Btn'
import { hasDevLogin } from '../api/gateway'
import type { ApiError } from '../api/errors'
import { REFUSALS } from '../lib/labels'
import { go, ROUTES } from '../lib/nav'

export function Loading({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className='state state--loading' role='status'>
      <Text className='t-body muted'>{text}</Text>
    </View>
  )
}

export function ErrorBlock({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const refusal = REFUSALS[error.code]
  return (
    <View className='state state--error' role='alert'>
      <Text className='t-title'>{refusal?.title || '加载失败'}</Text>
      <Text className='t-body'>{error.message}</Text>
      {onRetry && (
        <Btn className='btn btn--primary' onClick={onRetry}>
          重试
        </Btn>
      )}
      {hasDevLogin && error.code === 'UNAUTHENTICATED' && (
        <Btn className='btn' onClick={() => go(ROUTES.devLogin)}>
          去登录（开发）
        </Btn>
      )}
    </View>
  )
}

export function Empty({ text, children }: { text: string; children?: React.ReactNode }) {
  return (
    <View className='state state--empty'>
      <Text className='t-body muted'>{text}</Text>
      {children}
    </View>
  )
}

/** A refusal or failure shown in place, in Chinese: what happened and what to do next. */
export function Notice({ error, children }: { error: ApiError; children?: React.ReactNode }) {
  const refusal = REFUSALS[error.code]
  return (
    <View className='notice notice--error' role='alert'>
      <Text className='t-body notice__title'>{refusal?.title || '操作没有成功'}</Text>
      <Text className='t-small'>{error.message}</Text>
      {refusal?.hint && <Text className='t-small muted'>{refusal.hint}</Text>}
      {children}
    </View>
  )
}
