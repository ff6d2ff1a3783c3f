/** Builders for the micro-course component tests (shapes of the course.* contract). */
import type { CourseSummary, Episode, EpisodeProgress, RecentCourseItem } from '../../../cloudfunctions/shared/contract'

export const none: EpisodeProgress = { positionSec: 0, creditedSec: 0, completed: false }

export function givenCourse(over: Partial<CourseSummary> = {}): CourseSummary {
  return {
    id: 'c_finger',
    title: '小手拍拍',
    category: 'finger_rhyme',
    ageMinMonths: 12,
    ageMaxMonths: 24,
    description: '边念儿歌边动手指',
    coverColor: '#F97316',
    episodeCount: 3,
    ...over,
  }
}

export function givenEpisode(over: Partial<Episode> = {}): Episode {
  return { id: 'e1', title: '一根手指点点点', durationSec: 24, videoUrl: '/media/finger-rhyme.mp4', progress: none, ...over }
}

export function givenRecent(over: Partial<RecentCourseItem> = {}): RecentCourseItem {
  const episode = over.episode ?? givenEpisode({ progress: { positionSec: 12, creditedSec: 12, completed: false } })
  return { course: givenCourse(), episode, progress: episode.progress, updatedAt: new Date().toISOString(), ...over }
}
