/**
 * fake-clouddb: a local HTTP endpoint speaking the subset of the Tencent CloudBase database protocol
 * that wx-server-sdk 4.0.2 (@cloudbase/node-sdk 3.17 → @cloudbase/database 1.4.3) POSTs to
 * `/admin`. Lets the real SDK — and so the WeChat store adapter — run offline.
 *
 *   const fake = await startFakeCloudDb();          // http://127.0.0.1:<port>/admin
 *   Object.assign(process.env, sdkEnv(fake.url));   // before the first SDK request
 *   cloud.init({ env: 'test' }); const db = cloud.database();
 *
 * CLI: `npx tsx tools/fake-clouddb/server.ts [--port 8787] [--auto-create]` prints the env to export.
 *
 * Protocol (one JSON body per request, `action` names the call; data travel as EJSON strings):
 *   database.addCollection      {collectionName}
 *   database.getDocument        {collectionName, queryType DOC|WHERE, query, order, offset, limit, transactionId?}
 *                               → {data: {list: [ejson…]}}
 *   database.calculateDocument  {collectionName, query} → {data: {total}}
 *   database.insertDocument     {collectionName, data: [ejson…], transactionId?} → {data: {insertedIds}}
 *   database.modifyDocument     {collectionName, queryType, query, data, merge, upsert, multi, transactionId?}
 *                               → {data: {updated, upsert_id}}     (merge:false = replace, as doc.set)
 *   database.removeDocument     {collectionName, queryType, query, multi, transactionId?} → {data: {deleted}}
 *   database.startTransaction   → {transactionId};  database.commitTransaction / abortTransaction {transactionId}
 * Errors come back as HTTP 200 `{code, message}` like the real service.
 *
 * Transactions are real, in one of two isolation modes (option `isolation`):
 * - 'snapshot' (the default, like CloudBase / MongoDB): a transaction reads the committed data as of
 *   its start (and its own buffered writes) and buffers its writes. Only write-write conflicts are
 *   detected: writing a document that another open transaction has written, or that was committed
 *   after this transaction started, fails at once with DATABASE_TRANSACTION_CONFLICT (and aborts the
 *   transaction, as MongoDB does). Reads are never validated, so two transactions that each read what
 *   the other writes both commit (write skew) — exactly what the real database allows.
 * - 'serializable': reads see the latest committed data and every read is validated again at commit;
 *   strictly stronger than the real database (it hides write skew). Kept for comparison.
 * Non-transactional reads see committed data only.
 */
import * as http from 'http';
import { randomBytes } from 'crypto';
import { applyUpdate, clone, Document, FakeDbError, matches, parseEjson, sameDoc, sortDocs, stringifyEjson } from './mongo';

export interface FakeCloudDbOptions {
  /** Create collections on first use instead of failing with DATABASE_COLLECTION_NOT_EXIST (default false). */
  autoCreateCollections?: boolean;
  /** Max documents one getDocument returns (default 100, the WeChat per-call cap). */
  maxLimit?: number;
  /** An open transaction is aborted after this long (default 30 s). */
  transactionTimeoutMs?: number;
  /** Artificial delay before each request is handled, to widen race windows (default 0). */
  latencyMs?: number;
  /** 'snapshot' (default; CloudBase's behaviour) or 'serializable' (stricter, hides write skew). */
  isolation?: 'snapshot' | 'serializable';
}

interface Tx {
  id: string;
  /**
   * Its snapshot (snapshot isolation): the commit clock at its first read or write — as MongoDB,
   * which picks a transaction's read timestamp at its first operation, not at startTransaction.
   */
  start: number | null;
  /** version of each key when first read or written (0 = did not exist and never did). */
  seen: Map<string, number>;
  /** buffered writes: key → document or null (deleted) */
  writes: Map<string, { collection: string; id: string; doc: Document | null }>;
  aborted: string | null;
  timer: NodeJS.Timeout;
}

const CONFLICT = 'DATABASE_TRANSACTION_CONFLICT';

function conflict(detail: string): FakeDbError {
  return new FakeDbError(CONFLICT, `[ResourceUnavailable.TransactionConflict] WriteConflict: ${detail}`);
}

function newId(): string {
  return randomBytes(16).toString('hex');
}

/** The database itself (usable without HTTP). */
export class FakeCloudDb {
  private collections = new Map<string, Map<string, Document>>();
  private versions = new Map<string, number>();
  /** Committed versions of each document still visible to some open transaction's snapshot (oldest first). */
  private history = new Map<string, Array<{ v: number; doc: Document | null }>>();
  private clock = 0;
  private intents = new Map<string, string>(); // key → id of the open transaction that wrote it
  private txs = new Map<string, Tx>();
  readonly stats = { requests: 0, commits: 0, conflicts: 0, aborts: 0 };

  constructor(readonly options: FakeCloudDbOptions = {}) {}

  /** Drops every document and open transaction (collections are kept unless `dropCollections`). */
  reset(dropCollections = false): void {
    for (const tx of this.txs.values()) clearTimeout(tx.timer);
    this.txs.clear();
    this.intents.clear();
    this.versions.clear();
    this.history.clear();
    if (dropCollections) this.collections.clear();
    else for (const c of this.collections.values()) c.clear();
    Object.assign(this.stats, { requests: 0, commits: 0, conflicts: 0, aborts: 0 });
  }

  createCollection(name: string): void {
    if (this.collections.has(name)) throw new FakeDbError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`);
    this.collections.set(name, new Map());
  }

  /** Committed documents of a collection (copies), for assertions. */
  dump(collection: string): Document[] {
    return [...(this.collections.get(collection)?.values() ?? [])].map(clone);
  }

  private coll(name: unknown): Map<string, Document> {
    if (typeof name !== 'string' || !name) throw new FakeDbError('INVALID_PARAM', 'collectionName is required');
    let c = this.collections.get(name);
    if (!c) {
      if (!this.options.autoCreateCollections) {
        throw new FakeDbError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`);
      }
      c = new Map();
      this.collections.set(name, c);
    }
    return c;
  }

  private key(collection: string, id: string): string {
    return `${collection}\u0000${id}`;
  }

  private version(key: string): number {
    return this.versions.get(key) ?? 0;
  }

  get isolation(): 'snapshot' | 'serializable' {
    return this.options.isolation ?? 'snapshot';
  }

  private commitDoc(collection: string, id: string, doc: Document | null): void {
    const c = this.coll(collection);
    const key = this.key(collection, id);
    if (this.isolation === 'snapshot' && this.txs.size > 0) {
      // keep the version open snapshots may still need
      const h = this.history.get(key) ?? [{ v: this.version(key), doc: c.has(id) ? clone(c.get(id)!) : null }];
      h.push({ v: this.clock + 1, doc: doc ? clone(doc) : null });
      const oldest = Math.min(...[...this.txs.values()].map((t) => t.start ?? Number.POSITIVE_INFINITY));
      while (h.length > 1 && h[1].v <= oldest) h.shift();
      this.history.set(key, h);
    } else this.history.delete(key);
    if (doc) c.set(id, clone(doc));
    else c.delete(id);
    this.versions.set(key, ++this.clock);
  }

  /** The committed document as of the transaction's snapshot. */
  private snapshotOf(tx: Tx): number {
    tx.start ??= this.clock;
    return tx.start;
  }

  private snapshotRead(tx: Tx, collection: string, id: string): Document | null {
    const key = this.key(collection, id);
    const start = this.snapshotOf(tx);
    if (this.version(key) <= start) return this.coll(collection).get(id) ?? null;
    const h = this.history.get(key) ?? [];
    let found: Document | null = null;
    for (const e of h) if (e.v <= start) found = e.doc;
    return found;
  }

  // ---- transactions ----

  private tx(id: unknown): Tx {
    const tx = typeof id === 'string' ? this.txs.get(id) : undefined;
    if (!tx) throw new FakeDbError('DATABASE_TRANSACTION_FAIL', `NoSuchTransaction: transaction ${String(id)} does not exist or has ended`);
    if (tx.aborted) throw conflict(`transaction was aborted: ${tx.aborted}`);
    return tx;
  }

  private abortTx(tx: Tx, reason: string): void {
    tx.aborted = reason;
    for (const [key] of tx.writes) if (this.intents.get(key) === tx.id) this.intents.delete(key);
    tx.writes.clear();
  }

  private endTx(tx: Tx): void {
    if (!tx.aborted) this.abortTx(tx, 'ended');
    clearTimeout(tx.timer);
    this.txs.delete(tx.id);
  }

  startTransaction(): string {
    const id = newId();
    const timer = setTimeout(() => {
      const tx = this.txs.get(id);
      if (tx) this.endTx(tx);
    }, this.options.transactionTimeoutMs ?? 30000);
    timer.unref();
    this.txs.set(id, { id, start: null, seen: new Map(), writes: new Map(), aborted: null, timer });
    return id;
  }

  /** Remembers the version of `key` the transaction depends on; fails if it moved since. */
  private observe(tx: Tx, key: string): void {
    const now = this.version(key);
    const seen = tx.seen.get(key);
    if (seen === undefined) tx.seen.set(key, now);
    else if (seen !== now) this.fail(tx, `document changed since it was read (${key.replace('\u0000', '/')})`);
  }

  private fail(tx: Tx, detail: string): never {
    this.stats.conflicts++;
    this.abortTx(tx, detail);
    throw conflict(detail);
  }

  /** The document as the transaction sees it. */
  private txView(tx: Tx, collection: string, id: string): Document | null {
    const key = this.key(collection, id);
    const w = tx.writes.get(key);
    if (w) return w.doc;
    if (this.isolation === 'snapshot') return this.snapshotRead(tx, collection, id);
    this.observe(tx, key);
    return this.coll(collection).get(id) ?? null;
  }

  private txWrite(tx: Tx, collection: string, id: string, doc: Document | null): void {
    const key = this.key(collection, id);
    const holder = this.intents.get(key);
    if (holder && holder !== tx.id) this.fail(tx, `document is being written by another transaction (${collection}/${id})`);
    if (this.isolation === 'snapshot') {
      if (this.version(key) > this.snapshotOf(tx))
        this.fail(tx, `document was committed after the transaction started (${collection}/${id})`);
    } else this.observe(tx, key);
    this.intents.set(key, tx.id);
    tx.writes.set(key, { collection, id, doc: doc ? clone(doc) : null });
  }

  commit(txId: unknown): void {
    const tx = this.tx(txId);
    if (this.isolation === 'snapshot') {
      // write-write conflicts only (a plain write may have landed on a document this one wrote)
      for (const key of tx.writes.keys()) {
        if (this.version(key) > this.snapshotOf(tx)) this.fail(tx, `document changed before commit (${key.replace('\u0000', '/')})`);
      }
    } else {
      for (const [key, seen] of tx.seen) {
        if (this.version(key) !== seen) this.fail(tx, `document changed before commit (${key.replace('\u0000', '/')})`);
      }
    }
    for (const w of tx.writes.values()) this.commitDoc(w.collection, w.id, w.doc);
    this.stats.commits++;
    this.endTx(tx);
  }

  abort(txId: unknown): void {
    const tx = typeof txId === 'string' ? this.txs.get(txId) : undefined;
    if (tx) {
      this.stats.aborts++;
      this.endTx(tx);
    }
  }

  // ---- documents (txId undefined = committed data, applied at once) ----

  private read(collection: string, id: string, txId?: string): Document | null {
    if (txId) return this.txView(this.tx(txId), collection, id);
    return this.coll(collection).get(id) ?? null;
  }

  private write(collection: string, id: string, doc: Document | null, txId?: string): void {
    if (txId) this.txWrite(this.tx(txId), collection, id, doc);
    else this.commitDoc(collection, id, doc);
  }

  /** ids of the documents a DOC / WHERE query addresses (in a transaction: DOC only). */
  private select(collection: string, queryType: unknown, query: any, txId?: string): Document[] {
    if (queryType === 'DOC' || (query && Object.keys(query).length === 1 && typeof query._id === 'string')) {
      const doc = this.read(collection, String(query?._id), txId);
      return doc && matches(doc, query) ? [doc] : [];
    }
    if (txId) throw new FakeDbError('INVALID_PARAM', 'fake-clouddb: only single-document operations are allowed in a transaction');
    return [...this.coll(collection).values()].filter((d) => matches(d, query));
  }

  getDocument(p: any): { list: string[] } {
    const query = p.query ? (parseEjson(p.query) as object) : {};
    let docs = this.select(p.collectionName, p.queryType, query, p.transactionId);
    docs = sortDocs(docs, p.order ? (parseEjson(p.order) as Record<string, number>) : undefined);
    const offset = Number(p.offset ?? 0);
    const limit = Math.min(Number(p.limit ?? 100), this.options.maxLimit ?? 100);
    docs = docs.slice(offset, offset + limit);
    return { list: docs.map((d) => stringifyEjson(d)) };
  }

  calculateDocument(p: any): { total: number } {
    const query = p.query ? (parseEjson(p.query) as object) : {};
    return { total: this.select(p.collectionName, 'WHERE', query).length };
  }

  insertDocument(p: any): { insertedIds: string[] } {
    const docs = (p.data as string[]).map((s) => parseEjson(s) as Document);
    const ids: string[] = [];
    for (const doc of docs) {
      const id = doc._id === undefined ? newId() : String(doc._id);
      if (this.read(p.collectionName, id, p.transactionId)) {
        throw new FakeDbError(
          'DATABASE_REQUEST_FAILED',
          `E11000 duplicate key error collection: ${p.collectionName} index: _id_ dup key: { _id: "${id}" }`,
        );
      }
      this.write(p.collectionName, id, { ...doc, _id: id }, p.transactionId);
      ids.push(id);
    }
    return { insertedIds: ids };
  }

  modifyDocument(p: any): { updated: number; upsert_id: string | null } {
    const query = p.query ? (parseEjson(p.query) as any) : {};
    const data = parseEjson(p.data) as Record<string, any>;
    const targets = this.select(p.collectionName, p.queryType, query, p.transactionId);
    const list = p.multi === false || p.queryType === 'DOC' ? targets.slice(0, 1) : targets;
    let updated = 0;
    for (const doc of list) {
      const next = p.merge === false ? ({ ...clone(data), _id: doc._id } as Document) : applyUpdate(doc, data);
      if (!sameDoc(next, doc)) updated++;
      this.write(p.collectionName, doc._id, next, p.transactionId);
    }
    if (list.length === 0 && p.upsert) {
      const id = typeof query._id === 'string' ? query._id : newId();
      const base = { _id: id } as Document;
      const doc = p.merge === false ? ({ ...clone(data), _id: id } as Document) : applyUpdate(base, data);
      this.write(p.collectionName, id, doc, p.transactionId);
      return { updated: 0, upsert_id: id };
    }
    return { updated, upsert_id: null };
  }

  removeDocument(p: any): { deleted: number } {
    const query = p.query ? (parseEjson(p.query) as object) : {};
    const targets = this.select(p.collectionName, p.queryType, query, p.transactionId);
    const list = p.multi === false || p.queryType === 'DOC' ? targets.slice(0, 1) : targets;
    for (const doc of list) this.write(p.collectionName, doc._id, null, p.transactionId);
    return { deleted: list.length };
  }

  /** Handles one protocol request body; returns the response body. Never throws. */
  handle(p: any): Record<string, unknown> {
    const requestId = newId().slice(0, 16);
    this.stats.requests++;
    try {
      switch (p?.action) {
        case 'database.addCollection':
          this.createCollection(p.collectionName);
          return { requestId };
        case 'database.getDocument':
          return { requestId, data: this.getDocument(p) };
        case 'database.calculateDocument':
          return { requestId, data: this.calculateDocument(p) };
        case 'database.insertDocument':
          return { requestId, data: this.insertDocument(p) };
        case 'database.modifyDocument':
          return { requestId, data: this.modifyDocument(p) };
        case 'database.removeDocument':
          return { requestId, data: this.removeDocument(p) };
        case 'database.startTransaction':
          return { requestId, transactionId: this.startTransaction() };
        case 'database.commitTransaction':
          this.commit(p.transactionId);
          return { requestId };
        case 'database.abortTransaction':
          this.abort(p.transactionId);
          return { requestId };
        default:
          throw new FakeDbError('INVALID_PARAM', `fake-clouddb: unsupported action ${String(p?.action)}`);
      }
    } catch (e) {
      if (e instanceof FakeDbError) return { requestId, code: e.code, message: e.message };
      return { requestId, code: 'SYS_ERR', message: String((e as Error)?.stack ?? e) };
    }
  }
}

export interface RunningFakeCloudDb {
  /** e.g. http://127.0.0.1:40123/admin */
  url: string;
  port: number;
  db: FakeCloudDb;
  close(): Promise<void>;
}

/** Starts the HTTP endpoint (port 0 = a free port). */
export function startFakeCloudDb(options: FakeCloudDbOptions & { port?: number; host?: string } = {}): Promise<RunningFakeCloudDb> {
  const db = new FakeCloudDb(options);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const respond = () => {
        let body: Record<string, unknown>;
        try {
          body = db.handle(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
        } catch (e) {
          body = { code: 'INVALID_PARAM', message: `bad request body: ${(e as Error).message}` };
        }
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (options.latencyMs) setTimeout(respond, options.latencyMs);
      else respond();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://${options.host ?? '127.0.0.1'}:${port}/admin`,
        port,
        db,
        close: () =>
          new Promise<void>((done) => {
            db.reset(true);
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * Environment that points wx-server-sdk / @cloudbase/node-sdk at the fake (set it before the first
 * SDK request): the endpoint URL, dummy credentials (the fake checks no signature), SILENCE (no 3 s
 * "slow request" timers) and TENCENTCLOUD=true (skips the metadata-server probe the SDK otherwise
 * makes before EVERY request, ~30 ms each off Tencent Cloud).
 */
export function sdkEnv(url: string): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: url }),
    TENCENTCLOUD_SECRETID: 'fake-clouddb',
    TENCENTCLOUD_SECRETKEY: 'fake-clouddb',
    SILENCE: 'true',
    TENCENTCLOUD: 'true',
  };
}

// CLI (the cast: tsconfig's webpack-env types hide `require.main`)
if ((require as unknown as { main?: unknown }).main === module) {
  const args = process.argv.slice(2);
  const portArg = args.indexOf('--port');
  startFakeCloudDb({
    port: portArg >= 0 ? Number(args[portArg + 1]) : 8787,
    autoCreateCollections: args.includes('--auto-create'),
  }).then((fake) => {
    console.log(`fake-clouddb listening on ${fake.url}`);
    for (const [k, v] of Object.entries(sdkEnv(fake.url))) console.log(`export ${k}='${v}'`);
  });
}
