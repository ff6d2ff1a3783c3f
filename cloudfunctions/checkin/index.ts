/** Cloud function `checkin` (WeChat entry). The actions live in ./actions.ts; the local runtime serves the same table. */
import { wxMain } from '../core/wx-main';
import { checkinActions } from './actions';

export const main = wxMain(checkinActions);
