import { Text, View } from '@tarojs/components'
import { call } from '../../api/gateway'
import { GradeBadge } from '../../components/GradeBadge'
import { Empty } from '../../components/States'
import { starsText } from '../../lib/voice'
import { CommunityPage } from '../components/CommunityBar'
import { formatInstant } from '../lib/labels'
import { useCommunityData } from '../lib/useCommunityData'
import '../admin.css'

/** Parents' ratings of visits, per site: average and count, tags, comments (nobody is named). */
export default function Ratings() {
  const page = useCommunityData(async (c) => {
    const [sites, ratings] = await Promise.all([
      call('booking', 'sites', { communityId: c.id }),
      call('admin', 'ratings', { communityId: c.id }),
    ])
    return { sites: sites.sites, ratings: ratings.ratings }
  })
  return (
    <CommunityPage page={page}>
      {(_community, data) => (
        <>
          <Text className='t-small muted'>评价来自签到入托过的家庭，不显示是谁评价的；平均分满 3 条评价后向家长公开。</Text>
          {data.sites.length === 0 && <Empty text='还没有场地' />}
          {data.sites.map((site) => {
            const list = data.ratings.filter((r) => r.siteId === site.id)
            const tags = new Map<string, number>()
            list.forEach((r) => r.tags.forEach((t) => tags.set(t, (tags.get(t) || 0) + 1)))
            const avg = list.length ? list.reduce((n, r) => n + r.stars, 0) / list.length : null
            return (
              <View className='card' key={site.id} data-testid={`ratings-site-${site.id}`}>
                <Text className='t-title'>{site.name}</Text>
                <GradeBadge grade={site.grade} inspectedAt={site.inspectedAt} />
                <Text className='t-body' data-testid='ratings-summary'>
                  {avg === null ? '还没有评价' : `平均 ${avg.toFixed(1)} 星 · ${list.length} 条评价`}
                </Text>
                {tags.size > 0 && (
                  <Text className='t-small muted'>
                    {[...tags.entries()]
                      .sort((a, b) => b[1] - a[1])
                      .map(([t, n]) => `${t} ${n}`)
                      .join(' · ')}
                  </Text>
                )}
                {list.map((r) => (
                  <View key={r.bookingId} className='reply' data-testid='rating-item'>
                    <Text className='t-body'>
                      <Text className='star--on'>{starsText(r.stars)}</Text>
                      {r.tags.length ? ` ${r.tags.join('、')}` : ''}
                    </Text>
                    {r.comment && <Text className='t-body'>{r.comment}</Text>}
                    <Text className='t-small muted'>
                      服务日期 {r.sessionDate} · 评价于 {formatInstant(r.createdAt)}
                    </Text>
                  </View>
                ))}
              </View>
            )
          })}
        </>
      )}
    </CommunityPage>
  )
}
