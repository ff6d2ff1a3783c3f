/** Builds every service from one set of dependencies (the composition root for handlers and tests). */
import type { Deps } from '../deps';
import { AdminService } from './admin';
import { BookingService } from './booking';
import { CheckinService } from './checkin';
import { SchedulerService, type Deliver } from './scheduler';
import { UserService } from './user';

export interface Services {
  deps: Deps;
  booking: BookingService;
  user: UserService;
  checkin: CheckinService;
  admin: AdminService;
  scheduler: SchedulerService;
}

export function createServices(deps: Deps, options: { deliver?: Deliver } = {}): Services {
  const booking = new BookingService(deps);
  return {
    deps,
    booking,
    user: new UserService(deps, booking),
    checkin: new CheckinService(deps, booking),
    admin: new AdminService(deps, booking),
    scheduler: new SchedulerService(deps, options.deliver),
  };
}
