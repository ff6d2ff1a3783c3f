/** Cloud function `booking` (WeChat entry). The actions live in ./actions.ts; the local runtime serves the same table. */
import { wxMain } from '../core/wx-main';
import { bookingActions } from './actions';

export const main = wxMain(bookingActions);
