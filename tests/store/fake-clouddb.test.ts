/** The fake CloudBase database itself, at the protocol level (what wx-server-sdk sends). */
import { FakeCloudDb } from '../../tools/fake-clouddb/server';

const ej = (v: unknown) => JSON.stringify(v);

describe('fake-clouddb protocol', () => {
  let db: FakeCloudDb;
  const call = (p: Record<string, unknown>) => db.handle(p) as any;
  const start = () => call({ action: 'database.startTransaction' }).transactionId as string;
  const get = (id: string, transactionId?: string) => {
    const r = call({ action: 'database.getDocument', collectionName: 'c', queryType: 'DOC', query: ej({ _id: id }), transactionId });
    return r.data ? (r.data.list.map((s: string) => JSON.parse(s))[0] ?? null) : r;
  };
  const set = (id: string, data: object, transactionId?: string) =>
    call({
      action: 'database.modifyDocument',
      collectionName: 'c',
      queryType: 'DOC',
      query: ej({ _id: id }),
      data: ej(data),
      merge: false,
      upsert: true,
      multi: false,
      transactionId,
    });

  beforeEach(() => {
    db = new FakeCloudDb();
    db.createCollection('c');
  });

  it('rejects unknown collections and duplicate inserts like the real service', () => {
    expect(call({ action: 'database.getDocument', collectionName: 'nope', queryType: 'WHERE' }).code).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(call({ action: 'database.insertDocument', collectionName: 'c', data: [ej({ _id: 'a' })] }).data.insertedIds).toEqual(['a']);
    expect(call({ action: 'database.insertDocument', collectionName: 'c', data: [ej({ _id: 'a' })] }).message).toMatch(/duplicate key/);
  });

  it('decodes EJSON numbers and applies update operators', () => {
    set('n', { v: { $numberInt: '1' }, f: { $numberDouble: '1.5' }, o: { a: 1 } });
    call({
      action: 'database.modifyDocument',
      collectionName: 'c',
      queryType: 'DOC',
      query: ej({ _id: 'n' }),
      merge: true,
      data: ej({ $inc: { v: { $numberInt: '2' } }, $set: { 'o.b': 2 }, $unset: { f: '' } }),
    });
    expect(get('n')).toEqual({ _id: 'n', v: 3, o: { a: 1, b: 2 } });
  });

  it('MongoDB query semantics: null matches missing, comparisons stay within a type', () => {
    for (const [id, v] of [
      ['a', 5],
      ['b', '5'],
      ['c', null],
      ['d', undefined],
    ] as const) {
      call({ action: 'database.insertDocument', collectionName: 'c', data: [ej(v === undefined ? { _id: id } : { _id: id, v })] });
    }
    const ids = (query: object) =>
      call({
        action: 'database.getDocument',
        collectionName: 'c',
        queryType: 'WHERE',
        query: ej(query),
        order: ej({ _id: 1 }),
      }).data.list.map((s: string) => JSON.parse(s)._id);
    expect(ids({ v: null })).toEqual(['c', 'd']);
    expect(ids({ v: { $gt: 1 } })).toEqual(['a']);
    expect(ids({ v: { $gte: '0' } })).toEqual(['b']);
    expect(ids({ v: { $ne: 5 } })).toEqual(['b', 'c', 'd']);
    expect(ids({ $and: [{ v: { $eq: null } }, { v: { $exists: true } }] })).toEqual(['c']);
  });

  it('a transaction sees its own writes; others see them only after commit', () => {
    set('x', { v: 1 });
    const t = start();
    set('x', { v: 2 }, t);
    expect(get('x', t).v).toBe(2);
    expect(get('x').v).toBe(1);
    expect(call({ action: 'database.commitTransaction', transactionId: t }).code).toBeUndefined();
    expect(get('x').v).toBe(2);
  });

  it('second writer of a document conflicts at once, also when the first has already committed', () => {
    set('x', { v: 1 });
    const t1 = start();
    const t2 = start();
    get('x', t1);
    get('x', t2);
    set('x', { v: 2 }, t1);
    expect(set('x', { v: 3 }, t2).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(call({ action: 'database.commitTransaction', transactionId: t1 }).code).toBeUndefined();
    // a transaction whose snapshot predates a commit may not overwrite that write (lost update); the
    // snapshot is taken at its first operation, as MongoDB does
    const t5 = start();
    expect(get('x', t5).v).toBe(2);
    set('x', { v: 4 });
    expect(set('x', { v: 5 }, t5).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(get('x').v).toBe(4);
  });

  it('snapshot isolation (the default, like CloudBase): reads see the start snapshot and are not validated, so write skew commits', () => {
    expect(db.isolation).toBe('snapshot');
    set('y', { v: 0 });
    set('z', { v: 0 });
    const t3 = start();
    const t4 = start();
    expect(get('y', t3).v).toBe(0);
    expect(get('z', t4).v).toBe(0);
    set('z', { v: 1 }, t3);
    set('y', { v: 1 }, t4);
    expect(call({ action: 'database.commitTransaction', transactionId: t3 }).code).toBeUndefined();
    // t4 still reads z as of its start, and commits: each read what the other wrote
    expect(get('z', t4).v).toBe(0);
    expect(call({ action: 'database.commitTransaction', transactionId: t4 }).code).toBeUndefined();
    expect([get('y').v, get('z').v]).toEqual([1, 1]);
    // a document created after the snapshot is not there for the older transaction
    const t6 = start();
    get('y', t6);
    set('fresh', { v: 1 });
    expect(get('fresh', t6)).toBeNull();
    expect(get('fresh').v).toBe(1);
  });

  it('serializable mode (stricter than CloudBase) refuses that write skew at commit', () => {
    db = new FakeCloudDb({ isolation: 'serializable' });
    db.createCollection('c');
    set('y', { v: 0 });
    set('z', { v: 0 });
    const t3 = start();
    const t4 = start();
    get('y', t3);
    get('z', t4);
    set('z', { v: 1 }, t3);
    set('y', { v: 1 }, t4);
    expect(call({ action: 'database.commitTransaction', transactionId: t3 }).code).toBeUndefined();
    expect(call({ action: 'database.commitTransaction', transactionId: t4 }).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(get('y').v).toBe(0);
  });

  it('abort discards buffered writes and releases the document', () => {
    const t1 = start();
    set('w', { v: 1 }, t1);
    call({ action: 'database.abortTransaction', transactionId: t1 });
    expect(get('w')).toBeNull();
    const t2 = start();
    expect(set('w', { v: 2 }, t2).code).toBeUndefined();
    call({ action: 'database.commitTransaction', transactionId: t2 });
    expect(get('w').v).toBe(2);
  });
});
