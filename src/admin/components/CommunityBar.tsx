import { Text, View } from '@tarojs/components'
import { Btn } from '../../components/Btn'
import type { Community } from '../../../cloudfunctions/shared/contract'
import { Page } from '../../components/Page'
import { Empty, ErrorBlock, Loading } from '../../components/States'
import type { ApiError } from '../../api/errors'
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

/** The whole page while its community data is loading or failed to load (with a retry). */
export function PendingPage({
  page,
  loadingText,
}: {
  page: { loading: boolean; error?: ApiError; reload: () => void }
  loadingText?: string
}) {
  return (
    <Page>
      {page.loading && <Loading text={loadingText} />}
      {page.error && <ErrorBlock error={page.error} onRetry={page.reload} />}
    </Page>
  )
}
