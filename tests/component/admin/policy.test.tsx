import { render, screen, within } from '@testing-library/react'
import PolicyPage from '@/admin/policy/index'
import { POLICY_FIELDS, POLICY_GROUPS } from '@/admin/lib/labels'
import { givenCommunity, givenPolicy, mockApi } from '../support'

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
