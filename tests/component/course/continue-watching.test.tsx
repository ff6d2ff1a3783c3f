import { act, fireEvent, render, screen } from '@testing-library/react'
import { ContinueWatching } from '@/components/continue-watching'
import { callsTo, mockApi, NETWORK_DOWN, taro } from '../support'
import { givenEpisode, givenRecent } from './fixtures'

describe('continue watching (home)', () => {
  test('lists what to watch next and opens the player there', async () => {
    mockApi({ 'course.recent': { items: [givenRecent()] } })
    render(<ContinueWatching />)
    expect(await screen.findByText('继续观看')).toBeInTheDocument()
    expect(screen.getByText('小手拍拍')).toBeInTheDocument()
    expect(screen.getByText('一根手指点点点 · 看到 0:12')).toBeInTheDocument()
    expect(callsTo('course.recent')).toEqual([{ limit: 3 }])
    expect(screen.getByTestId('course-cover')).toHaveAttribute('data-category', 'finger_rhyme')
    expect(screen.getByTestId('course-cover').getAttribute('src')).toMatch(/^data:image\/svg\+xml/)
    fireEvent.click(screen.getByText('小手拍拍'))
    expect(taro.navigateTo).toHaveBeenCalledWith({ url: '/course/player/index?courseId=c_finger&episodeId=e1' })
  })

  test('an episode left at its end without completing suggests watching again', async () => {
    mockApi({
      'course.recent': {
        items: [givenRecent({ episode: givenEpisode({ progress: { positionSec: 24, creditedSec: 5, completed: false } }) })],
      },
    })
    render(<ContinueWatching />)
    expect(await screen.findByText('一根手指点点点 · 还没看完，从头再看')).toBeInTheDocument()
  })

  test('shows nothing when there is nothing to continue or the request fails', async () => {
    mockApi({ 'course.recent': { items: [] } })
    const empty = render(<ContinueWatching />)
    await act(() => new Promise((r) => setTimeout(r, 20)))
    expect(empty.container).toBeEmptyDOMElement()
    empty.unmount()
    mockApi({ 'course.recent': () => NETWORK_DOWN })
    const failed = render(<ContinueWatching />)
    await act(() => new Promise((r) => setTimeout(r, 20)))
    expect(failed.container).toBeEmptyDOMElement()
  })
})
