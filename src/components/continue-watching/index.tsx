import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { EpisodeProgress, RecentCourseItem } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { go } from '../../lib/nav'
import { CourseCover } from '../CourseCover'
import { flushPending } from './pending'
import './index.css'

const PLAYER = '/course/player/index'

function mmss(sec: number): string {
  const s = Math.max(0, Math.floor(sec))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

function where(p: EpisodeProgress, durationSec: number): string {
  if (p.positionSec <= 0) return '还没开始'
  if (durationSec - p.positionSec < 1) return '还没看完，从头再看'
  return `看到 ${mmss(p.positionSec)}`
}

/**
 * "Continue watching" on the home page: the courses watched last, each with the episode to watch next.
 * Shows nothing until there is something to continue (and nothing on errors: it is not the page's job).
 */
export function ContinueWatching() {
  const [items, setItems] = useState<RecentCourseItem[]>([])
  const lastLoad = useRef(0)
  const load = useCallback(() => {
    if (Date.now() - lastLoad.current < 1000) return
    lastLoad.current = Date.now()
    flushPending()
      .then(() => call('course', 'recent', { limit: 3 }))
      .then((r) => setItems(r.items))
      .catch(() => setItems([]))
  }, [])
  // on mount (the home page may mount it after its own show event) and whenever the page shows again
  useEffect(load, [load])
  useDidShow(load)
  if (items.length === 0) return null
  return (
    <View className='section' data-testid='continue-watching'>
      <Text className='t-title'>继续观看</Text>
      {items.map(({ course, episode, progress }) => {
        const pct = episode.durationSec ? Math.min(100, Math.round((progress.creditedSec / episode.durationSec) * 100)) : 0
        return (
          <View
            className='card cw'
            key={course.id}
            onClick={() => go(`${PLAYER}?courseId=${encodeURIComponent(course.id)}&episodeId=${encodeURIComponent(episode.id)}`)}
          >
            <View className='cw__cover'>
              <CourseCover className='cw__image' category={course.category} colour={course.coverColor} />
              <Text className='cw__play' aria-hidden='true'>
                ▶
              </Text>
            </View>
            <View className='cw__info'>
              <Text className='t-body cw__title'>{course.title}</Text>
              <Text className='t-small muted'>
                {episode.title} · {where(progress, episode.durationSec)}
              </Text>
              <View className='cw__bar'>
                <View className='cw__bar-fill' style={{ width: `${pct}%` }} />
              </View>
            </View>
          </View>
        )
      })}
    </View>
  )
}
