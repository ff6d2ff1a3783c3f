import { Text, Video, View } from '@tarojs/components'
import Taro, { useDidHide, useRouter, useUnload } from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import type { CourseSummary, Episode, EpisodeProgress } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { ApiError } from '../../api/errors'
import { Btn } from '../../components/Btn'
import { flushPending } from '../../components/continue-watching/pending'
import { Page } from '../../components/Page'
import { PageState } from '../../components/States'
import { usePageData } from '../../hooks/useAsync'
import { withQuery } from '../../lib/nav'
import { ProgressBar } from '../components/ProgressBar'
import { COURSE_ROUTES, mmss, percentWatched, spokenDuration, startPosition, videoSrc, watchedText } from '../lib'
import { useProgressReporter } from './useProgressReporter'
import '../course.css'

async function loadEpisode(courseId: string, episodeId: string) {
  if (!courseId || !episodeId) throw new ApiError('NOT_FOUND', '没有找到这一集课程')
  await flushPending()
  const { course, episodes } = await call('course', 'detail', { courseId })
  const index = episodes.findIndex((e) => e.id === episodeId)
  if (index < 0) throw new ApiError('NOT_FOUND', '没有找到这一集课程')
  return { course, episodes, index }
}

interface PlayerProps {
  course: CourseSummary
  episode: Episode
  next?: Episode
}

function EpisodePlayer({ course, episode, next }: PlayerProps) {
  // once per episode: later progress reports must not move the start position
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const start = useMemo(() => startPosition(episode.progress, episode.durationSec), [episode.id])
  const [progress, setProgress] = useState<EpisodeProgress>(episode.progress)
  const [position, setPosition] = useState(start)
  const [videoError, setVideoError] = useState(false)
  const [attempt, setAttempt] = useState(0)
  // eslint-disable-next-line react-hooks/exhaustive-deps -- as the episode opened
  const wasCompleted = useMemo(() => episode.progress.completed, [episode.id])

  const reporter = useProgressReporter(episode.id, start, (p) => {
    setProgress((before) => {
      if (p.completed && !before.completed) Taro.showToast({ title: '本集已学完！', icon: 'success', duration: 2000 })
      return p
    })
  })

  useDidHide(() => {
    reporter.flush()
  })
  useUnload(() => {
    reporter.flush()
  })
  // eslint-disable-next-line react-hooks/exhaustive-deps -- flush once, on unmount
  useEffect(() => () => void reporter.flush(), [])

  const pct = percentWatched(progress, episode.durationSec)
  const goNext = () => next && Taro.redirectTo({ url: withQuery(COURSE_ROUTES.player, { courseId: course.id, episodeId: next.id }) })

  return (
    <View>
      <View className='player__box' data-testid='player'>
        <Video
          key={attempt}
          id='course-video'
          className='player__video'
          src={videoSrc(episode.videoUrl)}
          initialTime={start}
          controls
          showCenterPlayBtn
          showFullscreenBtn
          enableProgressGesture={false}
          objectFit='contain'
          onPlay={() => reporter.onPlay()}
          onPause={() => reporter.onPause()}
          onEnded={() => reporter.onEnded(episode.durationSec)}
          onTimeUpdate={(e) => {
            const t = Number((e.detail as { currentTime?: number }).currentTime)
            reporter.onTime(t)
            setPosition(t)
          }}
          onError={() => setVideoError(true)}
        />
      </View>

      <Text className='t-title section'>{episode.title}</Text>
      <Text className='t-small muted'>
        {course.title} · 时长 {spokenDuration(episode.durationSec)}
      </Text>

      {start > 0 && (
        <View className='resume-note' data-testid='resume-note'>
          <Text className='t-body'>上次看到 {mmss(start)}，已从这里接着播放。</Text>
        </View>
      )}

      {videoError && (
        <View className='notice notice--error' role='alert'>
          <Text className='t-body notice__title'>视频加载失败</Text>
          <Text className='t-small'>请检查网络后重试。</Text>
          <Btn
            className='btn btn--small'
            onClick={() => {
              setVideoError(false)
              setAttempt(attempt + 1)
            }}
          >
            重新加载
          </Btn>
        </View>
      )}

      <View className='card player__status'>
        <View className='row'>
          <Text className='t-body'>学习进度</Text>
          <Text className='t-small muted' data-testid='position'>
            {mmss(position)} / {mmss(episode.durationSec)}
          </Text>
        </View>
        <ProgressBar
          percent={pct}
          done={progress.completed}
          label={progress.completed ? '✓ 看完了' : watchedText(progress, episode.durationSec)}
        />
        <Text
          className='t-small muted'
          data-testid='credited'
          data-credited={progress.creditedSec}
          data-completed={progress.completed ? 'yes' : 'no'}
        >
          快进跳过的部分不算在已看时间里。
        </Text>
      </View>

      {progress.completed && (
        <View className='done-banner' data-testid='done-banner'>
          <Text className='t-body done-banner__title'>✓ {wasCompleted ? '这一集已经学完了' : '太棒了，本集已学完！'}</Text>
          {next ? (
            <Btn className='btn btn--primary' onClick={goNext}>
              ▶ 下一集：{next.title}
            </Btn>
          ) : (
            <Text className='t-small'>这门课的最后一集，可以回到课程目录看看其他课。</Text>
          )}
        </View>
      )}
      {!progress.completed && next && (
        <Btn className='btn' onClick={goNext}>
          下一集：{next.title}
        </Btn>
      )}
      <Btn
        className='btn'
        onClick={() => Taro.navigateBack().catch(() => Taro.redirectTo({ url: withQuery(COURSE_ROUTES.detail, { courseId: course.id }) }))}
      >
        返回课程目录
      </Btn>
    </View>
  )
}

/** The player: resumes at the saved position, reports progress, shows completion. */
export default function Player() {
  const { courseId = '', episodeId = '' } = useRouter().params
  const page = usePageData(() => loadEpisode(courseId, episodeId), [courseId, episodeId])

  const data = page.data
  return (
    <Page>
      <PageState page={page} loadingText='正在打开课程…' />
      {data && (
        <EpisodePlayer
          key={data.episodes[data.index].id}
          course={data.course}
          episode={data.episodes[data.index]}
          next={data.episodes[data.index + 1]}
        />
      )}
    </Page>
  )
}
