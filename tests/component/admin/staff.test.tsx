import { fireEvent, render, screen, within } from '@testing-library/react'
import Staff from '@/admin/staff/index'
import { callsTo, givenCommunity, mockApi } from '../support'

const member = {
  communityId: 'c1',
  openid: 'o-worker-12345678',
  role: 'worker' as const,
  name: '李老师',
  createdAt: '2026-11-20T01:00:00.000Z',
}

describe('admin staff: invites and removal', () => {
  test('an invite shows its code and QR; removing someone asks first', async () => {
    mockApi({
      'admin.listCommunities': { communities: [givenCommunity()] },
      'admin.listStaff': { staff: [member], invites: [] },
      'admin.createInvite': {
        invite: {
          code: 'ABCD2345',
          communityId: 'c1',
          role: 'worker',
          createdAt: '',
          expiresAt: '2026-11-29T01:00:00.000Z',
          status: 'pending',
        },
        scene: 'i=ABCD2345',
        path: '',
        url: '',
        pngBase64: 'iVBORw0KGgo=',
      },
      'admin.removeStaff': { removed: true, staff: member },
    })
    render(<Staff />)
    expect(await screen.findByText('李老师')).toBeInTheDocument()
    fireEvent.click(screen.getByText('生成工作人员邀请码'))
    expect(await screen.findByTestId('invite-code')).toHaveTextContent('ABCD 2345')
    expect(callsTo('admin.createInvite')).toEqual([{ communityId: 'c1', role: 'worker' }])

    fireEvent.click(screen.getByText('移除'))
    const sheet = screen.getByTestId('confirm-sheet')
    expect(within(sheet).getByText(/李老师（工作人员）将不能再签到/)).toBeInTheDocument()
    expect(callsTo('admin.removeStaff')).toHaveLength(0)
    fireEvent.click(within(sheet).getByText('确认移除'))
    await screen.findByText('李老师')
    expect(callsTo('admin.removeStaff')).toEqual([{ communityId: 'c1', openid: 'o-worker-12345678' }])
  })
})
