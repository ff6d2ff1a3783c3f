/**
 * SQLite adapter of the document-store port (better-sqlite3 12, WAL).
 *
 * Layout: one table per collection, `"<collection>"(id TEXT PRIMARY KEY, body TEXT)`, where body is
 * the whole document as JSON (including `_id`). Queries filter with json_extract / json_type; the
 * fields services filter by most have expression indexes (store/indexes.ts, shared with the WeChat
 * index plan). Collections that are not in COLLECTIONS are created on first write (names must be
 * plain identifiers).
 *
 * Concurrency:
 *  - Two connections: a WRITER (all transactions and writes) and a read-only READER (get/query/count
 *    outside transactions). In WAL mode the reader always sees the last COMMITTED state, never the
 *    half-done writes of a transaction that is awaiting something between two operations.
 *  - Every write in this process goes through one queue, so async transactions never interleave on
 *    the writer connection; those waiting together commit as one batch, each in its own SAVEPOINT
 *    (see transaction()). A batch is `BEGIN IMMEDIATE` … `COMMIT`: the write
 *    lock is taken up front, so another PROCESS on the same file waits (busy_timeout) instead of
 *    producing a conflict; transactions are therefore serializable across processes too.
 *  - `:memory:` is mapped to a private temporary file, because an in-memory database cannot be
 *    shared by two connections; that keeps the committed-only read semantics. The file lives in
 *    /dev/shm when available and is unlinked as soon as both connections are open (nothing leaks,
 *    even if the store is never closed).
 *  - For file databases a worker thread checkpoints the WAL in the background (see below).
 *  - Durability: synchronous=NORMAL — a power cut can lose the last few commits, never corrupt.
 *
 * Caveat: inside `transaction(fn)` use only the `tx` argument. Calling `store.create/update/delete`
 * or `store.transaction` from inside `fn` waits for the running transaction to finish: a deadlock.
 * (`store.get/query/count` inside `fn` do not block, but they see committed data, not `fn`'s writes.)
 *
 * Comparison semantics of `query`/`count` (same as the WeChat adapter as far as the backend allows):
 *  - A condition only matches values of the same JSON type as the operand: strings compare as
 *    strings (binary / code-point order), numbers as numbers, booleans false < true, `null` equals
 *    only an explicit null (gte/lte null match null, gt/lt null match nothing).
 *  - A missing field matches no condition, except `ne` (and `ne` matches values of other types too).
 *  - `undefined` filter values are ignored (the field is not constrained).
 *  - orderBy on mixed types sorts missing/null first, then numbers (booleans as 0/1), then strings
 *    (MongoDB puts booleans after strings: do not sort on fields of mixed types); ties are broken by
 *    `_id` ascending so paging with skip/limit is stable.
 */
import Database from 'better-sqlite3';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { COLLECTIONS, Doc, FieldFilter, QueryOptions, Scalar, Store, StoreError, TxOps, UpdateSpec, Where } from './port';
import { INDEX_SPECS } from './indexes';

type DB = Database.Database;
type Stmt = Database.Statement;

/** Expression indexes: collection → list of field tuples (each tuple becomes one index), from indexes.ts. */
export const INDEXES: Record<string, string[][]> = {};
for (const spec of INDEX_SPECS) (INDEXES[spec.collection] ??= []).push(spec.fields.map((f) => f.field));

const BUSY_TIMEOUT_MS = 5000;
const BEGIN_RETRIES = 4;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const FIELD_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OPS = new Set(['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte']);

function checkCollection(c: string): string {
  if (typeof c !== 'string' || !NAME_RE.test(c) || /^sqlite_/i.test(c)) {
    throw new Error(`invalid collection name: ${String(c)}`);
  }
  return c;
}

function checkField(f: string): string {
  if (!FIELD_RE.test(f)) throw new Error(`invalid field name: ${f}`);
  return f;
}

/** SQL expression of a top-level field (identical text in index definitions and queries). */
function fieldExpr(field: string): string {
  return field === '_id' ? 'id' : `json_extract(body, '$.${checkField(field)}')`;
}
function typeExpr(field: string): string {
  return `json_type(body, '$.${checkField(field)}')`;
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Transactions waiting to run together in one batch (group commit). */
const MAX_BATCH = 64;
interface PendingTx {
  fn: (tx: TxOps) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Small per-connection prepared-statement cache (query SQL depends only on the filter's shape). */
class StmtCache {
  private map = new Map<string, Stmt>();
  constructor(private db: DB) {}
  get(sql: string): Stmt {
    let s = this.map.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.map.size >= 1000) this.map.clear();
      this.map.set(sql, s);
    }
    return s;
  }
}

function applyUpdate(doc: Doc, spec: UpdateSpec): Doc {
  const next: Doc = { ...doc };
  for (const [k, v] of Object.entries(spec.set ?? {})) {
    if (v === undefined) continue;
    if (k === '_id') {
      if (v !== doc._id) throw new Error('cannot change _id');
      continue;
    }
    next[k] = v;
  }
  for (const [k, by] of Object.entries(spec.inc ?? {})) {
    if (by === undefined) continue;
    if (typeof by !== 'number' || !Number.isFinite(by)) throw new Error(`inc ${k}: not a number`);
    const cur = next[k] ?? 0;
    if (typeof cur !== 'number') throw new Error(`inc ${k}: field is not a number`);
    next[k] = cur + by;
  }
  return next;
}

function bindable(v: Scalar): string | number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/** Builds `WHERE …` SQL and its parameters for a Where. */
function buildWhere(where: Where): { sql: string; params: Array<string | number | null> } {
  const parts: string[] = [];
  const params: Array<string | number | null> = [];

  const checkScalar = (v: unknown, what: string): Scalar => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    throw new Error(`${what}: unsupported filter value ${JSON.stringify(v)}`);
  };

  /** Condition "field <op> v" restricted to values of v's JSON type. */
  const cmp = (field: string, op: '=' | '>' | '>=' | '<' | '<=', v: Scalar): string => {
    if (field === '_id') {
      if (typeof v !== 'string') return '0';
      params.push(v);
      return `id ${op} ?`;
    }
    const e = fieldExpr(field);
    const t = typeExpr(field);
    // `IS NULL` lets an index on the field be used; json_type tells explicit null from missing.
    if (v === null) return op === '=' || op === '>=' || op === '<=' ? `(${e} IS NULL AND ${t} = 'null')` : '0';
    if (typeof v === 'boolean') {
      if (op === '=') return `(${e} = ${v ? 1 : 0} AND ${t} = '${v ? 'true' : 'false'}')`;
      params.push(v ? 1 : 0);
      return `(${e} ${op} ? AND ${t} IN ('true','false'))`;
    }
    params.push(v);
    const guard = typeof v === 'string' ? `${t} = 'text'` : `${t} IN ('integer','real')`;
    return `(${e} ${op} ? AND ${guard})`;
  };

  const inList = (field: string, values: Scalar[]): string => {
    if (values.length === 0) return '0';
    const allStrings = values.every((v) => typeof v === 'string');
    const allNumbers = values.every((v) => typeof v === 'number');
    if (field === '_id' || allStrings || allNumbers) {
      // One IN (...) so an index on the field can be used.
      const vals = field === '_id' ? values.filter((v) => typeof v === 'string') : values;
      if (vals.length === 0) return '0';
      params.push(...vals.map(bindable));
      const marks = vals.map(() => '?').join(',');
      if (field === '_id') return `id IN (${marks})`;
      const guard = allStrings ? `${typeExpr(field)} = 'text'` : `${typeExpr(field)} IN ('integer','real')`;
      return `(${fieldExpr(field)} IN (${marks}) AND ${guard})`;
    }
    return `(${values.map((v) => cmp(field, '=', v)).join(' OR ')})`;
  };

  for (const [field, filter] of Object.entries(where ?? {})) {
    if (filter === undefined) continue;
    checkField(field);
    if (filter === null || typeof filter !== 'object') {
      parts.push(cmp(field, '=', checkScalar(filter, field)));
      continue;
    }
    if (Array.isArray(filter)) throw new Error(`${field}: use { in: [...] } for a list`);
    for (const [op, raw] of Object.entries(filter as Exclude<FieldFilter, Scalar>)) {
      if (!OPS.has(op)) throw new Error(`${field}: unknown operator ${op}`);
      if (raw === undefined) continue;
      switch (op) {
        case 'eq':
          parts.push(cmp(field, '=', checkScalar(raw, field)));
          break;
        case 'ne':
          parts.push(`NOT IFNULL(${cmp(field, '=', checkScalar(raw, field))}, 0)`);
          break;
        case 'gt':
          parts.push(cmp(field, '>', checkScalar(raw, field)));
          break;
        case 'gte':
          parts.push(cmp(field, '>=', checkScalar(raw, field)));
          break;
        case 'lt':
          parts.push(cmp(field, '<', checkScalar(raw, field)));
          break;
        case 'lte':
          parts.push(cmp(field, '<=', checkScalar(raw, field)));
          break;
        case 'in': {
          if (!Array.isArray(raw)) throw new Error(`${field}: in needs an array`);
          parts.push(
            inList(
              field,
              raw.map((v) => checkScalar(v, field)),
            ),
          );
          break;
        }
      }
    }
  }
  return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

function buildOrder(options?: QueryOptions): string {
  const terms = (options?.orderBy ?? []).map(({ field, direction }) => {
    const dir = direction === 'desc' ? 'DESC' : 'ASC';
    return `${fieldExpr(field)} ${dir}`;
  });
  if (!(options?.orderBy ?? []).some((o) => o.field === '_id')) terms.push('id ASC');
  return ` ORDER BY ${terms.join(', ')}`;
}

const noSuchTable = (e: unknown) => /no such table/i.test(String((e as Error)?.message));

/** A fresh path for a ':memory:' store, in tmpfs (/dev/shm) when available: no disk I/O. */
function makeTempFile(): string {
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, 'babyhouse-store-'));
  return path.join(dir, 'store.db');
}

/**
 * Removes the names of a ':memory:' store's files once both connections have them open: the data
 * stays reachable through the open descriptors and disappears with the last close — even when the
 * process is killed or a test never calls close() (jest's sandboxed `process` never fires 'exit').
 */
function unlinkTemp(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

/**
 * Background WAL checkpointer: a worker thread with its own connection runs
 * `PRAGMA wal_checkpoint(PASSIVE)` every 100 ms. A checkpoint copies WAL pages into the database
 * file and fsyncs it; done by SQLite's auto-checkpoint it runs inside some unlucky COMMIT on the
 * main thread and, on a real disk, costs more than the transactions themselves (measured: +40–50 %
 * booking transactions per second with it). PASSIVE never blocks readers or the writer.
 */
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
const tick = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { /* busy: next tick */ } };
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') { clearInterval(timer); try { tick(); db.close(); } catch (e) {} process.exit(0); }
});
`;

function startCheckpointer(file: string): Worker | null {
  try {
    const worker = new Worker(CHECKPOINTER_SOURCE, {
      eval: true,
      workerData: { file, driver: (require as unknown as NodeJS.Require).resolve('better-sqlite3'), intervalMs: 100 },
    });
    worker.unref();
    worker.on('error', () => {
      /* the writer's auto-checkpoint still bounds the WAL */
    });
    return worker;
  } catch {
    return null;
  }
}

function stopCheckpointer(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      void worker.terminate().then(() => resolve());
    }, 2000);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage('stop');
  });
}

export interface SqliteStoreOptions {
  /** Checkpoint the WAL in a background thread (default true; always off for ':memory:'). */
  backgroundCheckpoint?: boolean;
}

export class SqliteStore implements Store {
  readonly file: string;
  private writer: DB;
  private reader: DB;
  private w: StmtCache;
  private r: StmtCache;
  private queue: PendingTx[] = [];
  private draining: Promise<void> | null = null;
  private tables = new Set<string>();
  private createdInTx: string[] = [];
  private tempDir: string | null = null;
  private closed = false;
  private checkpointer: Worker | null = null;

  constructor(file: string, options: SqliteStoreOptions = {}) {
    if (file === ':memory:' || file === '') {
      this.file = makeTempFile();
      this.tempDir = path.dirname(this.file);
    } else {
      this.file = file;
    }
    this.writer = new Database(this.file);
    this.writer.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.retrySync(() => this.writer.pragma('journal_mode = WAL'));
    this.writer.pragma('synchronous = NORMAL');
    // With the background checkpointer, the auto-checkpoint (inside a COMMIT, on this thread) runs
    // at ~40 MB of WAL: under a sustained rush the background PASSIVE checkpoints never catch up
    // with the very last frame, so this one finishes the little left and lets the WAL restart.
    // Without it, every ~16 MB. The WAL file is truncated back to 64 MB after a restart.
    // (never for ':memory:': its files are unlinked below, a third connection could not open them)
    const background = !this.tempDir && (options.backgroundCheckpoint ?? true);
    this.writer.pragma(`wal_autocheckpoint = ${background ? 10000 : 4000}`);
    this.writer.pragma('journal_size_limit = 67108864');
    this.w = new StmtCache(this.writer);
    this.retrySync(() =>
      this.writer
        .transaction(() => {
          for (const c of COLLECTIONS) this.createTable(c);
          this.dropStaleIndexes();
        })
        .immediate(),
    );
    for (const c of COLLECTIONS) this.tables.add(c);

    this.reader = new Database(this.file, { readonly: true });
    this.reader.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.r = new StmtCache(this.reader);
    if (background) this.checkpointer = startCheckpointer(this.file);
    if (this.tempDir) {
      this.reader.prepare('SELECT count(*) FROM sqlite_master').get(); // opens the reader's -wal / -shm
      unlinkTemp(this.file);
    }
  }

  private retrySync<T>(fn: () => T): T {
    for (let i = 0; ; i++) {
      try {
        return fn();
      } catch (e) {
        if (!isBusy(e)) throw e;
        if (i >= BEGIN_RETRIES) throw new StoreError('BUSY', `database busy: ${(e as Error).message}`);
      }
    }
  }

  /** Drops `ix_*` indexes that INDEXES no longer lists (left by an older version of this file). */
  private dropStaleIndexes(): void {
    const wanted = new Set(Object.entries(INDEXES).flatMap(([c, list]) => list.map((f) => `ix_${c}_${f.join('_')}`)));
    const rows = this.writer
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix\\_%' ESCAPE '\\'`)
      .all() as Array<{ name: string }>;
    for (const { name } of rows) if (!wanted.has(name)) this.writer.exec(`DROP INDEX IF EXISTS "${name}"`);
  }

  private createTable(c: string): void {
    this.writer.exec(`CREATE TABLE IF NOT EXISTS "${c}" (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL)`);
    for (const fields of INDEXES[c] ?? []) {
      const name = `ix_${c}_${fields.join('_')}`;
      this.writer.exec(`CREATE INDEX IF NOT EXISTS "${name}" ON "${c}" (${fields.map(fieldExpr).join(', ')})`);
    }
  }

  /** Makes sure the collection's table exists (writer connection; inside the current transaction). */
  private ensureTable(c: string): void {
    checkCollection(c);
    if (this.tables.has(c)) return;
    this.createTable(c);
    this.tables.add(c);
    if (this.writer.inTransaction) this.createdInTx.push(c);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }

  // ---- operations on the writer connection (called from the running batch, inside its transaction) ----

  private wBody(c: string, id: string): string | null {
    this.ensureTable(c);
    const row = this.w.get(`SELECT body FROM "${c}" WHERE id = ?`).get(String(id)) as { body: string } | undefined;
    return row ? row.body : null;
  }

  /** Returns the stored body. */
  private wCreate(c: string, doc: Doc): string {
    if (!doc || typeof doc._id !== 'string' || doc._id === '') throw new Error('create: doc._id must be a non-empty string');
    this.ensureTable(c);
    const body = JSON.stringify(doc);
    try {
      this.w.get(`INSERT INTO "${c}" (id, body) VALUES (?, ?)`).run(doc._id, body);
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) {
        throw new StoreError('EXISTS', `${c}/${doc._id} already exists`);
      }
      throw e;
    }
    return body;
  }

  /** `known`: the current body if the caller already has it (null = known missing). Returns the new body. */
  private wUpdate(c: string, id: string, spec: UpdateSpec, known?: string | null): string {
    const body = known === undefined ? this.wBody(c, id) : known;
    if (body == null) throw new StoreError('MISSING', `${c}/${id} does not exist`);
    const next = JSON.stringify(applyUpdate(JSON.parse(body) as Doc, spec));
    this.w.get(`UPDATE "${c}" SET body = ? WHERE id = ?`).run(next, String(id));
    return next;
  }

  private wDelete(c: string, id: string): void {
    this.ensureTable(c);
    this.w.get(`DELETE FROM "${c}" WHERE id = ?`).run(String(id));
  }

  /** BEGIN IMMEDIATE; on SQLITE_BUSY (after busy_timeout) retries a few times, yielding in between. */
  private async begin(): Promise<void> {
    for (let i = 0; ; i++) {
      try {
        this.w.get('BEGIN IMMEDIATE').run();
        this.createdInTx = [];
        return;
      } catch (e) {
        if (!isBusy(e)) throw e;
        if (i >= BEGIN_RETRIES) throw new StoreError('BUSY', `database busy: ${(e as Error).message}`);
        await sleep(10 + Math.random() * 40);
      }
    }
  }

  private commit(): void {
    this.retrySync(() => this.w.get('COMMIT').run());
  }

  private rollback(): void {
    if (this.writer.inTransaction) this.w.get('ROLLBACK').run();
    for (const c of this.createdInTx) this.tables.delete(c);
    this.createdInTx = [];
  }

  /** A single write as its own small transaction (in the same queue as every transaction). */
  private write<T>(op: () => T): Promise<T> {
    return this.transaction(async () => op());
  }

  // ---- Store ----

  /**
   * Transactions queue up and run one at a time on the writer connection (never interleaved). Those
   * waiting together run as one batch, a group commit: `BEGIN IMMEDIATE`, then each transaction inside
   * its own SAVEPOINT (a throw rolls back exactly its own writes), then one COMMIT for the batch. Every
   * caller hears its outcome only after that COMMIT, so nobody is told "done" about data that could
   * still be lost. Under a rush this writes the hot pages (seat and quota counters) once per batch
   * instead of once per booking.
   */
  transaction<T>(fn: (tx: TxOps) => Promise<T>): Promise<T> {
    this.assertOpen();
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn: fn as (tx: TxOps) => Promise<unknown>, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) this.draining = this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        // let requests already received (I/O callbacks) reach the queue, so they share this commit
        await new Promise<void>((r) => setImmediate(r));
        await this.runBatch(this.queue.splice(0, MAX_BATCH));
      }
    } finally {
      this.draining = null;
    }
  }

  private async runBatch(batch: PendingTx[]): Promise<void> {
    try {
      this.assertOpen();
      await this.begin();
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    for (const p of batch) {
      const mark = this.createdInTx.length;
      this.w.get('SAVEPOINT tx').run();
      try {
        const value = await this.runOne(p.fn);
        this.w.get('RELEASE tx').run();
        outcomes.push({ ok: true, value });
      } catch (error) {
        if (!this.writer.inTransaction) {
          // SQLite abandoned the whole transaction (I/O error, disk full…): nothing of the batch is kept
          for (const c of this.createdInTx) this.tables.delete(c);
          this.createdInTx = [];
          for (const q of batch) q.reject(error);
          return;
        }
        this.w.get('ROLLBACK TO tx').run();
        this.w.get('RELEASE tx').run();
        for (const c of this.createdInTx.splice(mark)) this.tables.delete(c);
        outcomes.push({ ok: false, error });
      }
    }
    try {
      this.commit();
    } catch (e) {
      this.rollback();
      for (const p of batch) p.reject(e);
      return;
    }
    this.createdInTx = [];
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }

  /** Runs one transaction function on the open writer transaction. */
  private async runOne(fn: (tx: TxOps) => Promise<unknown>): Promise<unknown> {
    let open = true;
    const guard = () => {
      if (!open) throw new Error('transaction already finished: a TxOps call was not awaited inside transaction()');
    };
    // The body (JSON text) of every document this transaction has read or written, so that an update
    // after the service's own get does not read the row again (a booking updates five documents).
    const bodies = new Map<string, string | null>();
    const k = (c: string, id: string) => `${c}\u0000${id}`;
    const tx: TxOps = {
      get: async <D extends Doc = Doc>(c: string, id: string) => {
        guard();
        const key = k(c, String(id));
        if (!bodies.has(key)) bodies.set(key, this.wBody(c, String(id)));
        const body = bodies.get(key);
        return body == null ? null : (JSON.parse(body) as D);
      },
      create: async (c: string, doc: Doc) => {
        guard();
        bodies.set(k(c, doc?._id), this.wCreate(c, doc));
      },
      update: async (c: string, id: string, spec: UpdateSpec) => {
        guard();
        const key = k(c, String(id));
        const known = bodies.has(key) ? bodies.get(key)! : undefined;
        bodies.set(key, this.wUpdate(c, id, spec, known));
      },
      delete: async (c: string, id: string) => {
        guard();
        this.wDelete(c, id);
        bodies.set(k(c, String(id)), null);
      },
    };
    try {
      return await fn(tx);
    } finally {
      open = false;
    }
  }

  /**
   * Reads outside a transaction see committed data only. While no transaction is open on the writer
   * (the common case between requests) it serves them: its page cache is warm, whereas the reader's is
   * invalidated by every commit (measured: ~40 % of a booking's time went to reader page reloads).
   * While a transaction is open, the read-only connection serves them from its WAL snapshot.
   */
  private readStmt(sql: string): Stmt {
    return this.writer.inTransaction ? this.r.get(sql) : this.w.get(sql);
  }

  async get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null> {
    this.assertOpen();
    checkCollection(collection);
    try {
      const row = this.readStmt(`SELECT body FROM "${collection}" WHERE id = ?`).get(String(id)) as { body: string } | undefined;
      return row ? (JSON.parse(row.body) as T) : null;
    } catch (e) {
      if (noSuchTable(e)) return null;
      throw e;
    }
  }

  create(collection: string, doc: Doc): Promise<void> {
    return this.write(() => {
      this.wCreate(collection, doc);
    });
  }

  update(collection: string, id: string, spec: UpdateSpec): Promise<void> {
    return this.write(() => {
      this.wUpdate(collection, id, spec);
    });
  }

  delete(collection: string, id: string): Promise<void> {
    return this.write(() => this.wDelete(collection, id));
  }

  async query<T extends Doc = Doc>(collection: string, where: Where, options?: QueryOptions): Promise<T[]> {
    this.assertOpen();
    checkCollection(collection);
    const { sql, params } = buildWhere(where);
    let text = `SELECT body FROM "${collection}"${sql}${buildOrder(options)}`;
    const limit = options?.limit;
    const skip = options?.skip ?? 0;
    if (limit !== undefined || skip) {
      text += ' LIMIT ? OFFSET ?';
      params.push(limit === undefined ? -1 : Math.max(0, Math.floor(limit)), Math.max(0, Math.floor(skip)));
    }
    try {
      const rows = this.readStmt(text).all(...params) as Array<{ body: string }>;
      return rows.map((row) => JSON.parse(row.body) as T);
    } catch (e) {
      if (noSuchTable(e)) return [];
      throw e;
    }
  }

  async count(collection: string, where: Where): Promise<number> {
    this.assertOpen();
    checkCollection(collection);
    const { sql, params } = buildWhere(where);
    try {
      const row = this.readStmt(`SELECT COUNT(*) AS n FROM "${collection}"${sql}`).get(...params) as { n: number };
      return row.n;
    } catch (e) {
      if (noSuchTable(e)) return 0;
      throw e;
    }
  }

  /** Waits for queued writes, then closes both connections (and removes a ':memory:' temp file). */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.draining) await this.draining;
    this.closed = true;
    if (this.checkpointer) await stopCheckpointer(this.checkpointer);
    this.reader.close();
    this.writer.close();
  }
}

/** Opens (creating if needed) a SQLite store. `':memory:'` gives a private throwaway database. */
export function openSqliteStore(file: string, options?: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(file, options);
}
