import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Register from '@/pages/register/index'
import type { ParamsOf } from '../../cloudfunctions/shared/contract'
import { router } from './taro-mock'
import {
  callsTo,
  givenChild,
  givenCommunity,
  givenGuardian,
  givenPolicy,
  givenProfile,
  mockApi,
  NETWORK_DOWN,
  pick,
  refuse,
  taro,
  type,
} from './support'

const community = givenCommunity({ name: '奉浦社区', code: 'FP0001' })

function givenNewFamily(extra: Record<string, unknown> = {}) {
  router.params = { scene: encodeURIComponent('c=FP0001') }
  mockApi({
    'user.resolveScene': ({ scene }) => (scene === 'c=FP0001' ? { community } : refuse('NOT_FOUND', '没有找到这个社区', 404)),
    'user.profile': givenProfile({ guardian: null }),
    'user.register': ({ guardian, child }) => ({
      guardian: { id: 'g1', ...guardian, communityId: 'c1' },
      child: { id: 'k9', ...child, communityId: 'c1', pickups: [] },
    }),
    ...extra,
  })
}

async function agreeToRules() {
  await screen.findByText('儿童个人信息保护规则')
  fireEvent.click(screen.getByRole('checkbox'))
  fireEvent.click(screen.getByText('同意并继续'))
}

function fillValidForm() {
  type('您的姓名', '李奶奶')
  type('手机号', '13800138001')
  pick('与孩子的关系', '奶奶')
  type('孩子姓名', '小雨')
  fireEvent.click(screen.getByText('女孩'))
  pick('出生日期', '2025-03-03')
}

describe('register (the community QR landing page)', () => {
  test('resolves the decoded scene and shows the community', async () => {
    givenNewFamily()
    render(<Register />)
    expect(screen.getByText('正在识别社区…')).toBeInTheDocument()
    expect(await screen.findByTestId('community-name')).toHaveTextContent('奉浦社区')
    expect(callsTo('user.resolveScene')).toEqual([{ scene: 'c=FP0001' }])
  })

  test('the consent step comes first: no form and nothing sent before the guardian agrees', async () => {
    givenNewFamily()
    render(<Register />)
    await screen.findByText('儿童个人信息保护规则')
    for (const h of ['我们收集什么', '为什么收集', '保存多久', '您的权利']) expect(screen.getByText(h)).toBeInTheDocument()
    expect(screen.getByText('版本 2026-11')).toBeInTheDocument()
    expect(screen.queryByLabelText('孩子姓名')).not.toBeInTheDocument()
    expect(screen.getByText('同意并继续').closest('button')).toBeDisabled()
    fireEvent.click(screen.getByText('同意并继续'))
    expect(screen.queryByLabelText('孩子姓名')).not.toBeInTheDocument()
    expect(callsTo('user.register')).toHaveLength(0)

    fireEvent.click(screen.getByRole('checkbox'))
    expect(screen.getByText('同意并继续').closest('button')).toBeEnabled()
    fireEvent.click(screen.getByText('同意并继续'))
    expect(screen.getByLabelText('孩子姓名')).toBeInTheDocument()
  })

  test('inline validation: empty and malformed fields are named, and nothing is sent', async () => {
    givenNewFamily()
    render(<Register />)
    await agreeToRules()
    fireEvent.click(screen.getByText('提交登记'))
    for (const msg of ['请填写监护人姓名', '请填写手机号', '请选择与孩子的关系', '请填写孩子姓名', '请选择性别', '请选择出生日期']) {
      expect(screen.getByText(msg)).toBeInTheDocument()
    }
    type('手机号', '12345678901')
    expect(screen.getByText('请填写 11 位手机号，以 13～19 开头')).toBeInTheDocument()
    type('手机号', '13800138001')
    expect(screen.queryByText('请填写 11 位手机号，以 13～19 开头')).not.toBeInTheDocument()
    expect(callsTo('user.register')).toHaveLength(0)
  })

  test('a bad phone is flagged when the field loses focus, before submitting', async () => {
    givenNewFamily()
    render(<Register />)
    await agreeToRules()
    type('手机号', '1380013')
    expect(screen.queryByText('请填写 11 位手机号，以 13～19 开头')).not.toBeInTheDocument()
    fireEvent.blur(screen.getByLabelText('手机号'))
    expect(screen.getByText('请填写 11 位手机号，以 13～19 开头')).toBeInTheDocument()
  })

  test('a child born in the future or over 6 years old is refused inline', async () => {
    givenNewFamily()
    render(<Register />)
    await agreeToRules()
    fillValidForm()
    pick('出生日期', '2999-01-01')
    fireEvent.click(screen.getByText('提交登记'))
    expect(screen.getByText('出生日期不能晚于今天')).toBeInTheDocument()
    pick('出生日期', '2010-01-01')
    expect(screen.getByText('仅可登记 6 岁以下的孩子')).toBeInTheDocument()
    expect(callsTo('user.register')).toHaveLength(0)
  })

  test('registers with the consent record, the guardian and the child', async () => {
    givenNewFamily()
    render(<Register />)
    await agreeToRules()
    fillValidForm()
    fireEvent.click(screen.getByText('提交登记'))
    expect(await screen.findByText('登记成功')).toBeInTheDocument()
    expect(callsTo('user.register')).toEqual([
      {
        communityCode: 'FP0001',
        guardian: { name: '李奶奶', phone: '13800138001', relation: '奶奶' },
        child: { name: '小雨', gender: 'F', birthDate: '2025-03-03' },
        consent: { policyVersion: '2026-11', agreed: true },
      },
    ])
  })

  test("after registering, the child's free sessions and the age rule are the community's own numbers", async () => {
    const policy = givenPolicy({ yearlyFreeSessions: 10, minAgeMonths: 6, maxAgeMonths: 48 })
    let registered = false
    givenNewFamily({
      'user.register': ({ guardian, child }: ParamsOf<'user.register'>) => {
        registered = true
        return { guardian: { id: 'g1', ...guardian, communityId: 'c1' }, child: { id: 'k9', ...child, communityId: 'c1', pickups: [] } }
      },
      'user.profile': () =>
        registered
          ? givenProfile({
              policy,
              children: [
                givenChild({ id: 'k9', name: '小雨', birthDate: '2025-03-03', quota: { year: 2026, used: 0, limit: 10, remaining: 10 } }),
              ],
            })
          : givenProfile({ guardian: null }),
    })
    render(<Register />)
    await agreeToRules()
    fillValidForm()
    fireEvent.click(screen.getByText('提交登记'))
    await waitFor(() =>
      expect(screen.getByTestId('registered-line')).toHaveTextContent(
        '小雨 已登记。2026 年还可免费托育 10 次（满 6 个月、不满 48 个月的孩子可以预约）。',
      ),
    )
    expect(screen.getByTestId('registered-line')).not.toHaveTextContent('12 次')
  })

  test('after registering, a profile that cannot be read leaves out the numbers instead of guessing them', async () => {
    let registered = false
    givenNewFamily({
      'user.register': ({ guardian, child }: ParamsOf<'user.register'>) => {
        registered = true
        return { guardian: { id: 'g1', ...guardian, communityId: 'c1' }, child: { id: 'k9', ...child, communityId: 'c1', pickups: [] } }
      },
      'user.profile': () => (registered ? NETWORK_DOWN : givenProfile({ guardian: null })),
    })
    render(<Register />)
    await agreeToRules()
    fillValidForm()
    fireEvent.click(screen.getByText('提交登记'))
    expect(await screen.findByTestId('registered-line')).toHaveTextContent('小雨 已登记。免费次数和可预约的年龄在首页可以看到。')
  })

  test('the submit button stays disabled while registering', async () => {
    let release!: () => void
    givenNewFamily({
      'user.register': () =>
        new Promise((r) => {
          release = () => r({ guardian: givenGuardian(), child: givenChild() })
        }),
    })
    render(<Register />)
    await agreeToRules()
    fillValidForm()
    fireEvent.click(screen.getByText('提交登记'))
    const busy = await screen.findByText('正在提交…')
    expect(busy.closest('button')).toBeDisabled()
    fireEvent.click(busy)
    expect(callsTo('user.register')).toHaveLength(1)
    await act(async () => release())
    expect(await screen.findByText('登记成功')).toBeInTheDocument()
  })

  test('a server refusal is shown in Chinese next to the form', async () => {
    givenNewFamily({ 'user.register': () => refuse('INVALID_ARGUMENT', '孩子超过 6 岁，不能登记', 400) })
    render(<Register />)
    await agreeToRules()
    fillValidForm()
    fireEvent.click(screen.getByText('提交登记'))
    expect(await screen.findByText('孩子超过 6 岁，不能登记')).toBeInTheDocument()
  })

  test('no scene → says so and offers to type the community code, which then registers there', async () => {
    mockApi({
      'user.resolveScene': ({ scene }) => (scene === 'FP0001' ? { community } : refuse('NOT_FOUND', '没有找到这个社区', 404)),
      'user.profile': givenProfile({ guardian: null }),
    })
    render(<Register />)
    expect(await screen.findByText('没有读到社区二维码')).toBeInTheDocument()
    expect(screen.getByText('这个页面需要从社区宝宝屋的二维码打开。')).toBeInTheDocument()
    expect(screen.queryByText('重试')).not.toBeInTheDocument()
    // a malformed code is refused before anything is sent
    type('社区码', 'FP01')
    fireEvent.click(screen.getByText('查找社区'))
    expect(screen.getByText('社区码是 6 位字母或数字，请对照海报再输一次')).toBeInTheDocument()
    expect(callsTo('user.resolveScene')).toHaveLength(0)
    // typed the way people type: lower case, a space
    type('社区码', 'fp 0001')
    fireEvent.click(screen.getByText('查找社区'))
    expect(await screen.findByTestId('community-name')).toHaveTextContent('奉浦社区')
    expect(callsTo('user.resolveScene')).toEqual([{ scene: 'FP0001' }])
  })

  test('a QR of an unknown community says which code was not found; typing the right one recovers', async () => {
    router.params = { scene: 'c%3DZZZZZZ' }
    mockApi({
      'user.resolveScene': ({ scene }) => (scene === 'FP0001' ? { community } : refuse('NOT_FOUND', '没有找到这个社区', 404)),
      'user.profile': givenProfile({ guardian: null }),
    })
    render(<Register />)
    expect(await screen.findByText('没有找到这个社区')).toBeInTheDocument()
    expect(screen.getByText('社区码 ZZZZZZ 没有对应的社区。')).toBeInTheDocument()
    expect(screen.getByText(/请输入二维码下方印的 6 位社区码/)).toBeInTheDocument()
    type('社区码', 'FP0001')
    fireEvent.click(screen.getByText('查找社区'))
    expect(await screen.findByTestId('community-name')).toHaveTextContent('奉浦社区')
  })

  test('a network failure (not a wrong code) keeps 重试', async () => {
    router.params = { scene: 'c%3DFP0001' }
    mockApi({ 'user.resolveScene': () => NETWORK_DOWN, 'user.profile': givenProfile({ guardian: null }) })
    render(<Register />)
    expect(await screen.findByText('重试')).toBeInTheDocument()
    expect(screen.queryByTestId('no-community')).not.toBeInTheDocument()
    mockApi({ 'user.resolveScene': { community }, 'user.profile': givenProfile({ guardian: null }) })
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByTestId('community-name')).toHaveTextContent('奉浦社区')
  })

  test('an already registered family is offered to add a child (consent ticked first)', async () => {
    router.params = { scene: 'c%3DFP0001' }
    mockApi({
      'user.resolveScene': { community },
      'user.profile': givenProfile(),
      'user.addChild': ({ child }) => ({ child: { id: 'k2', ...child, communityId: 'c1', pickups: [] } }),
    })
    render(<Register />)
    expect(await screen.findByText('您已登记过')).toBeInTheDocument()
    type('孩子姓名', '小红')
    fireEvent.click(screen.getByText('女孩'))
    pick('出生日期', '2025-01-15')
    fireEvent.click(screen.getByText('登记这个孩子'))
    expect(screen.getByText('请先勾选同意')).toBeInTheDocument()
    expect(callsTo('user.addChild')).toHaveLength(0)
    fireEvent.click(screen.getByRole('checkbox'))
    fireEvent.click(screen.getByText('登记这个孩子'))
    await waitFor(() =>
      expect(callsTo('user.addChild')).toEqual([
        { child: { name: '小红', gender: 'F', birthDate: '2025-01-15' }, communityCode: 'FP0001' },
      ]),
    )
    expect(await screen.findByText('登记成功')).toBeInTheDocument()
    expect(taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '登记成功' }))
  })
})
