/**
 * The document-store port. Its transactional part is exactly what WeChat's cloud database allows
 * inside `db.runTransaction`: get / create / update / delete of ONE document by id. No queries inside
 * a transaction. Limits therefore live in counter documents with deterministic ids (see core/keys.ts).
 *
 * Two adapters implement it: store/sqlite.ts (embedded, default) and store/wxcloud.ts (production).
 */

export type Scalar = string | number | boolean | null;

/** A stored document. `_id` is unique within its collection. Values are JSON (no Date objects: ISO strings). */
export interface Doc {
  _id: string;
  [field: string]: unknown;
}

/** Filter on one field: a scalar means equality; an object combines the given operators (AND). */
export type FieldFilter = Scalar | { eq?: Scalar; ne?: Scalar; in?: Scalar[]; gt?: Scalar; gte?: Scalar; lt?: Scalar; lte?: Scalar };

/** All listed fields must match (AND). Field names are top-level document fields. */
export type Where = Record<string, FieldFilter>;

export interface QueryOptions {
  orderBy?: Array<{ field: string; direction?: 'asc' | 'desc' }>;
  /** Default: no limit (adapters page past backend read limits themselves). */
  limit?: number;
  skip?: number;
}

/**
 * A patch sets the given top-level fields (a value of `undefined` is ignored, `null` stores null).
 * `inc` atomically adds to numeric top-level fields (a missing field counts as 0).
 */
export interface UpdateSpec {
  set?: Record<string, unknown>;
  inc?: Record<string, number>;
}

/** The operations allowed inside a transaction. */
export interface TxOps {
  get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null>;
  /** Fails with StoreError('EXISTS') if a document with that id already exists. */
  create(collection: string, doc: Doc): Promise<void>;
  /** Fails with StoreError('MISSING') if the document does not exist. */
  update(collection: string, id: string, spec: UpdateSpec): Promise<void>;
  /** Deleting a missing document is not an error. */
  delete(collection: string, id: string): Promise<void>;
}

export interface Store extends TxOps {
  /**
   * Runs `fn` atomically and isolated from every other transaction (serializable). If `fn` throws,
   * nothing it wrote is kept and the error is rethrown unchanged. Adapters may retry `fn` on a
   * write conflict, so `fn` must have no side effects besides its TxOps calls; after exhausted
   * retries it throws StoreError('BUSY').
   */
  transaction<T>(fn: (tx: TxOps) => Promise<T>): Promise<T>;
  /** Reads committed data only. */
  query<T extends Doc = Doc>(collection: string, where: Where, options?: QueryOptions): Promise<T[]>;
  count(collection: string, where: Where): Promise<number>;
  close(): Promise<void>;
}

export type StoreErrorKind = 'EXISTS' | 'MISSING' | 'BUSY';

export class StoreError extends Error {
  constructor(
    public readonly kind: StoreErrorKind,
    message?: string,
  ) {
    super(message ?? kind);
    this.name = 'StoreError';
  }
}

/** Every collection the services use (one place, so adapters can create tables / indexes). */
export const COLLECTIONS = [
  'communities',
  'sites',
  'sessions',
  'staff',
  'policies',
  'guardians',
  'children',
  'bookings',
  'counters',
  'requests',
  'suspensions',
  'courses',
  'episodes',
  'progress',
  'notifications',
  'audit',
  'invites',
  'consents',
  'meta',
  'residents',
  'holidays',
  'syncActions',
  'suggestions',
  'ratings',
] as const;
export type Collection = (typeof COLLECTIONS)[number];
