import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Player from '@/course/player/index'
import { callsTo, mockApi, taro } from '../support'
import { router } from '../taro-mock'
import { givenCourse, givenEpisode } from './fixtures'

const saved = { positionSec: 13.4, creditedSec: 13, completed: false }
const episodes = [
  givenEpisode({ id: 'e1', title: '一根手指点点点', durationSec: 30, progress: saved }),
  givenEpisode({ id: 'e2', title: '小手拍拍' }),
]

/** The server's answer to each report: credited as the test says. */
function givenPlayer(answer: (p: { positionSec: number }) => { creditedSec: number; completed: boolean }) {
  router.params = { courseId: 'c_finger', episodeId: 'e1' }
  mockApi({
    'course.detail': { course: givenCourse(), episodes },
    'course.progress': (p) => ({ positionSec: p.positionSec, ...answer(p as { positionSec: number }) }),
  })
  return render(<Player />)
}

async function theVideo(): Promise<HTMLVideoElement> {
  await screen.findByTestId('player')
  return document.querySelector('video') as HTMLVideoElement
}

function at(video: HTMLVideoElement, t: number) {
  Object.defineProperty(video, 'currentTime', { value: t, configurable: true })
  fireEvent.timeUpdate(video)
}

describe('player', () => {
  test('resumes at the saved position and says so', async () => {
    givenPlayer(() => saved)
    const video = await theVideo()
    expect(video).toHaveAttribute('data-initial-time', '13')
    expect(video).toHaveAttribute('src', '/media/finger-rhyme.mp4')
    expect(screen.getByText('上次看到 0:13，已从这里接着播放。')).toBeInTheDocument()
    // what the server credits, in plain words: no percentages, no "认真"
    expect(screen.getByText('已看 13 秒 / 共 30 秒')).toBeInTheDocument()
  })

  test('reports on play and pause, and shows completion when the server says so', async () => {
    givenPlayer((p) => (p.positionSec >= 28 ? { creditedSec: 28, completed: true } : { creditedSec: p.positionSec, completed: false }))
    const video = await theVideo()
    fireEvent.play(video)
    for (let t = 13.25; t <= 28; t += 0.25) at(video, t)
    fireEvent.pause(video)
    await waitFor(() =>
      expect(callsTo('course.progress')).toEqual([
        { episodeId: 'e1', positionSec: 13 },
        { episodeId: 'e1', positionSec: 28 },
      ]),
    )
    expect(await screen.findByText('✓ 太棒了，本集已学完！')).toBeInTheDocument()
    expect(screen.getByText('✓ 看完了')).toBeInTheDocument()
    expect(screen.queryByText(/^已看/)).not.toBeInTheDocument()
    expect(taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '本集已学完！' }))
    fireEvent.click(screen.getByText('▶ 下一集：小手拍拍'))
    expect(taro.redirectTo).toHaveBeenCalledWith({ url: '/course/player/index?courseId=c_finger&episodeId=e2' })
  })

  test('seeking to the end reports the jump, and no completion is shown when the server does not credit it', async () => {
    givenPlayer(() => saved)
    const video = await theVideo()
    fireEvent.play(video)
    at(video, 15)
    at(video, 29.5)
    fireEvent.ended(video)
    await waitFor(() => expect(callsTo('course.progress').map((c) => c.positionSec)).toEqual([13, 15, 29.5, 30]))
    expect(screen.queryByTestId('done-banner')).not.toBeInTheDocument()
    expect(screen.getByTestId('credited')).toHaveAttribute('data-completed', 'no')
  })

  test('leaving the page reports where it stopped', async () => {
    const view = givenPlayer(() => saved)
    const video = await theVideo()
    fireEvent.play(video)
    at(video, 14)
    at(video, 15.5)
    act(() => view.unmount())
    await waitFor(() => expect(callsTo('course.progress').map((c) => c.positionSec)).toEqual([13, 15.5]))
  })

  test('an unknown episode says so', async () => {
    router.params = { courseId: 'c_finger', episodeId: 'nope' }
    mockApi({ 'course.detail': { course: givenCourse(), episodes } })
    render(<Player />)
    expect(await screen.findByText('没有找到这一集课程')).toBeInTheDocument()
  })
})
