/**
 * The store contract against the WeChat adapter, through the REAL wx-server-sdk 4.0.2 request layer,
 * pointed at tools/fake-clouddb (a local endpoint speaking the CloudBase database protocol).
 */
import { runStoreContract } from './contract';
import { conflictEvidence, createWxCloudStore, ensureCollections, isConflictError, WxDatabase } from '../../cloudfunctions/store/wxcloud';
import { StoreError, COLLECTIONS } from '../../cloudfunctions/store/port';
import { RunningFakeCloudDb, sdkEnv, startFakeCloudDb } from '../../tools/fake-clouddb/server';

let fake: RunningFakeCloudDb;
let db: WxDatabase;
const savedEnv = { ...process.env };

beforeAll(async () => {
  fake = await startFakeCloudDb();
  Object.assign(process.env, sdkEnv(fake.url));
  const cloud = require('wx-server-sdk');
  // keepalive off: with it on, the SDK's per-request socket 'connect' listeners pile up on pooled
  // sockets under 100-way concurrency (MaxListenersExceededWarning noise, not a failure).
  // timeout: the SDK's default 15 s per request is too tight when the whole suite shares a busy machine.
  cloud.init({ env: 'test', keepalive: false, timeout: 60000 });
  db = cloud.database();
  expect(await ensureCollections(db)).toEqual([...COLLECTIONS]);
  expect(await ensureCollections(db)).toEqual([]); // idempotent
});

afterAll(async () => {
  await fake?.close();
  process.env = savedEnv;
});

runStoreContract(
  'wxcloud (wx-server-sdk → fake-clouddb, snapshot isolation)',
  async () => {
    fake.db.reset();
    // snapshot isolation (as CloudBase) aborts every writer whose snapshot predates the last commit of a
    // hot document: an n-way race on one document costs ~n² round trips through the real SDK, so the
    // single-document races are 50-way here (100-way on SQLite) and get more attempts than production's
    // 30; giving up with BUSY is tested on its own below
    return createWxCloudStore(db, { maxAttempts: 120 });
  },
  undefined,
  { counterTxs: 50 },
);

describe('wxcloud specifics', () => {
  beforeEach(() => fake.db.reset());

  it('really meets conflicts and retries them', async () => {
    const store = createWxCloudStore(db);
    await store.create('counters', { _id: 'c', v: 0 });
    await Promise.all(
      Array.from({ length: 30 }, () =>
        store.transaction(async (tx) => {
          const c = await tx.get('counters', 'c');
          await tx.update('counters', 'c', { set: { v: (c!.v as number) + 1 } });
        }),
      ),
    );
    expect((await store.get('counters', 'c'))!.v).toBe(30);
    expect(fake.db.stats.conflicts).toBeGreaterThan(0);
    expect(fake.db.dump('counters')).toEqual([{ _id: 'c', v: 30 }]);
  });

  it('gives up with BUSY when conflicts outlast maxAttempts', async () => {
    const store = createWxCloudStore(db, { maxAttempts: 1 });
    await store.create('counters', { _id: 'b', v: 0 });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        store.transaction(async (tx) => {
          const c = await tx.get('counters', 'b');
          await tx.update('counters', 'b', { set: { v: (c!.v as number) + 1 } });
        }),
      ),
    );
    const busy = results.filter((r) => r.status === 'rejected' && (r.reason as StoreError).kind === 'BUSY');
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(busy.length).toBeGreaterThan(0);
    expect((await store.get('counters', 'b'))!.v).toBe(ok.length);
  });

  it('retries even when fn swallows the conflict error', async () => {
    const store = createWxCloudStore(db);
    await store.create('counters', { _id: 's', v: 0 });
    await Promise.all(
      Array.from({ length: 15 }, () =>
        store.transaction(async (tx) => {
          const c = await tx.get('counters', 's');
          try {
            await tx.update('counters', 's', { set: { v: (c!.v as number) + 1 } });
          } catch {
            /* a careless service */
          }
        }),
      ),
    );
    expect((await store.get('counters', 's'))!.v).toBe(15);
  });

  it('stores values as the SQLite adapter does (numbers, nested objects, null)', async () => {
    const store = createWxCloudStore(db);
    const doc = { _id: 'v', i: 3, f: 1.25, big: 2 ** 40, neg: -7, s: 'é字', b: false, n: null, o: { a: [1, { b: 'x' }] } };
    await store.create('audit', doc);
    expect(await store.get('audit', 'v')).toEqual(doc);
    expect(await store.transaction((tx) => tx.get('audit', 'v'))).toEqual(doc);
    await store.create('audit', { _id: 'only-id' });
    expect(await store.get('audit', 'only-id')).toEqual({ _id: 'only-id' });
  });

  it('surfaces a missing collection as an error', async () => {
    const store = createWxCloudStore(db);
    await expect(store.query('no_such_collection', {})).rejects.toThrow(/not exist/);
  });

  it('recognises conflict errors in both shapes', () => {
    expect(isConflictError({ code: 'DATABASE_TRANSACTION_CONFLICT', message: 'x' })).toBe(true);
    expect(isConflictError(new Error('document.update:fail -501001 . [ResourceUnavailable.TransactionConflict] x'))).toBe(true);
    expect(isConflictError(new Error('document with _id a does not exist'))).toBe(false);
    expect(isConflictError(new StoreError('EXISTS'))).toBe(false);
  });

  it('detects conflicts from the real SDK: by code at commit, by text where wx-server-sdk drops the code', async () => {
    await db.collection('counters').add({ data: { _id: 'k', v: 0 } });
    // an operation inside a transaction: wx-server-sdk wraps it, errCode is the generic -501001
    const t1 = await (db as any).startTransaction();
    const t2 = await (db as any).startTransaction();
    await t1
      .collection('counters')
      .doc('k')
      .update({ data: { v: 1 } });
    const opError = await t2
      .collection('counters')
      .doc('k')
      .update({ data: { v: 2 } })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(opError).toMatchObject({ errCode: -501001 });
    expect((opError as { code?: unknown }).code).toBeUndefined();
    expect(conflictEvidence(opError)).toBe('text');
    await t1.commit();
    // the commit: the service's code survives
    const t3 = await (db as any).startTransaction();
    await t3
      .collection('counters')
      .doc('k')
      .update({ data: { v: 3 } });
    await db
      .collection('counters')
      .doc('k')
      .update({ data: { v: 4 } });
    const commitError = await t3.commit().then(
      () => null,
      (e: unknown) => e,
    );
    expect(commitError).toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    expect(conflictEvidence(commitError)).toBe('code');
    // the generic errCode alone is not a conflict (it is every system error)
    expect(conflictEvidence(Object.assign(new Error('document.get:fail -501001 resource system error'), { errCode: -501001 }))).toBeNull();
  });
});
