/** The deployed cloud functions and their action tables (the local runtime serves exactly these). */
import { adminActions } from '../admin/actions';
import { bookingActions } from '../booking/actions';
import { checkinActions } from '../checkin/actions';
import { courseActions } from '../course/actions';
import { userActions } from '../user/actions';
import { FUNCTION_NAMES, type FunctionName, type QualifiedAction } from '../shared/contract';
import type { ActionTable, AnyActionTable } from './handler';

export const FUNCTIONS: { [F in FunctionName]: ActionTable<F> } = {
  user: userActions,
  booking: bookingActions,
  checkin: checkinActions,
  admin: adminActions,
  course: courseActions,
};

/** The table of the function called `name` (as a URL or an event names it), or undefined. */
export function functionTable(name: string): AnyActionTable | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? (FUNCTIONS as Record<string, AnyActionTable>)[name] : undefined;
}

/** Every deployed action by its qualified name, 'user.register' … 'course.recent'. */
export const DEPLOYED_ACTIONS: QualifiedAction[] = FUNCTION_NAMES.flatMap((fn) =>
  Object.keys(FUNCTIONS[fn]).map((a) => `${fn}.${a}` as QualifiedAction),
);
