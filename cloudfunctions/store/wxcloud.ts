/**
 * WeChat cloud database adapter of the document-store port (wx-server-sdk 4.0.2).
 *
 *   import cloud from 'wx-server-sdk';
 *   cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
 *   const store = createWxCloudStore(cloud.database());
 *
 * Transactions: `db.runTransaction(cb, 0)` (the SDK's own retry disabled) inside our own retry loop
 * with jittered exponential backoff; a write conflict (reported by an operation or by the commit)
 * re-runs `fn` with a fresh transaction, up to `maxAttempts`, then StoreError('BUSY'). Inside a
 * transaction only single-document operations are used, exactly as WeChat allows:
 *   get    → t.collection(c).doc(id).get()
 *   create → get, then doc(id).set({data}) (upsert; `add` with _id if the doc has no other field)
 *   update → get (MISSING if absent), then doc(id).update({data}) with _.inc / _.set
 *   delete → doc(id).remove()
 * Outside a transaction: create runs as a small transaction (so EXISTS is exact), update is one
 * atomic doc.update (falling back to a get to tell MISSING from "nothing changed"), delete is a
 * plain doc.remove().
 *
 * Isolation: the WeChat database (MongoDB underneath) gives snapshot isolation with write-conflict
 * detection, which is serializable for the patterns the services use (read-modify-write of the same
 * counter / claim documents). Two transactions that read X and write Y (and vice versa) without
 * writing what they read could both commit ("write skew") on the real backend: services must write
 * the documents their decision depends on (they do: counters and claim documents).
 *
 * Queries: translated to db.command operators with the port's semantics (see sqlite.ts header):
 *   scalar / eq   → _.eq(v)              (null: _.eq(null) AND _.exists(true): explicit null only)
 *   ne            → _.neq(v)             (null: neq(null) OR exists(false))
 *   in            → _.in(list)           (a null in the list only matches explicit null)
 *   gt/gte/lt/lte → _.gt(v) …            (MongoDB compares within a type: strings as strings…)
 * Results are read in pages of 100 (the per-call cap) with skip, ordered by the requested fields and
 * then `_id`, so paging is stable. Pages are separate reads: a query racing with writes can miss or
 * repeat a document that moves between pages (the services only page over stable data).
 */
import { Doc, FieldFilter, QueryOptions, Scalar, Store, StoreError, TxOps, UpdateSpec, Where, COLLECTIONS } from './port';

/** The subset of wx-server-sdk's `DB.Database` used here (kept structural for tests and mocks). */
export interface WxDatabase {
  collection(name: string): any;
  readonly command: any;
  runTransaction(run: any, retry?: number): Promise<any>;
  createCollection?(name: string): Promise<any>;
  readonly serverDate?: () => any;
}

export interface WxCloudStoreOptions {
  /**
   * Attempts of a transaction on write conflicts before StoreError('BUSY') (default 30; with the
   * default backoff that is at most ~8 s of waiting: give the cloud functions a timeout above that).
   */
  maxAttempts?: number;
  /** First backoff in ms (doubles each attempt, capped at maxBackoffMs, with full jitter). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Documents per read call (WeChat returns at most 100 per get() from the server SDK). */
  pageSize?: number;
}

/**
 * How a backend error shows a write conflict. The code where the SDK keeps it: a commit answers with
 * the service's `{code: 'DATABASE_TRANSACTION_CONFLICT'}` (@cloudbase/database's TcbError). An operation
 * inside a transaction is wrapped by wx-server-sdk into a CloudSDKError whose errCode is the generic
 * -501001 (its code table has no entry for the conflict), so only the message text tells it apart.
 */
export function conflictEvidence(e: unknown): 'code' | 'text' | null {
  if (!e || typeof e !== 'object') return null;
  const err = e as { code?: unknown; message?: unknown; errMsg?: unknown };
  if (err.code === 'DATABASE_TRANSACTION_CONFLICT') return 'code';
  const text = `${String(err.message ?? '')} ${String(err.errMsg ?? '')}`;
  return /TRANSACTION_CONFLICT|TransactionConflict|WriteConflict|write conflict|transaction conflict|TransientTransactionError|TransactionBusy/i.test(
    text,
  )
    ? 'text'
    : null;
}

/** A conflict reported by the backend, by code or (when the SDK dropped it) by text. */
export function isConflictError(e: unknown): boolean {
  return conflictEvidence(e) !== null;
}

function isNotFound(e: unknown): boolean {
  const text = String((e as { message?: unknown; errMsg?: unknown })?.message ?? (e as { errMsg?: unknown })?.errMsg ?? e);
  // wx-server-sdk: "document.get:fail document with _id X does not exist" (throwOnNotFound, the default).
  return /does not exist|DOCUMENT_NOT_EXIST|document not exist/i.test(text);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const FIELD_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
function checkField(f: string): string {
  if (!FIELD_RE.test(f)) throw new Error(`invalid field name: ${f}`);
  return f;
}

/** The SDK's `data` as a document, or null. */
function plain<T extends Doc>(data: unknown): T | null {
  if (!data || typeof data !== 'object') return null;
  return data as T;
}

/** Marker thrown by TxOps when the backend reports a conflict (so `fn` catching it cannot hide it). */
class ConflictSignal extends Error {
  constructor(public readonly cause: unknown) {
    super('transaction conflict');
  }
}

export class WxCloudStore implements Store {
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly pageSize: number;

  constructor(
    private readonly db: WxDatabase,
    options: WxCloudStoreOptions = {},
  ) {
    // Tuned on fake-clouddb: 100 transactions contending for one document all finish (~2 s).
    this.maxAttempts = options.maxAttempts ?? 30;
    this.baseBackoffMs = options.baseBackoffMs ?? 5;
    this.maxBackoffMs = options.maxBackoffMs ?? 300;
    this.pageSize = Math.min(options.pageSize ?? 100, 100);
  }

  private get _() {
    return this.db.command;
  }

  /** The backend's clock, for fields that must not trust the function's clock (db.serverDate()). */
  serverDate(): unknown {
    return this.db.serverDate?.();
  }

  // ---- translation helpers ----

  /** Builds the `data` of doc.update(): set fields (objects wrapped in _.set so they replace), inc. */
  private updateData(spec: UpdateSpec): Record<string, unknown> {
    const _ = this._;
    const data: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(spec.set ?? {})) {
      if (v === undefined) continue;
      if (k === '_id') throw new Error('cannot change _id');
      checkField(k);
      // A plain object would be merged field by field (dot paths) by WeChat; _.set replaces it.
      data[k] = v !== null && typeof v === 'object' && !Array.isArray(v) ? _.set(v) : v;
    }
    for (const [k, by] of Object.entries(spec.inc ?? {})) {
      if (by === undefined) continue;
      if (typeof by !== 'number' || !Number.isFinite(by)) throw new Error(`inc ${k}: not a number`);
      checkField(k);
      if (k in data) throw new Error(`field ${k} both set and incremented`);
      data[k] = _.inc(by);
    }
    return data;
  }

  /** One field filter → list of conditions (each a where-object, ANDed by the caller). */
  private fieldConditions(field: string, filter: FieldFilter): unknown[] {
    const _ = this._;
    const out: unknown[] = [];
    const never = () => ({ _id: _.in([]) });
    const eq = (v: Scalar) => (v === null ? _.and([{ [field]: _.eq(null) }, { [field]: _.exists(true) }]) : { [field]: _.eq(v) });
    const checkScalar = (v: unknown): Scalar => {
      if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      throw new Error(`${field}: unsupported filter value ${JSON.stringify(v)}`);
    };
    if (filter === null || typeof filter !== 'object') {
      out.push(eq(checkScalar(filter)));
      return out;
    }
    if (Array.isArray(filter)) throw new Error(`${field}: use { in: [...] } for a list`);
    for (const [op, raw] of Object.entries(filter)) {
      if (raw === undefined) continue;
      switch (op) {
        case 'eq':
          out.push(eq(checkScalar(raw)));
          break;
        case 'ne': {
          const v = checkScalar(raw);
          out.push(v === null ? _.or([{ [field]: _.neq(null) }, { [field]: _.exists(false) }]) : { [field]: _.neq(v) });
          break;
        }
        case 'in': {
          if (!Array.isArray(raw)) throw new Error(`${field}: in needs an array`);
          const values = raw.map(checkScalar);
          const nonNull = values.filter((v) => v !== null);
          if (values.length === 0) out.push(never());
          else if (nonNull.length === values.length) out.push({ [field]: _.in(nonNull) });
          else out.push(_.or([{ [field]: _.in(nonNull.length ? nonNull : []) }, eq(null)]));
          break;
        }
        case 'gt':
        case 'lt': {
          const v = checkScalar(raw);
          out.push(v === null ? never() : { [field]: _[op](v) });
          break;
        }
        case 'gte':
        case 'lte': {
          const v = checkScalar(raw);
          out.push(v === null ? eq(null) : { [field]: _[op](v) });
          break;
        }
        default:
          throw new Error(`${field}: unknown operator ${op}`);
      }
    }
    return out;
  }

  private whereClause(where: Where): unknown {
    const conds: unknown[] = [];
    for (const [field, filter] of Object.entries(where ?? {})) {
      if (filter === undefined) continue;
      checkField(field);
      conds.push(...this.fieldConditions(field, filter));
    }
    if (conds.length === 0) return {};
    return this._.and(conds);
  }

  // ---- reads ----

  private async getCommitted<T extends Doc>(collection: string, id: string): Promise<T | null> {
    try {
      const res = await this.db.collection(collection).doc(String(id)).get();
      return plain<T>(res?.data);
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null> {
    return this.getCommitted<T>(collection, id);
  }

  async query<T extends Doc = Doc>(collection: string, where: Where, options: QueryOptions = {}): Promise<T[]> {
    const order = (options.orderBy ?? []).map((o) => ({ field: checkField(o.field), direction: o.direction === 'desc' ? 'desc' : 'asc' }));
    if (!order.some((o) => o.field === '_id')) order.push({ field: '_id', direction: 'asc' });
    let base = this.db.collection(collection).where(this.whereClause(where));
    for (const o of order) base = base.orderBy(o.field, o.direction);

    let remaining = options.limit === undefined ? Infinity : Math.max(0, Math.floor(options.limit));
    let skip = Math.max(0, Math.floor(options.skip ?? 0));
    const out: T[] = [];
    while (remaining > 0) {
      const size = Math.min(this.pageSize, remaining);
      let q = base;
      if (skip > 0) q = q.skip(skip);
      const res = await q.limit(size).get();
      const page = (res?.data ?? []) as T[];
      out.push(...page);
      if (page.length < size) break;
      skip += page.length;
      remaining -= page.length;
    }
    return out;
  }

  async count(collection: string, where: Where): Promise<number> {
    const res = await this.db.collection(collection).where(this.whereClause(where)).count();
    return Number(res?.total ?? 0);
  }

  // ---- writes outside a transaction ----

  create(collection: string, doc: Doc): Promise<void> {
    return this.transaction((tx) => tx.create(collection, doc));
  }

  async update(collection: string, id: string, spec: UpdateSpec): Promise<void> {
    const data = this.updateData(spec);
    if (Object.keys(data).length === 0) {
      if (!(await this.getCommitted(collection, id))) throw new StoreError('MISSING', `${collection}/${id} does not exist`);
      return;
    }
    const res = await this.db.collection(collection).doc(String(id)).update({ data });
    // `updated` is 0 both for a missing document and for one whose values did not change.
    if (!res?.stats?.updated && !(await this.getCommitted(collection, id))) {
      throw new StoreError('MISSING', `${collection}/${id} does not exist`);
    }
  }

  async delete(collection: string, id: string): Promise<void> {
    await this.db.collection(collection).doc(String(id)).remove();
  }

  // ---- transactions ----

  async transaction<T>(fn: (tx: TxOps) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let conflicted = false;
      try {
        return await this.db.runTransaction(async (t: any) => {
          let open = true;
          const guard = () => {
            if (!open) throw new Error('transaction already finished: a TxOps call was not awaited inside transaction()');
          };
          // Every backend call of this attempt: a conflict marks the attempt for a retry, whatever fn does with the error.
          const call = async <R>(p: () => Promise<R>): Promise<R> => {
            guard();
            try {
              return await p();
            } catch (e) {
              if (isConflictError(e)) {
                conflicted = true;
                throw new ConflictSignal(e);
              }
              throw e;
            }
          };
          // Existence of documents this attempt has already read or written (saves the extra get of
          // create/update after the service's own get).
          const known = new Map<string, boolean>();
          const key = (c: string, id: string) => `${c}\u0000${id}`;
          const txGet = async <D extends Doc>(c: string, id: string): Promise<D | null> => {
            const doc = await call(async () => {
              try {
                const res = await t.collection(c).doc(String(id)).get();
                return plain<D>(res?.data);
              } catch (e) {
                if (isNotFound(e)) return null;
                throw e;
              }
            });
            known.set(key(c, id), doc !== null);
            return doc;
          };
          const exists = async (c: string, id: string) => known.get(key(c, id)) ?? (await txGet(c, id)) !== null;
          const ops: TxOps = {
            get: txGet,
            create: async (c, doc) => {
              if (!doc || typeof doc._id !== 'string' || doc._id === '') throw new Error('create: doc._id must be a non-empty string');
              if (await exists(c, doc._id)) throw new StoreError('EXISTS', `${c}/${doc._id} already exists`);
              const { _id, ...rest } = doc;
              const data = JSON.parse(JSON.stringify(rest)) as Record<string, unknown>; // drop undefined, like JSON storage
              await call(() =>
                Object.keys(data).length ? t.collection(c).doc(_id).set({ data }) : t.collection(c).add({ data: { _id } }),
              );
              known.set(key(c, _id), true);
            },
            update: async (c, id, spec) => {
              const data = this.updateData(spec);
              if (!(await exists(c, id))) throw new StoreError('MISSING', `${c}/${id} does not exist`);
              if (Object.keys(data).length) await call(() => t.collection(c).doc(String(id)).update({ data }));
            },
            delete: async (c, id) => {
              await call(() => t.collection(c).doc(String(id)).remove());
              known.set(key(c, id), false);
            },
          };
          let result: T;
          try {
            result = await fn(ops);
          } finally {
            open = false;
          }
          // fn swallowed a conflict: its writes are incomplete, so never commit this attempt.
          if (conflicted) throw new ConflictSignal(null);
          return result;
        }, 0);
      } catch (e) {
        if (!conflicted && !isConflictError(e)) throw e;
        if (attempt >= this.maxAttempts) {
          throw new StoreError('BUSY', `transaction still conflicting after ${attempt} attempts`);
        }
        const cap = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (attempt - 1));
        await sleep(Math.random() * cap);
      }
    }
  }

  /** Nothing to release: the SDK's HTTP agent is shared by the process. */
  async close(): Promise<void> {}
}

export function createWxCloudStore(db: WxDatabase, options?: WxCloudStoreOptions): WxCloudStore {
  return new WxCloudStore(db, options);
}

/**
 * Creates every collection of COLLECTIONS that does not exist yet (db.createCollection; an
 * "already exists" answer is fine). Returns the names it created. Used by scripts/create-indexes.ts.
 */
export async function ensureCollections(db: WxDatabase, names: readonly string[] = COLLECTIONS): Promise<string[]> {
  if (!db.createCollection) throw new Error('this database handle cannot create collections');
  const created: string[] = [];
  for (const name of names) {
    try {
      await db.createCollection(name);
      created.push(name);
    } catch (e) {
      const text = String((e as { message?: unknown })?.message ?? e);
      if (!/exist/i.test(text)) throw e;
    }
  }
  return created;
}
