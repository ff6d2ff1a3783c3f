import { useEffect, useRef } from 'react'
import { useDidShow } from '@tarojs/taro'
import type { Community } from '../../../cloudfunctions/shared/contract'
import { useAsync } from '../../hooks/useAsync'
import { loadAdminCommunities } from './community'

/**
 * Loads the current community, then the page's data for it (null community: the caller administers
 * none). Loads whenever the page is shown, and again when one of `deps` (the page's filters) changes.
 */
export function useCommunityData<T>(loader: (community: Community) => Promise<T>, deps: unknown[] = []) {
  const page = useAsync(async (): Promise<{ community: Community | null; data: T | null }> => {
    const { current } = await loadAdminCommunities()
    if (!current) return { community: null, data: null }
    return { community: current, data: await loader(current) }
  })
  useDidShow(() => {
    page.reload()
  })
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    page.reload()
  }, deps) // eslint-disable-line react-hooks/exhaustive-deps
  return page
}
