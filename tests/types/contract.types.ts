/**
 * Compile-time checks of the contract typing, run by `npm run typecheck` (never by jest): each
 * `@ts-expect-error` line below must fail to compile, so if the typing loosens, typecheck fails with
 * "Unused '@ts-expect-error' directive". See docs/contract.md.
 */
import { z } from 'zod';
import { courseActions } from '../../cloudfunctions/course/actions';
import { action, type ActionTable } from '../../cloudfunctions/core/handler';
import { AUTHZ_MATRIX, type AuthzRow } from '../../cloudfunctions/core/authz-matrix';
import type { DataOf, QualifiedAction } from '../../cloudfunctions/shared/contract';
import { call } from '../../src/api/gateway';

const anyInput = z.object({});

// A table whose actions answer what the contract says compiles.
export const good: ActionTable<'course'> = {
  ...courseActions,
  recent: action({ input: anyInput, run: async () => ({ items: [] }) }),
};

export const wrongData: ActionTable<'course'> = {
  ...courseActions,
  // @ts-expect-error course.recent must answer { items: RecentCourseItem[] }, not a string
  recent: action({ input: anyInput, run: async () => ({ items: 'none' }) }),
};

export const wrongShape: ActionTable<'course'> = {
  ...courseActions,
  // @ts-expect-error course.progress must answer EpisodeProgress; a field is missing
  progress: action({ input: anyInput, run: async () => ({ positionSec: 1, creditedSec: 1 }) }),
};

// @ts-expect-error a table must have every action of its function (recent is missing)
export const missing: ActionTable<'course'> = { list: courseActions.list, detail: courseActions.detail, progress: courseActions.progress };

export const extra: ActionTable<'course'> = {
  ...courseActions,
  // @ts-expect-error a table cannot serve an action the contract does not list
  rate: action({ input: anyInput, run: async () => ({}) }),
};

// @ts-expect-error every qualified action of the contract needs an authz row
export const missingRow: Record<QualifiedAction, AuthzRow> = { 'course.list': AUTHZ_MATRIX['course.list'] };

// @ts-expect-error 'course.rate' is not an action of the contract
export const unknownAction: QualifiedAction = 'course.rate';

export const recentData: DataOf<'course.recent'> = { items: [] };
// @ts-expect-error DataOf names the contract's data shape
export const wrongRecentData: DataOf<'course.recent'> = { courses: [] };

// The client gateway takes the contract's params and answers its data.
export async function gatewayCalls(): Promise<void> {
  await call('user', 'profile');
  await call('booking', 'cancel', { bookingId: 'bk_1' });
  // @ts-expect-error booking.book has required params
  await call('booking', 'book');
  // @ts-expect-error params of another action
  await call('booking', 'cancel', { sessionId: 's1' });
  // @ts-expect-error the answer is { items: RecentCourseItem[] }
  const wrong: { items: string } = await call('course', 'recent');
  void wrong;
}
