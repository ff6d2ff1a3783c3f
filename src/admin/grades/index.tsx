import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { Site, SiteGrade } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError, toApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { Segments } from '../../components/Choice'
import { TextField } from '../../components/Field'
import { GradeBadge } from '../../components/GradeBadge'
import { Empty, Notice } from '../../components/States'
import { useAction } from '../../hooks/useAsync'
import { shanghaiToday } from '../../lib/time'
import { GRADE_TEXT } from '../../lib/voice'
import { CommunityPage } from '../components/CommunityBar'
import { useCommunityData } from '../lib/useCommunityData'
import '../admin.css'

interface Draft {
  grade: SiteGrade | ''
  inspectedAt: string
  note: string
}
const GRADES: SiteGrade[] = ['A', 'B', 'C']

/** The district inspects each site and publishes its grade (亮牌公示); parents see it on the site page and session cards. */
export default function Grades() {
  const page = useCommunityData(async (c) => {
    const [profile, sites] = await Promise.all([call('user', 'profile'), call('admin', 'listSites', { communityId: c.id })])
    return { isDistrict: profile.roles.some((r) => r.role === 'district_admin'), sites: sites.sites }
  })
  const { busy, run } = useAction()
  const [drafts, setDrafts] = useState<Record<string, Draft>>({})
  const [failure, setFailure] = useState<{ id: string; error: ApiError } | null>(null)
  const today = shanghaiToday()

  const draftOf = (s: Site): Draft => drafts[s.id] || { grade: s.grade || '', inspectedAt: s.inspectedAt || '', note: s.gradeNote || '' }
  const edit = (s: Site, patch: Partial<Draft>) => setDrafts((d) => ({ ...d, [s.id]: { ...draftOf(s), ...patch } }))

  const save = (s: Site) =>
    run(`grade:${s.id}`, async () => {
      const d = draftOf(s)
      const inspectedAt = d.inspectedAt.trim()
      if (!d.grade || !inspectedAt) {
        setFailure({ id: s.id, error: new ApiError('INVALID_ARGUMENT', '请选择评级并填写检查日期') })
        return
      }
      if (!/^\d{4}-\d{2}-\d{2}$/.test(inspectedAt) || inspectedAt > today) {
        setFailure({ id: s.id, error: new ApiError('INVALID_ARGUMENT', `检查日期请写成 ${today} 这样，且不晚于今天`) })
        return
      }
      setFailure(null)
      try {
        await call('admin', 'setSiteGrade', {
          siteId: s.id,
          grade: d.grade,
          inspectedAt,
          ...(d.note.trim() ? { note: d.note.trim() } : {}),
        })
        Taro.showToast({ title: `已评为${GRADE_TEXT[d.grade]}`, icon: 'none' })
        setDrafts((x) => {
          const { [s.id]: _, ...rest } = x
          return rest
        })
        await page.reload()
      } catch (e) {
        setFailure({ id: s.id, error: toApiError(e) })
      }
    })

  return (
    <CommunityPage page={page}>
      {(_community, data) =>
        !data.isDistrict ? (
          <Empty text='场地评级由区里检查后设定，只有区级管理员可以修改。家长在宝宝屋信息和场次卡片上能看到评级。' />
        ) : (
          <>
            {data.sites.length === 0 && <Empty text='这个社区还没有场地' />}
            {data.sites.map((s) => {
              const d = draftOf(s)
              return (
                <View className='card' key={s.id} data-testid={`grade-site-${s.id}`}>
                  <Text className='t-title'>{s.name}</Text>
                  <Text className='t-small muted'>{s.address}</Text>
                  {s.grade ? <GradeBadge grade={s.grade} inspectedAt={s.inspectedAt} /> : <Text className='t-body muted'>尚未评级</Text>}
                  <Segments
                    options={GRADES.map((g) => ({ value: g, label: GRADE_TEXT[g] }))}
                    value={d.grade}
                    onChange={(g) => edit(s, { grade: g })}
                  />
                  <TextField
                    label='检查日期'
                    value={d.inspectedAt}
                    placeholder={`例如 ${today}`}
                    maxlength={10}
                    onChange={(v) => edit(s, { inspectedAt: v })}
                  />
                  <TextField label='备注（选填）' value={d.note} maxlength={200} onChange={(v) => edit(s, { note: v })} />
                  {failure?.id === s.id && <Notice error={failure.error} />}
                  <Btn className='btn btn--primary' disabled={busy !== null} loading={busy === `grade:${s.id}`} onClick={() => save(s)}>
                    保存评级
                  </Btn>
                </View>
              )
            })}
          </>
        )
      }
    </CommunityPage>
  )
}
