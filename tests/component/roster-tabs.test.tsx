/**
 * The roster's status tabs in 大字 mode: five tabs do not fit one row of a 390 px phone at 40 rpx, so the row
 * wraps (three to a line) instead of squeezing the labels edge to edge. jsdom lays nothing out, so the test
 * checks the two halves that together make the behaviour: the page marks its tab row as wrapping, and the
 * stylesheet the app ships (src/app.css, parsed with postcss) makes that class wrap and keeps tabs ≥ 44 px tall.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fireEvent, render, screen, within } from '@testing-library/react'
import postcss, { type Rule } from 'postcss'
import Roster from '@/worker/roster/index'
import { router, storage } from './taro-mock'
import { givenRosterEntry, givenSession, mockApi, startsIn } from './support'

const FILTER_TABS = ['全部', '待签到', '在园', '已离园', '未到']

function givenRoster() {
  router.params = { sessionId: 's1' }
  mockApi({
    'checkin.roster': {
      roster: [
        givenRosterEntry({ bookingId: 'b1', child: { id: 'k1', name: '小明', ageMonths: 20 } }),
        givenRosterEntry({ bookingId: 'b2', child: { id: 'k2', name: '小红', ageMonths: 30 }, status: 'checked_in' }),
      ],
      session: givenSession({ id: 's1', ...startsIn(-1800_000) }),
      feverCelsius: 37.3,
    },
  })
}

/** The declarations of `selector` in src/app.css (later rules win, as in the browser). */
function declarations(selector: string): Record<string, string> {
  const css = postcss.parse(readFileSync(join(__dirname, '../../src/app.css'), 'utf8'))
  const out: Record<string, string> = {}
  css.walkRules((rule: Rule) => {
    if (rule.selectors.includes(selector)) rule.walkDecls((d) => void (out[d.prop] = d.value))
  })
  return out
}

describe('roster tabs', () => {
  test.each([
    ['大字', '1'],
    ['标准字', '0'],
  ])('in %s mode every filter is a tab in one wrapping row, and the tabs still filter', async (_mode, stored) => {
    storage.set('bh.largeFont', stored)
    givenRoster()
    const { container } = render(<Roster />)
    await screen.findByText('小明')
    expect(container.querySelector('.page')!.classList.contains('page--large')).toBe(stored === '1')
    const row = screen.getByRole('tablist')
    expect(row).toHaveClass('tabs--wrap')
    expect(
      within(row)
        .getAllByRole('tab')
        .map((t) => t.textContent),
    ).toEqual(FILTER_TABS)
    fireEvent.click(within(row).getByRole('tab', { name: '在园' }))
    expect(within(row).getByRole('tab', { name: '在园' })).toHaveAttribute('aria-selected', 'true')
    expect(screen.queryByText('小明')).toBeNull()
    expect(screen.getByText('小红')).toBeInTheDocument()
  })

  test('the stylesheet wraps that row (three tabs a line in 大字) and keeps every tab at least 44 px tall', () => {
    expect(declarations('.tabs--wrap')['flex-wrap']).toBe('wrap')
    expect(declarations('.page--large .tabs--wrap .tab').flex).toBe('1 0 30%')
    // 88 rpx is 45.8 px on a 390 px wide phone (750 rpx = the screen's width)
    const minHeight = parseFloat(declarations('.tab')['min-height'])
    expect((minHeight * 390) / 750).toBeGreaterThanOrEqual(44)
    expect(declarations('.page--large .tabs--wrap .tab')['min-height']).toBeUndefined()
  })
})
