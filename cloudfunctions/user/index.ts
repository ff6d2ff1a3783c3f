/** Cloud function `user` (WeChat entry). The actions live in ./actions.ts; the local runtime serves the same table. */
import { wxMain } from '../core/wx-main';
import { userActions } from './actions';

export const main = wxMain(userActions);
