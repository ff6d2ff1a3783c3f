import type { Community } from '../../../cloudfunctions/shared/contract'
import { usePageData } from '../../hooks/useAsync'
import { loadAdminCommunities } from './community'

/**
 * Loads the current community, then the page's data for it (null community: the caller administers
 * none). Loads whenever the page is shown, and again when one of `deps` (the page's filters) changes.
 */
export function useCommunityData<T>(loader: (community: Community) => Promise<T>, deps: unknown[] = []) {
  return usePageData(async (): Promise<{ community: Community | null; data: T | null }> => {
    const { current } = await loadAdminCommunities()
    if (!current) return { community: null, data: null }
    return { community: current, data: await loader(current) }
  }, deps)
}
