/** Cloud function `course` (WeChat entry). The actions live in ./actions.ts; the local runtime serves the same table. */
import { wxMain } from '../core/wx-main';
import { courseActions } from './actions';

export const main = wxMain(courseActions);
