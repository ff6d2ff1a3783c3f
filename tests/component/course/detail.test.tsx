import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import CourseDetail from '@/course/detail/index'
import { callsTo, mockApi, refuse, taro } from '../support'
import { router, storage } from '../taro-mock'
import { givenCourse, givenEpisode } from './fixtures'

const episodes = [
  givenEpisode({ id: 'e1', title: '一根手指点点点', progress: { positionSec: 24, creditedSec: 24, completed: true } }),
  givenEpisode({ id: 'e2', title: '小手拍拍', durationSec: 30, progress: { positionSec: 12, creditedSec: 12, completed: false } }),
  givenEpisode({ id: 'e3', title: '五只小鸭' }),
]

beforeEach(() => {
  router.params = { courseId: 'c_finger' }
})

describe('course page', () => {
  test('lists the episodes with their progress and offers to continue the first unfinished one', async () => {
    mockApi({ 'course.detail': { course: givenCourse(), episodes } })
    render(<CourseDetail />)
    expect(await screen.findByText('✓ 看完了')).toBeInTheDocument()
    expect(screen.getByText('已看 12 秒 / 共 30 秒 · 上次看到 0:12')).toBeInTheDocument()
    expect(screen.getByText('还没看 · 共 24 秒')).toBeInTheDocument()
    expect(screen.getByText('适合 1岁～2岁 · 共3集 · 看完 1 集')).toBeInTheDocument()
    expect(screen.getByTestId('course-cover')).toHaveAttribute('data-category', 'finger_rhyme')
    expect(screen.getAllByRole('progressbar').map((b) => b.getAttribute('aria-valuenow'))).toEqual(['100', '40', '0'])
    fireEvent.click(screen.getByText('▶ 继续看：小手拍拍'))
    expect(taro.navigateTo).toHaveBeenCalledWith({ url: '/course/player/index?courseId=c_finger&episodeId=e2' })
    fireEvent.click(screen.getByTestId('episode-e3'))
    expect(taro.navigateTo).toHaveBeenLastCalledWith({ url: '/course/player/index?courseId=c_finger&episodeId=e3' })
  })

  test('sends a position the player could not report before loading', async () => {
    storage.set('bh.course.pending', JSON.stringify({ episodeId: 'e2', positionSec: 18 }))
    mockApi({
      'course.progress': { positionSec: 18, creditedSec: 18, completed: false },
      'course.detail': { course: givenCourse(), episodes },
    })
    render(<CourseDetail />)
    await screen.findByText('✓ 看完了')
    expect(callsTo('course.progress')).toEqual([{ episodeId: 'e2', positionSec: 18 }])
    await waitFor(() => expect(storage.has('bh.course.pending')).toBe(false))
  })

  test('an unknown course says so in Chinese', async () => {
    mockApi({ 'course.detail': () => refuse('NOT_FOUND', '没有找到这门课程', 404) })
    render(<CourseDetail />)
    expect(await screen.findByText('没有找到这门课程')).toBeInTheDocument()
  })
})
