/** Notifications go to an outbox (the `notifications` collection); a scheduled task delivers them. */
import type { Deps } from '../deps';
import type { UnitOfWork } from './ledger';

export interface Notice {
  openid: string;
  kind: 'waitlist_promoted' | 'session_cancelled' | 'waitlist_closed' | 'reminder' | 'booking_confirmed';
  title: string;
  body: string;
  bookingId?: string;
  communityId?: string;
}

export function notify(uow: UnitOfWork, deps: Deps, notice: Notice): void {
  uow.put('notifications', {
    _id: deps.ids.next('nt'),
    ...notice,
    createdAt: deps.clock.now().toISOString(),
    sentAt: null,
  });
}
