import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { Btn } from '../../components/Btn'
import type { Community } from '../../../cloudfunctions/shared/contract'
import type { ApiError } from '../../api/errors'
import { Page } from '../../components/Page'
import { Empty, PendingPage } from '../../components/States'
import { go } from '../../lib/nav'
import { ADMIN_ROUTES } from '../lib/routes'

/** Which community this admin page works on, with a way back to choose another. */
export function CommunityBar({ community }: { community: Community }) {
  return (
    <View className='admin-bar'>
      <Text className='t-small muted'>当前社区</Text>
      <Text className='t-body admin-bar__name' data-testid='admin-community'>
        {community.district} · {community.name}
      </Text>
    </View>
  )
}

/** Shown when the caller administers no community (or has not chosen one). */
export function NoCommunity() {
  return (
    <Empty text='还没有可以管理的社区。区级管理员可以在管理首页新建社区；社区管理员请联系区级管理员添加。'>
      <Btn className='btn btn--primary' onClick={() => go(ADMIN_ROUTES.home)}>
        回到管理首页
      </Btn>
    </Empty>
  )
}

/**
 * The frame of an admin page that works on one community (data from `useCommunityData`): loading or
 * error, "no community" with the way back, else the community bar above what `children` renders.
 */
export function CommunityPage<T>({
  page,
  loadingText,
  children,
}: {
  page: { loading: boolean; data?: { community: Community | null; data: T | null }; error?: ApiError; reload: () => unknown }
  loadingText?: string
  children: (community: Community, data: T) => ReactNode
}) {
  if (!page.data) return <PendingPage page={page} loadingText={loadingText} />
  const { community, data } = page.data
  if (!community || !data)
    return (
      <Page>
        <NoCommunity />
      </Page>
    )
  return (
    <Page>
      <CommunityBar community={community} />
      {children(community, data)}
    </Page>
  )
}
