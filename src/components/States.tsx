import { Text, View } from '@tarojs/components'
import { Btn } from './Btn'
import { hasDevLogin } from '../api/gateway'
import type { ApiError } from '../api/errors'
import { REFUSALS } from '../lib/labels'
import { go, ROUTES } from '../lib/nav'
import { Page } from './Page'

/** The one loading look: grey placeholder bars (a skeleton) with the words for screen readers. */
export function Loading({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className='state state--loading' role='status' aria-label={text}>
      <View className='skeleton skeleton--title' />
      <View className='skeleton' />
      <View className='skeleton skeleton--short' />
      <Text className='t-small muted'>{text}</Text>
    </View>
  )
}

/**
 * A page's loading and error states from `usePageData`: the skeleton until the first answer, the error
 * (what happened, what to do, 重试) when there is no data to show. Renders nothing once data is there.
 */
export function PageState({
  page,
  loadingText,
}: {
  page: { loading: boolean; data?: unknown; error?: ApiError; reload: () => unknown }
  loadingText?: string
}) {
  if (page.data !== undefined) return null
  if (page.error)
    return (
      <ErrorBlock
        error={page.error}
        onRetry={() => {
          page.reload()
        }}
      />
    )
  if (page.loading) return <Loading text={loadingText} />
  return null
}

/** The whole page while its data is loading or failed to load (with a retry): `PageState` inside `Page`. */
export function PendingPage(props: Parameters<typeof PageState>[0]) {
  return (
    <Page>
      <PageState {...props} />
    </Page>
  )
}

/** A page reloading with its data still on screen: one small line above it (the data stays). */
export function Refreshing({ page }: { page: { loading: boolean; data?: unknown } }) {
  if (!page.loading || page.data === undefined) return null
  return <Text className='t-small muted'>正在刷新…</Text>
}

export function ErrorBlock({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const refusal = REFUSALS[error.code]
  return (
    <View className='state state--error' role='alert'>
      <Text className='t-title'>{refusal?.title || '加载失败'}</Text>
      {error.message !== refusal?.title && <Text className='t-body'>{error.message}</Text>}
      {refusal?.hint && <Text className='t-small muted'>{refusal.hint}</Text>}
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
      {error.message !== refusal?.title && <Text className='t-small'>{error.message}</Text>}
      {refusal?.hint && <Text className='t-small muted'>{refusal.hint}</Text>}
      {children}
    </View>
  )
}
