import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import PolicyPage from '@/admin/policy/index'
import { POLICY_FIELDS, POLICY_GROUPS } from '@/admin/lib/labels'
import { callsTo, givenCommunity, givenPolicy, mockApi, type } from '../support'

describe('admin policy: grouped, each value explained', () => {
  test('every policy value sits in exactly one group, with its meaning', async () => {
    mockApi({ 'admin.listCommunities': { communities: [givenCommunity()] }, 'admin.getPolicy': { policy: givenPolicy() } })
    render(<PolicyPage />)
    const first = await screen.findByTestId('policy-group-yearlyFreeSessions')
    expect(within(first).getByText('谁可以参加')).toBeInTheDocument()
    expect(within(first).getByLabelText('每个孩子每年免费次数')).toHaveValue('12')
    expect(within(first).getByText('场次当天达到这个月龄就不能再预约，例如 36 表示不满 3 周岁。')).toBeInTheDocument()
    const grouped = POLICY_GROUPS.flatMap((g) => g.keys)
    expect([...grouped].sort()).toEqual(POLICY_FIELDS.map((f) => f.key).sort())
    expect(new Set(grouped).size).toBe(grouped.length)
    expect(screen.getByTestId('policy-group-noShowLimit')).toHaveTextContent('多次未到')
    for (const f of POLICY_FIELDS) expect(screen.getByText(f.hint)).toBeInTheDocument()
  })
})

describe('admin policy: each service kind', () => {
  const kinds = {
    temporary_care: { yearlyFree: 12, minAgeMonths: 12, maxAgeMonths: 36 },
    parenting_guidance: { yearlyFree: 12, minAgeMonths: 0, maxAgeMonths: 36 },
    parent_class: { yearlyFree: null, minAgeMonths: 0, maxAgeMonths: 72 },
    festival_activity: { yearlyFree: null, minAgeMonths: 0, maxAgeMonths: 72 },
  }
  const given = () =>
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'admin.getPolicy': { policy: givenPolicy({ kinds }) },
      'admin.setPolicy': (p: any) => ({ policy: givenPolicy({ kinds: { ...kinds, ...p.kinds } }) }),
    })

  test('guidance, parent classes and festival activities show their own quota (blank = no quota) and ages', async () => {
    given()
    render(<PolicyPage />)
    const guidance = await screen.findByTestId('kind-policy-parenting_guidance')
    expect(within(guidance).getByLabelText('科学育儿指导免费次数')).toHaveValue('12')
    expect(within(guidance).getByLabelText('科学育儿指导最大月龄')).toHaveValue('36')
    expect(within(screen.getByTestId('kind-policy-festival_activity')).getByLabelText('节日活动免费次数')).toHaveValue('')
    expect(within(screen.getByTestId('kind-policy-parent_class')).getByLabelText('家长课堂最大月龄')).toHaveValue('72')
    // temporary care is edited in the fields above, not twice
    expect(screen.queryByTestId('kind-policy-temporary_care')).not.toBeInTheDocument()
  })

  test('saves only the kinds changed, blank quota as null (no quota); a wrong age range is told in place and nothing is sent', async () => {
    given()
    render(<PolicyPage />)
    await screen.findByTestId('kind-policy-parenting_guidance')
    type('科学育儿指导免费次数', '6')
    type('节日活动最小月龄', '80')
    fireEvent.click(screen.getByText('保存 2 类服务的修改'))
    expect(within(screen.getByTestId('kind-policy-festival_activity')).getByRole('alert')).toHaveTextContent('最大月龄必须大于最小月龄')
    expect(callsTo('admin.setPolicy')).toHaveLength(0)
    type('节日活动最小月龄', '0')
    type('家长课堂免费次数', '')
    type('科学育儿指导免费次数', '')
    fireEvent.click(screen.getByText('保存 1 类服务的修改'))
    await waitFor(() => expect(callsTo('admin.setPolicy')).toHaveLength(1))
    expect(callsTo('admin.setPolicy')[0]).toEqual({
      communityId: 'c1',
      kinds: { parenting_guidance: { yearlyFree: null, minAgeMonths: 0, maxAgeMonths: 36 } },
    })
  })
})
