/**
 * The audit log: who did what to whom. Every entry names the actor (openid), the action, the
 * community, the ids of what it acted on (`target`) and, for changes, each changed value as
 * `{from, to}` (`changes`); other details (a reason, a date range) sit beside them.
 */
import type { Deps } from '../deps';

export type Changes = Record<string, { from: unknown; to: unknown }>;

export interface AuditDetails {
  communityId: string;
  /** Ids of what the action touched: { staffOpenid }, { sessionId }, { siteId }, { inviteCode }… */
  target?: Record<string, unknown>;
  /** The values it changed (only those that differ). */
  changes?: Changes;
  [detail: string]: unknown;
}

export async function audit(deps: Deps, openid: string, action: string, details: AuditDetails): Promise<void> {
  await deps.store.create('audit', {
    _id: deps.ids.next('au'),
    actor: openid,
    action,
    ...details,
    at: deps.clock.now().toISOString(),
  });
}

/** The fields whose value differs between `before` (null: nothing existed) and `after`. */
export function changesOf(before: Record<string, unknown> | null, after: Record<string, unknown>, fields = Object.keys(after)): Changes {
  const out: Changes = {};
  for (const f of fields) {
    const from = before ? (before[f] ?? null) : null;
    const to = after[f] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) out[f] = { from, to };
  }
  return out;
}
