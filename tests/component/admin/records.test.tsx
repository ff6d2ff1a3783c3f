import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Records from '@/admin/records/index'
import { callsTo, givenCommunity, mockApi } from '../support'

const entry = (id: string, action: string, details: Record<string, unknown>, actorName?: string) => ({
  id,
  action,
  actor: `o-${id}-openid-12345`,
  at: '2026-11-20T01:00:00.000Z',
  details,
  ...(actorName ? { actorName } : {}),
})

describe('admin records: an audit log people can read', () => {
  test('entries name the child and session and the staff member; looks are hidden until asked for', async () => {
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'admin.outbox': { notifications: [] },
      'admin.auditLog': (p) => ({
        entries: [
          entry(
            'a1',
            'checkin',
            {
              bookingId: 'bk_x',
              childName: '王*明',
              sessionText: '2026-11-20 09:00–11:00 奉浦宝宝屋',
              temperature: 38.2,
              feverOverrideReason: '医院证明',
            },
            '李老师',
          ),
          entry('a2', 'checkout', { childName: '小*' }),
          ...(p.readOnly === false ? [] : [entry('a3', 'roster.view', { sessionText: '2026-11-20 09:00–11:00 奉浦宝宝屋' }, '李老师')]),
        ],
      }),
    })
    render(<Records />)
    fireEvent.click(await screen.findByText('操作日志'))
    const log = screen.getByTestId('audit-log')
    const items = within(log).getAllByTestId('audit-item')
    expect(items).toHaveLength(2)
    expect(items[0]).toHaveTextContent('李老师')
    expect(items[0]).toHaveTextContent('孩子：王*明')
    expect(items[0]).toHaveTextContent('场次：2026-11-20 09:00–11:00 奉浦宝宝屋')
    expect(items[0]).toHaveTextContent('发热仍入托，原因：医院证明')
    expect(items[1]).toHaveTextContent('未留名的工作人员')
    expect(log).not.toHaveTextContent('openid')
    expect(callsTo('admin.auditLog')[0]).toMatchObject({ readOnly: false })
    fireEvent.click(within(log).getByTestId('toggle-reads'))
    await waitFor(() => expect(within(screen.getByTestId('audit-log')).getAllByTestId('audit-item')).toHaveLength(3))
    expect(callsTo('admin.auditLog').at(-1)!.readOnly).toBeUndefined()
  })
})
