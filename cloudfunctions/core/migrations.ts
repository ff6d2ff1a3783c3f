/**
 * Data migration for service kinds (docs/contract.md "Service kinds"). Every reader already treats a
 * session, booking, claim or quota counter without a `kind` as temporary_care, so nothing breaks before
 * this runs; it only writes the kind down so that queries by kind (statistics, district coverage) see
 * old data too. It is idempotent (a document that has a kind is left alone; a legacy counter is merged
 * and deleted in one transaction) and runs through the store port, so the same code migrates SQLite
 * (at runtime start) and the WeChat cloud database (at the scheduled task's first run).
 *
 *  - sessions, bookings without `kind` → kind: temporary_care
 *  - quota counters quota_<child>_<year>_<kind> without a `kind` field → the kind of their id
 *  - quota counters with a legacy id quota_<child>_<year> (no kind in the id) → added into
 *    quota_<child>_<year>_temporary_care and deleted
 */
import type { Doc, Store } from '../store/port';
import { SERVICE_KINDS } from '../shared/contract';
import { keys } from './keys';
import type { QuotaDoc } from './services/docs';

export const KINDS_MIGRATION_ID = 'migration_kinds_v1';

export interface KindsMigrationReport {
  sessions: number;
  bookings: number;
  counters: number;
  merged: number;
  skipped: boolean;
}

const KIND_SUFFIX = new RegExp(`_(${SERVICE_KINDS.join('|')})$`);
const LEGACY_QUOTA = /^quota_(.+)_(\d{4})$/;

/** Runs the migration unless its marker says it ran; `force` runs it anyway (it is idempotent). */
export async function migrateKinds(store: Store, nowIso: string, force = false): Promise<KindsMigrationReport> {
  if (!force && (await store.get('meta', KINDS_MIGRATION_ID))) return { sessions: 0, bookings: 0, counters: 0, merged: 0, skipped: true };
  const report: KindsMigrationReport = { sessions: 0, bookings: 0, counters: 0, merged: 0, skipped: false };
  for (const collection of ['sessions', 'bookings'] as const) {
    for (const d of await store.query<Doc>(collection, {})) {
      if (d.kind) continue;
      const changed = await store.transaction(async (tx) => {
        const cur = await tx.get<Doc>(collection, d._id);
        if (!cur || cur.kind) return false;
        await tx.update(collection, d._id, { set: { kind: 'temporary_care' } });
        return true;
      });
      if (changed) report[collection]++;
    }
  }
  const quotas = (await store.query<QuotaDoc>('counters', {})).filter((c) => c._id.startsWith('quota_'));
  for (const q of quotas) {
    const suffix = KIND_SUFFIX.exec(q._id);
    if (suffix) {
      if (q.kind) continue;
      const changed = await store.transaction(async (tx) => {
        const cur = await tx.get<QuotaDoc>('counters', q._id);
        if (!cur || cur.kind) return false;
        await tx.update('counters', q._id, { set: { kind: suffix[1] } });
        return true;
      });
      if (changed) report.counters++;
      continue;
    }
    const legacy = LEGACY_QUOTA.exec(q._id);
    if (!legacy) continue;
    const [, childId, year] = legacy;
    const target = keys.quota(childId, Number(year), 'temporary_care');
    const merged = await store.transaction(async (tx) => {
      const old = await tx.get<QuotaDoc>('counters', q._id);
      if (!old) return false;
      const cur = await tx.get<QuotaDoc>('counters', target);
      // the legacy counter counted the bookings made before kinds; a kind-aware counter the ones after
      if (cur) await tx.update('counters', target, { set: { used: (cur.used ?? 0) + (old.used ?? 0), kind: 'temporary_care' } });
      else await tx.create('counters', { _id: target, childId, year: Number(year), kind: 'temporary_care', used: old.used ?? 0 });
      await tx.delete('counters', q._id);
      return true;
    });
    if (merged) report.merged++;
  }
  await store.transaction(async (tx) => {
    const marker = {
      doneAt: nowIso,
      sessions: report.sessions,
      bookings: report.bookings,
      counters: report.counters,
      merged: report.merged,
    };
    if (await tx.get('meta', KINDS_MIGRATION_ID)) await tx.update('meta', KINDS_MIGRATION_ID, { set: marker });
    else await tx.create('meta', { _id: KINDS_MIGRATION_ID, ...marker });
  });
  return report;
}
