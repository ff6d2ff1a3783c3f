/**
 * What account deletion keeps so that deleting and registering again does not reset a child's yearly
 * quota or a no-show suspension — and nothing more: one counters document whose id is a keyed hash
 * (HMAC with the server secret) of child name + birth date + guardian phone, holding the year, the
 * quota used per service kind and the suspension's end. No name, phone, openid or child id. It is
 * dropped once the year and the suspension are over (scheduled task), or when the same child is
 * registered again — then its numbers move onto the new child.
 *
 * The quota moved onto a new child is stored as `carried` on its quota counter (used = carried +
 * bookings), so the ledger's recount stays exact.
 */
import type { ServiceKind } from '../../shared/contract';
import type { Doc, TxOps } from '../../store/port';
import type { Deps } from '../deps';
import { keys } from '../keys';
import { shanghaiInstant, shanghaiYear } from '../time';
import type { ChildDoc, QuotaDoc, SuspensionDoc } from './docs';

/** Kinds that have a yearly quota counter. */
export const QUOTA_KINDS: readonly ServiceKind[] = ['temporary_care'];

export interface ContinuityDoc extends Doc {
  type: 'continuity';
  year: number;
  used: Partial<Record<ServiceKind, number>>;
  suspendedUntil: string | null;
  /** When nothing in it matters any more: the end of `year` or of the suspension, whichever is later. */
  expiresAt: string;
}

export function continuityId(deps: Deps, child: { name: string; birthDate: string }, phone: string): string {
  return `cont_${deps.signer.sign(`continuity|${child.name.trim()}|${child.birthDate}|${phone.trim()}`, 32)}`;
}

/** Inside the deletion transaction: records the child's current-year quota and suspension (if any). */
export async function keepContinuity(tx: TxOps, deps: Deps, child: ChildDoc, phone: string, now: Date): Promise<void> {
  const year = shanghaiYear(now);
  const used: Partial<Record<ServiceKind, number>> = {};
  for (const kind of QUOTA_KINDS) {
    const q = await tx.get<QuotaDoc>('counters', keys.quota(child._id, year, kind));
    if (q?.used) used[kind] = q.used;
  }
  const sus = await tx.get<SuspensionDoc>('suspensions', keys.suspension(child._id));
  const suspendedUntil = sus?.until && sus.until > now.toISOString() ? sus.until : null;
  if (!Object.keys(used).length && !suspendedUntil) return;
  const id = continuityId(deps, child, phone);
  const yearEnd = shanghaiInstant(`${year + 1}-01-01`, '00:00').toISOString();
  const prior = await tx.get<ContinuityDoc>('counters', id);
  const doc: ContinuityDoc = {
    _id: id,
    type: 'continuity',
    year,
    used,
    suspendedUntil: [prior?.suspendedUntil ?? null, suspendedUntil].filter(Boolean).sort().pop() ?? null,
    expiresAt: [yearEnd, suspendedUntil ?? ''].sort().pop()!,
  };
  if (prior) {
    const { _id, ...fields } = doc;
    await tx.update('counters', _id, { set: fields });
  } else {
    await tx.create('counters', doc);
  }
}

/** Inside the registration transaction of a new child: moves a matching record's numbers onto it. */
export async function restoreContinuity(tx: TxOps, deps: Deps, child: ChildDoc, phone: string, now: Date): Promise<void> {
  const id = continuityId(deps, child, phone);
  const rec = await tx.get<ContinuityDoc>('counters', id);
  if (!rec) return;
  const nowIso = now.toISOString();
  if (rec.year === shanghaiYear(now)) {
    for (const kind of QUOTA_KINDS) {
      const n = rec.used[kind] ?? 0;
      if (!n) continue;
      const qid = keys.quota(child._id, rec.year, kind);
      const q = await tx.get<QuotaDoc & { carried?: number }>('counters', qid);
      if (q) await tx.update('counters', qid, { inc: { used: n, carried: n } });
      else await tx.create('counters', { _id: qid, childId: child._id, year: rec.year, kind, used: n, carried: n });
    }
  }
  if (rec.suspendedUntil && rec.suspendedUntil > nowIso) {
    const sid = keys.suspension(child._id);
    const sus = await tx.get<SuspensionDoc>('suspensions', sid);
    if (sus) await tx.update('suspensions', sid, { set: { until: rec.suspendedUntil } });
    else await tx.create('suspensions', { _id: sid, childId: child._id, noShows: [], until: rec.suspendedUntil });
  }
  await tx.delete('counters', id);
}

/** Drops the records whose year and suspension are both over (scheduled task). */
export async function dropExpiredContinuity(deps: Deps, now: Date): Promise<number> {
  const expired = await deps.store.query<ContinuityDoc>('counters', { type: 'continuity', expiresAt: { lte: now.toISOString() } });
  for (const rec of expired) await deps.store.delete('counters', rec._id);
  return expired.length;
}
