/**
 * The community the admin is working on: chosen on the admin home page, remembered in storage, shared by
 * every admin page (community admins usually have one; district admins pick one).
 */
import Taro from '@tarojs/taro'
import type { Community } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'

const KEY = 'bh.admin.communityId'

export function rememberedCommunityId(): string {
  try {
    return (Taro.getStorageSync(KEY) as string) || ''
  } catch (e) {
    return ''
  }
}

export function rememberCommunity(id: string): void {
  try {
    Taro.setStorageSync(KEY, id)
  } catch (e) {
    // storage unavailable: the choice lasts for this page only
  }
}

/** The communities the caller administers and the current one (remembered, else the first). */
export async function loadAdminCommunities(): Promise<{ communities: Community[]; current: Community | null }> {
  const { communities } = await call('admin', 'listCommunities')
  const id = rememberedCommunityId()
  const current = communities.find((c) => c.id === id) || communities[0] || null
  if (current && current.id !== id) rememberCommunity(current.id)
  return { communities, current }
}
