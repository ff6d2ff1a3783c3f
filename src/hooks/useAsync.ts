import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { ApiError, toApiError } from '../api/errors'

export interface AsyncState<T> {
  loading: boolean
  data?: T
  error?: ApiError
}

/**
 * Load data for a page: `reload()` (call it from useDidShow) keeps the previous data while refreshing
 * and when a refresh fails (a toast says it failed), and only the latest call's answer is kept.
 */
export function useAsync<T>(loader: () => Promise<T>) {
  const [state, setState] = useState<AsyncState<T>>({ loading: true })
  const loaderRef = useRef(loader)
  loaderRef.current = loader
  const seq = useRef(0)
  const shown = useRef<T | undefined>(undefined)
  shown.current = state.data

  /** `replace`: the answer replaces what is shown (a filter changed), so a failure shows the error screen. */
  const load = useCallback(async (replace: boolean) => {
    const mine = ++seq.current
    setState((s) => ({ loading: true, data: s.data }))
    try {
      const data = await loaderRef.current()
      if (mine === seq.current) setState({ loading: false, data })
    } catch (e) {
      if (mine !== seq.current) return
      const error = toApiError(e)
      if (replace || shown.current === undefined) {
        setState({ loading: false, error })
        return
      }
      // a failed refresh keeps what is on screen (a page never goes blank because the network dropped)
      // and says so; the full error screen is for a page that has nothing to show
      Taro.showToast({ title: `刷新失败：${error.message}`.slice(0, 20), icon: 'none' })
      setState((s) => ({ loading: false, data: s.data, error }))
    }
  }, [])
  const reload = useCallback(() => load(false), [load])
  const replace = useCallback(() => load(true), [load])

  const setData = useCallback((update: (d: T | undefined) => T) => {
    setState((s) => ({ ...s, data: update(s.data) }))
  }, [])

  return { ...state, reload, replace, setData }
}

/**
 * A page's data: loaded whenever the page is shown, and again when one of `deps` (the page's filters,
 * e.g. the chosen week or date) changes after the first render. A filter's data that fails to load is
 * not stood in for by the previous filter's (last week's sessions under "next week").
 */
export function usePageData<T>(loader: () => Promise<T>, deps: unknown[] = []) {
  const page = useAsync(loader)
  useDidShow(() => {
    page.reload()
  })
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    page.replace()
  }, deps) // eslint-disable-line react-hooks/exhaustive-deps
  return page
}

/**
 * One action at a time per page: `run(key, fn)` ignores taps while another action is in flight,
 * and `busy` names the action in flight so its button shows loading and every button stays disabled.
 */
export function useAction() {
  const [busy, setBusy] = useState<string | null>(null)
  const inFlight = useRef(false)
  const run = useCallback(async <R>(key: string, fn: () => Promise<R>): Promise<R | undefined> => {
    if (inFlight.current) return undefined
    inFlight.current = true
    setBusy(key)
    try {
      return await fn()
    } finally {
      inFlight.current = false
      setBusy(null)
    }
  }, [])
  return { busy, run }
}
