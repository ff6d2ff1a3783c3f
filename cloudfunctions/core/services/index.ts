/** Builds every service from one set of dependencies (the composition root for handlers and tests). */
import type { Deps } from '../deps';
import { AdminService } from './admin';
import { BookingService } from './booking';
import { SessionCancellation } from './cancellation';
import { CheckinService } from './checkin';
import { CourseService } from './course';
import { DistrictService } from './district';
import { InviteService } from './invites';
import { ReminderService } from './reminders';
import { SchedulerService, type SchedulerOptions } from './scheduler';
import { wechatDeliver, type Deliver } from './outbox';
import { UserService } from './user';
import { VoiceService } from './voice';

export interface Services {
  deps: Deps;
  booking: BookingService;
  user: UserService;
  checkin: CheckinService;
  admin: AdminService;
  invites: InviteService;
  reminders: ReminderService;
  scheduler: SchedulerService;
  course: CourseService;
  district: DistrictService;
  voice: VoiceService;
  cancellation: SessionCancellation;
}

export function createServices(deps: Deps, options: { deliver?: Deliver; scheduler?: SchedulerOptions } = {}): Services {
  const booking = new BookingService(deps);
  const course = new CourseService(deps);
  const district = new DistrictService(deps);
  const cancellation = new SessionCancellation(deps, booking);
  const admin = new AdminService(deps, booking, course, district, cancellation);
  const reminders = new ReminderService(deps);
  // outbox delivery: the caller's (the local runtime keeps notices in the outbox), else WeChat subscription messages
  const send = deps.platform?.sendSubscribeMessage?.bind(deps.platform);
  const deliver = options.deliver ?? (send ? wechatDeliver(send, deps.config.subscribeTemplates ?? {}) : undefined);
  return {
    deps,
    booking,
    user: new UserService(deps, booking),
    checkin: new CheckinService(deps, booking),
    admin,
    invites: new InviteService(deps, admin),
    reminders,
    scheduler: new SchedulerService(deps, deliver, reminders, options.scheduler, cancellation),
    course,
    district,
    voice: new VoiceService(deps),
    cancellation,
  };
}
