/** Audit log of staff actions (check-in/out, roster views, exports, cancellations). */
import type { Deps } from '../deps';

export async function audit(deps: Deps, openid: string, action: string, details: Record<string, unknown> & { communityId: string }): Promise<void> {
  await deps.store.create('audit', {
    _id: deps.ids.next('au'), actor: openid, action, ...details, at: deps.clock.now().toISOString(),
  });
}
