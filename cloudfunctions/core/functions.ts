/** The deployed cloud functions and their action tables (the local runtime serves exactly these). */
import { adminActions } from '../admin/actions';
import { bookingActions } from '../booking/actions';
import { checkinActions } from '../checkin/actions';
import { courseActions } from '../course/actions';
import { userActions } from '../user/actions';
import type { ActionTable } from './handler';

export const FUNCTIONS: Record<string, ActionTable> = {
  user: userActions,
  booking: bookingActions,
  checkin: checkinActions,
  admin: adminActions,
  course: courseActions,
};
