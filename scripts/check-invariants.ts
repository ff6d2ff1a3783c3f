/**
 * `npm run check:invariants -- <db>`: recounts the bookings of a SQLite database and compares every
 * seat, quota and claim counter (cloudfunctions/core/invariants.ts). Prints the differences; exits 1 on
 * any, 2 on a usage error. Safe on a database a runtime is using: it reads one consistent snapshot
 * through a read-only connection.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'fs';
import { resolve } from 'path';
import { checkInvariants, formatInvariantReport, INVARIANT_COLLECTIONS, type Snapshot } from '../cloudfunctions/core/invariants';
import type { Doc } from '../cloudfunctions/store/port';

/**
 * Every row (id → stored JSON text) of the given tables (default: all tables) of a SQLite store file, read
 * in ONE read transaction: a consistent snapshot even while another process writes. Missing tables read
 * as empty.
 */
export function readRows(file: string, tables?: readonly string[]): Record<string, Array<{ id: string; body: string }>> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.transaction(() => {
      const present = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>
      ).map((r) => r.name);
      const out: Record<string, Array<{ id: string; body: string }>> = {};
      for (const t of tables ?? present) {
        out[t] = present.includes(t)
          ? (db.prepare(`SELECT id, body FROM "${t}" ORDER BY id`).all() as Array<{ id: string; body: string }>)
          : [];
      }
      return out;
    })();
  } finally {
    db.close();
  }
}

/** Like readRows, with the documents parsed. */
export function readSnapshot(file: string, tables?: readonly string[]): Record<string, Doc[]> {
  const rows = readRows(file, tables);
  return Object.fromEntries(Object.entries(rows).map(([t, rs]) => [t, rs.map((r) => JSON.parse(r.body) as Doc)]));
}

export function checkDatabaseFile(file: string) {
  return checkInvariants(readSnapshot(file, INVARIANT_COLLECTIONS) as Snapshot);
}

function main(): number {
  const arg = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? process.env.BABYHOUSE_DB;
  if (!arg) {
    console.error('usage: npm run check:invariants -- <database file>   (or set BABYHOUSE_DB)');
    return 2;
  }
  const file = resolve(arg);
  if (!existsSync(file)) {
    console.error(`no such database file: ${file}`);
    return 2;
  }
  const started = performance.now();
  const report = checkDatabaseFile(file);
  console.log(`${file}\n${formatInvariantReport(report, 200)}`);
  console.log(`bookings by status: ${JSON.stringify(report.statuses)} (${Math.round(performance.now() - started)} ms)`);
  return report.ok ? 0 : 1;
}

// run as a script (tsx scripts/check-invariants.ts …), not when imported by the tests or the benchmark
if (/check-invariants\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) process.exit(main());
