import type { Booking, RoleGrant, Session } from '../../../cloudfunctions/shared/contract'
import { call } from '../../api/gateway'
import { usePageData } from '../../hooks/useAsync'

export const isStaff = (roles: RoleGrant[]) => roles.some((r) => r.role === 'worker' || r.role === 'admin' || r.role === 'district_admin')
export const isAdmin = (roles: RoleGrant[]) => roles.some((r) => r.role === 'admin' || r.role === 'district_admin')

/** The home page's data: the profile, the family's bookings, and for staff today's sessions. */
export function useHome() {
  return usePageData(async () => {
    const profile = await call('user', 'profile')
    const [bookings, today] = await Promise.all([
      profile.guardian ? call('booking', 'mine').then((r) => r.bookings) : Promise.resolve([] as Booking[]),
      isStaff(profile.roles) ? call('checkin', 'sessions', {}).then((r) => r.sessions) : Promise.resolve([] as Session[]),
    ])
    return { profile, bookings, today }
  })
}
