import { fireEvent, render, screen } from '@testing-library/react'
import fs from 'node:fs'
import path from 'node:path'
import { Btn } from '@/components/Btn'
import { Tappable } from '@/components/Tappable'
import { ErrorBlock, Loading, PageState } from '@/components/States'
import { ApiError } from '@/api/errors'

/** The app stylesheet, applied to the test document (Taro's rpx is plain px here). */
function withAppCss() {
  const style = document.createElement('style')
  style.textContent = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'app.css'), 'utf8')
  document.head.appendChild(style)
  return () => style.remove()
}

describe('disabled buttons keep a readable label', () => {
  test.each([['btn'], ['btn btn--primary'], ['btn btn--danger']])('%s disabled: grey, label visible, not clickable', (cls) => {
    const remove = withAppCss()
    const tap = jest.fn()
    render(
      <Btn className={cls} disabled onClick={tap}>
        取消
      </Btn>,
    )
    const button = screen.getByText('取消').closest('button')!
    expect(button).toBeDisabled()
    expect(button).toHaveClass('btn--disabled')
    const css = getComputedStyle(button)
    expect(css.color).toBe('rgb(55, 65, 81)')
    expect(css.backgroundColor).toBe('rgb(229, 231, 235)')
    expect(css.opacity === '' || css.opacity === '1').toBe(true)
    button.click()
    expect(tap).not.toHaveBeenCalled()
    remove()
  })
})

describe('a button while it works', () => {
  test('the spinner is its own element and the label keeps its node when it changes', () => {
    const remove = withAppCss()
    const { rerender } = render(
      <Btn className='btn btn--primary' onClick={() => undefined}>
        提交登记
      </Btn>,
    )
    const button = screen.getByRole('button', { name: '提交登记' })
    const label = button.querySelector('.btn__label')!
    const spinner = button.querySelector('.btn__spinner')!
    expect(getComputedStyle(spinner).display).toBe('none')

    rerender(
      <Btn className='btn btn--primary' loading disabled onClick={() => undefined}>
        正在提交…
      </Btn>,
    )
    expect(screen.getByRole('button', { name: '正在提交…' })).toBe(button)
    // the same two children, in the same order: nothing inserted before a replaced node
    expect(button.querySelector('.btn__label')).toBe(label)
    expect(button.querySelector('.btn__spinner')).toBe(spinner)
    expect(Array.from(button.children)).toEqual([spinner, label])
    expect(getComputedStyle(spinner).display).toBe('inline-block')
    // Taro's own loading (a spinner its web component inserts in H5) is never asked for
    expect(button).not.toHaveAttribute('data-loading')

    rerender(
      <Btn className='btn btn--primary' onClick={() => undefined}>
        提交登记
      </Btn>,
    )
    expect(Array.from(button.children)).toEqual([spinner, label])
    expect(getComputedStyle(spinner).display).toBe('none')
    remove()
  })
})

describe('keyboard reach (H5: Taro renders buttons and views as custom elements the browser does not focus)', () => {
  test('a tappable card is focusable and Enter or Space taps it', () => {
    const tap = jest.fn()
    render(
      <Tappable className='card' onTap={tap}>
        我的预约
      </Tappable>,
    )
    const card = screen.getByRole('button', { name: '我的预约' })
    expect(card).toHaveAttribute('tabindex', '0')
    fireEvent.keyDown(card, { key: 'Enter' })
    fireEvent.keyDown(card, { key: ' ' })
    fireEvent.keyDown(card, { key: 'a' })
    expect(tap).toHaveBeenCalledTimes(2)
  })

  test('a button is focusable while it can be tapped, and not once disabled', () => {
    const tap = jest.fn()
    const { rerender } = render(<Btn onClick={tap}>提交</Btn>)
    expect(screen.getByRole('button', { name: '提交' })).toHaveAttribute('tabindex', '0')
    fireEvent.keyDown(screen.getByRole('button', { name: '提交' }), { key: 'Enter' })
    expect(tap).toHaveBeenCalledTimes(1)
    rerender(
      <Btn onClick={tap} disabled>
        提交
      </Btn>,
    )
    expect(screen.getByRole('button', { name: '提交' })).not.toHaveAttribute('tabindex')
  })
})

describe('one set of state components', () => {
  test('loading is a skeleton with words for screen readers', () => {
    render(<Loading />)
    const status = screen.getByRole('status')
    expect(status).toHaveAttribute('aria-label', '正在加载…')
    expect(status.querySelectorAll('.skeleton').length).toBeGreaterThan(0)
  })

  test('an error says what happened and what to do, without repeating the title as the message', () => {
    render(<ErrorBlock error={new ApiError('NETWORK')} onRetry={() => undefined} />)
    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent('网络不太好')
    expect(alert).toHaveTextContent('网络连接失败，请检查网络后重试')
    expect(alert).toHaveTextContent('请检查网络后点“重试”')
    expect(screen.getByText('重试')).toBeInTheDocument()
    const again = render(<ErrorBlock error={new ApiError('FEVER', '体温偏高，不能入托')} />)
    expect(again.getAllByText('体温偏高，不能入托')).toHaveLength(1)
  })

  test('PageState: skeleton first, the error when nothing loaded, nothing once there is data', () => {
    const reload = jest.fn()
    const { rerender, container } = render(<PageState page={{ loading: true, reload }} />)
    expect(screen.getByRole('status')).toBeInTheDocument()
    rerender(<PageState page={{ loading: false, error: new ApiError('FORBIDDEN', '只有社区工作人员可以查看'), reload }} />)
    expect(screen.getByRole('alert')).toHaveTextContent('只有社区工作人员可以查看')
    screen.getByText('重试').click()
    expect(reload).toHaveBeenCalled()
    rerender(<PageState page={{ loading: true, data: {}, reload }} />)
    expect(container).toBeEmptyDOMElement()
  })
})
