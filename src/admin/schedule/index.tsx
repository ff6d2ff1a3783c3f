import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { call } from '../../api/gateway'
import { Btn } from '../../components/Btn'
import { Empty, Notice } from '../../components/States'
import { go } from '../../lib/nav'
import { CommunityPage } from '../components/CommunityBar'
import { ADMIN_ROUTES } from '../lib/routes'
import { useCommunityData } from '../lib/useCommunityData'
import { DaysFields, DoneNotice, HolidayOptions, KindFields, PreviewCard, SingleSessionCard, SiteChoice, TimeFields } from './ScheduleCards'
import { useSchedule } from './useSchedule'
import '../admin.css'

/**
 * Weekly schedule: weekdays × time × capacity over a date range, for one service kind with its title and
 * host. China's public holidays are skipped; with "按国家工作日" the official make-up workdays (调休上班日)
 * are scheduled too. Preview first, then create. Or one session on one date. State and calls: useSchedule.
 */
export default function Schedule() {
  const { params } = useRouter()
  const page = useCommunityData((c) => call('admin', 'listSites', { communityId: c.id }))
  const form = useSchedule(params.siteId || '')

  return (
    <CommunityPage page={page}>
      {(_community, data) => {
        if (data.sites.length === 0)
          return (
            <Empty text='还没有场地。请先添加场地，再排班。'>
              <Btn className='btn btn--primary' onClick={() => go(ADMIN_ROUTES.sites)}>
                去添加场地
              </Btn>
            </Empty>
          )
        const site = form.siteOf(data.sites)
        return (
          <View>
            <Text className='t-title'>排班生成</Text>
            <Text className='t-small muted'>按星期批量生成场次。法定节假日自动跳过（依据国务院公布的放假安排）。</Text>
            <SiteChoice form={form} site={site} sites={data.sites} />
            <KindFields form={form} />
            <DaysFields form={form} />
            <TimeFields form={form} site={site} />
            <HolidayOptions form={form} />
            <SingleSessionCard form={form} site={site} />

            {form.formError && (
              <View role='alert'>
                <Text className='t-body danger'>{form.formError}</Text>
              </View>
            )}
            {form.failure && <Notice error={form.failure} />}
            <Btn
              className={`btn${form.preview ? '' : ' btn--primary'}`}
              loading={form.busy === 'preview'}
              disabled={form.busy !== null}
              onClick={() => form.previewPlan(site)}
            >
              预览排班
            </Btn>
            <PreviewCard form={form} site={site} />
            <DoneNotice form={form} />
          </View>
        )
      }}
    </CommunityPage>
  )
}
