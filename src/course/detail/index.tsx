import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect } from 'react'
import type { Episode } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { flushPending } from '../../components/continue-watching/pending'
import { CourseCover } from '../../components/CourseCover'
import { Page } from '../../components/Page'
import { Empty, PageState } from '../../components/States'
import { usePageData } from '../../hooks/useAsync'
import { go, withQuery } from '../../lib/nav'
import { ProgressBar } from '../components/ProgressBar'
import { ageRangeText, CATEGORY_TITLE, COURSE_ROUTES, mmss, percentWatched, spokenDuration, watchedText } from '../lib'
import '../course.css'

async function loadCourse(courseId: string) {
  if (!courseId) throw new ApiError('NOT_FOUND', '没有找到这门课程')
  await flushPending()
  return call('course', 'detail', { courseId })
}

function progressLabel(e: Episode): string {
  if (e.progress.completed) return '✓ 看完了'
  if (e.progress.creditedSec <= 0 && e.progress.positionSec <= 0) return `还没看 · 共 ${spokenDuration(e.durationSec)}`
  return `${watchedText(e.progress, e.durationSec)} · 上次看到 ${mmss(e.progress.positionSec)}`
}

/** One course: its episodes with progress bars; tap an episode to play (it resumes where it stopped). */
export default function CourseDetail() {
  const { courseId = '' } = useRouter().params
  const page = usePageData(() => loadCourse(courseId), [courseId])
  useEffect(() => {
    if (!page.data) return
    try {
      Promise.resolve(Taro.setNavigationBarTitle({ title: page.data.course.title })).catch(() => undefined)
    } catch (e) {
      // the title is a nicety
    }
  }, [page.data])

  const play = (e: Episode) => go(withQuery(COURSE_ROUTES.player, { courseId, episodeId: e.id }))
  const data = page.data
  const next = data?.episodes.find((e) => !e.progress.completed)
  const doneCount = data?.episodes.filter((e) => e.progress.completed).length || 0

  return (
    <Page>
      <PageState page={page} />
      {data && (
        <View>
          <View className='course-hero' style={{ background: data.course.coverColor || '#F97316' }}>
            <CourseCover className='course-hero__cover' category={data.course.category} colour={data.course.coverColor} fullWidth />
            <Text className='t-small'>{CATEGORY_TITLE[data.course.category]}</Text>
            <Text className='t-title'>{data.course.title}</Text>
            <Text className='t-small'>
              {ageRangeText(data.course)} · 共{data.episodes.length}集 · 看完 {doneCount} 集
            </Text>
            {data.course.description && <Text className='t-body'>{data.course.description}</Text>}
          </View>

          {next && (
            <Btn className='btn btn--primary' onClick={() => play(next)}>
              {next.progress.positionSec > 0 ? `▶ 继续看：${next.title}` : `▶ 开始看：${next.title}`}
            </Btn>
          )}
          {!next && data.episodes.length > 0 && <Text className='t-body ok section'>✓ 这门课每一集都看完了！可以再看一遍。</Text>}

          <View className='section'>
            <Text className='t-title'>课程目录</Text>
            {data.episodes.length === 0 && <Empty text='这门课还没有上线的内容' />}
            {data.episodes.map((e, i) => (
              <View className='card ep' key={e.id} data-testid={`episode-${e.id}`} onClick={() => play(e)}>
                <Text className={`ep__num${e.progress.completed ? ' ep__num--done' : ''}`}>{e.progress.completed ? '✓' : i + 1}</Text>
                <View className='ep__info'>
                  <Text className='t-body ep__title'>{e.title}</Text>
                  <ProgressBar percent={percentWatched(e.progress, e.durationSec)} done={e.progress.completed} label={progressLabel(e)} />
                </View>
              </View>
            ))}
          </View>
        </View>
      )}
    </Page>
  )
}
