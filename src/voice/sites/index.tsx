import { Text, View } from '@tarojs/components'
import type { SiteCard } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { Btn } from '../../components/Btn'
import { GradeBadge } from '../../components/GradeBadge'
import { Page } from '../../components/Page'
import { SiteCard as SiteView } from '../../components/SiteCard'
import { Empty, PageState } from '../../components/States'
import { usePageData } from '../../hooks/useAsync'
import { go, ROUTES, withQuery } from '../../lib/nav'

function RatingLine({ rating }: { rating: SiteCard['rating'] }) {
  if (rating.average === null) {
    return (
      <Text className='t-small muted' data-testid='site-rating'>
        {rating.count ? `已有 ${rating.count} 条评价，满 3 条后显示平均分` : '还没有家长评价'}
      </Text>
    )
  }
  return (
    <Text className='t-body' data-testid='site-rating'>
      家长评价 <Text className='star--on'>★</Text> {rating.average.toFixed(1)} 分（{rating.count} 条）
    </Text>
  )
}

/** The community's sites as parents see them: address, hours, phone, notices, the district's grade and the average rating. */
export default function Sites() {
  const page = usePageData(() => call('booking', 'sites', {}))
  if (!page.data)
    return (
      <Page>
        <PageState page={page} />
      </Page>
    )
  const sites = page.data.sites
  return (
    <Page>
      {sites.length === 0 && <Empty text='登记家庭信息后，这里会显示您社区的宝宝屋。' />}
      {sites.map((s) => (
        <SiteView
          key={s.id}
          site={s}
          header={
            <View>
              <GradeBadge grade={s.grade} inspectedAt={s.inspectedAt} />
              {!s.grade && <Text className='t-small muted'>区里还没有公布检查评级</Text>}
              <RatingLine rating={s.rating} />
            </View>
          }
        >
          <Btn className='btn btn--small' onClick={() => go(withQuery(ROUTES.suggest, { siteId: s.id }))}>
            对这里提建议
          </Btn>
        </SiteView>
      ))}
      <Text className='t-small muted'>评级由区里检查后公布：优秀、良好、合格。评价来自参加过托育的家长，不显示姓名。</Text>
    </Page>
  )
}
