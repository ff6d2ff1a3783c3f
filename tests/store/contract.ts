/**
 * The store contract: a reusable jest suite that every adapter of cloudfunctions/store/port.ts must pass.
 *
 *   runStoreContract('sqlite :memory:', async () => openSqliteStore(':memory:'));
 *
 * `makeStore` is called before every test and must return an EMPTY store; `cleanup` (optional) runs
 * after every test with that store (the suite itself calls `store.close()` first).
 * Only collection names from COLLECTIONS are used, so the suite also runs on backends whose
 * collections must exist beforehand.
 */
import { Doc, Store, StoreError } from '../../cloudfunctions/store/port';

export interface ContractOptions {
  /** Number of concurrent transactions in the serializability tests (default 100 / 50). */
  counterTxs?: number;
  seatTxs?: number;
}

const ids = (docs: Doc[]) => docs.map((d) => d._id);

async function expectStoreError(p: Promise<unknown>, kind: StoreError['kind']): Promise<void> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(StoreError);
  expect((caught as StoreError).kind).toBe(kind);
}

/** A promise plus its resolver (to hold a transaction open while the test looks from outside). */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export function runStoreContract(
  name: string,
  makeStore: () => Promise<Store>,
  cleanup?: (store: Store) => Promise<void>,
  options: ContractOptions = {},
): void {
  const counterTxs = options.counterTxs ?? 100;
  const seatTxs = options.seatTxs ?? 50;

  describe(`store contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await makeStore();
    });

    afterEach(async () => {
      if (store) await store.close();
      if (cleanup && store) await cleanup(store);
    });

    describe('CRUD by id', () => {
      it('creates, reads, updates and deletes one document', async () => {
        const doc = { _id: 'c1', name: '阳光社区', district: '海淀', code: 'SUN01', n: 3, ok: true, tags: ['a'], meta: { x: 1 } };
        await store.create('communities', doc);
        expect(await store.get('communities', 'c1')).toEqual(doc);
        expect(await store.get('communities', 'nope')).toBeNull();

        await store.update('communities', 'c1', { set: { name: '月亮社区', code: undefined, district: null } });
        expect(await store.get('communities', 'c1')).toEqual({ ...doc, name: '月亮社区', district: null });

        await store.delete('communities', 'c1');
        expect(await store.get('communities', 'c1')).toBeNull();
        await store.delete('communities', 'c1'); // deleting a missing document is fine
      });

      it('update replaces object and array values instead of merging them', async () => {
        await store.create('children', { _id: 'k0', meta: { a: 1, b: { c: 2 } }, list: [1, 2, 3] });
        await store.update('children', 'k0', { set: { meta: { z: 9 }, list: [4] } });
        expect(await store.get('children', 'k0')).toEqual({ _id: 'k0', meta: { z: 9 }, list: [4] });
        await store.transaction((tx) => tx.update('children', 'k0', { set: { meta: { y: { deep: true } } } }));
        expect((await store.get('children', 'k0'))!.meta).toEqual({ y: { deep: true } });
      });

      it('update that changes nothing is not MISSING', async () => {
        await store.create('children', { _id: 'same', v: 1 });
        await store.update('children', 'same', { set: { v: 1 } });
        await store.update('children', 'same', {});
        expect(await store.get('children', 'same')).toEqual({ _id: 'same', v: 1 });
      });

      it('returns copies: mutating a returned document changes nothing stored', async () => {
        await store.create('children', { _id: 'k1', name: 'A', pickups: [{ name: 'P' }] });
        const got = (await store.get('children', 'k1'))!;
        (got.pickups as Array<{ name: string }>).push({ name: 'Q' });
        got.name = 'B';
        expect(await store.get('children', 'k1')).toEqual({ _id: 'k1', name: 'A', pickups: [{ name: 'P' }] });
      });

      it('keeps collections apart', async () => {
        await store.create('sites', { _id: 'same', v: 1 });
        await store.create('sessions', { _id: 'same', v: 2 });
        expect((await store.get('sites', 'same'))!.v).toBe(1);
        expect((await store.get('sessions', 'same'))!.v).toBe(2);
      });

      it('create of an existing id fails with EXISTS and keeps the original', async () => {
        await store.create('guardians', { _id: 'g1', name: 'A' });
        await expectStoreError(store.create('guardians', { _id: 'g1', name: 'B' }), 'EXISTS');
        expect((await store.get('guardians', 'g1'))!.name).toBe('A');
        await expectStoreError(
          store.transaction((tx) => tx.create('guardians', { _id: 'g1', name: 'C' })),
          'EXISTS',
        );
        expect((await store.get('guardians', 'g1'))!.name).toBe('A');
      });

      it('update of a missing id fails with MISSING and creates nothing', async () => {
        await expectStoreError(store.update('guardians', 'ghost', { set: { name: 'x' } }), 'MISSING');
        await expectStoreError(
          store.transaction((tx) => tx.update('guardians', 'ghost', { inc: { n: 1 } })),
          'MISSING',
        );
        expect(await store.get('guardians', 'ghost')).toBeNull();
      });
    });

    describe('inc', () => {
      it('adds to numbers, a missing field counting as 0, together with set', async () => {
        await store.create('counters', { _id: 'n1', seats: 2 });
        await store.update('counters', 'n1', { inc: { seats: 3, other: -2 }, set: { label: 'x' } });
        expect(await store.get('counters', 'n1')).toEqual({ _id: 'n1', seats: 5, other: -2, label: 'x' });
        await store.transaction((tx) => tx.update('counters', 'n1', { inc: { seats: -1 } }));
        expect((await store.get('counters', 'n1'))!.seats).toBe(4);
      });

      it('is atomic under concurrency', async () => {
        await store.create('counters', { _id: 'n2', v: 0 });
        await Promise.all(Array.from({ length: 40 }, () => store.update('counters', 'n2', { inc: { v: 1 } })));
        expect((await store.get('counters', 'n2'))!.v).toBe(40);
      });
    });

    describe('transactions', () => {
      it('commits all writes and returns the value of fn', async () => {
        await store.create('counters', { _id: 't1', v: 1 });
        const out = await store.transaction(async (tx) => {
          const c = await tx.get('counters', 't1');
          await tx.update('counters', 't1', { set: { v: (c!.v as number) + 1 } });
          await tx.create('bookings', { _id: 'b1', status: 'confirmed' });
          await tx.delete('counters', 'nothing-here');
          return 'done';
        });
        expect(out).toBe('done');
        expect((await store.get('counters', 't1'))!.v).toBe(2);
        expect(await store.get('bookings', 'b1')).toEqual({ _id: 'b1', status: 'confirmed' });
      });

      it('reads its own writes', async () => {
        await store.create('counters', { _id: 'own', v: 1 });
        await store.transaction(async (tx) => {
          await tx.create('bookings', { _id: 'b2', status: 'confirmed' });
          expect(await tx.get('bookings', 'b2')).toEqual({ _id: 'b2', status: 'confirmed' });
          await tx.update('counters', 'own', { inc: { v: 5 } });
          expect((await tx.get('counters', 'own'))!.v).toBe(6);
          await tx.delete('counters', 'own');
          expect(await tx.get('counters', 'own')).toBeNull();
          await tx.create('counters', { _id: 'own', v: 100 });
          expect((await tx.get('counters', 'own'))!.v).toBe(100);
        });
        expect((await store.get('counters', 'own'))!.v).toBe(100);
      });

      it('keeps nothing when fn throws, and rethrows the same error', async () => {
        await store.create('counters', { _id: 'r1', v: 1 });
        const boom = new Error('boom');
        let caught: unknown;
        try {
          await store.transaction(async (tx) => {
            await tx.update('counters', 'r1', { inc: { v: 10 } });
            await tx.create('bookings', { _id: 'rb', status: 'confirmed' });
            await tx.delete('counters', 'r1');
            throw boom;
          });
        } catch (e) {
          caught = e;
        }
        expect(caught).toBe(boom);
        expect(await store.get('counters', 'r1')).toEqual({ _id: 'r1', v: 1 });
        expect(await store.get('bookings', 'rb')).toBeNull();
      });

      it('keeps nothing when a StoreError aborts it midway', async () => {
        await store.create('bookings', { _id: 'dup', status: 'confirmed' });
        await expectStoreError(
          store.transaction(async (tx) => {
            await tx.create('counters', { _id: 'partial', v: 1 });
            await tx.create('bookings', { _id: 'dup', status: 'x' });
          }),
          'EXISTS',
        );
        expect(await store.get('counters', 'partial')).toBeNull();
        expect((await store.get('bookings', 'dup'))!.status).toBe('confirmed');
      });

      it('is usable again after a rollback', async () => {
        await expect(
          store.transaction(async () => {
            throw new Error('x');
          }),
        ).rejects.toThrow('x');
        await store.transaction((tx) => tx.create('counters', { _id: 'after', v: 1 }));
        expect(await store.get('counters', 'after')).toEqual({ _id: 'after', v: 1 });
      });

      it(`serializes ${counterTxs} concurrent read-increment-write transactions (no inc)`, async () => {
        await store.create('counters', { _id: 'ctr', v: 0 });
        await Promise.all(
          Array.from({ length: counterTxs }, () =>
            store.transaction(async (tx) => {
              const c = await tx.get('counters', 'ctr');
              await tx.update('counters', 'ctr', { set: { v: (c!.v as number) + 1 } });
            }),
          ),
        );
        expect((await store.get('counters', 'ctr'))!.v).toBe(counterTxs);
      });

      it(`lets exactly 10 of ${seatTxs} concurrent "take a seat if < 10" transactions succeed`, async () => {
        await store.create('sessions', { _id: 's1', capacity: 10, booked: 0 });
        const results = await Promise.allSettled(
          Array.from({ length: seatTxs }, (_, i) =>
            store.transaction(async (tx) => {
              const s = await tx.get('sessions', 's1');
              if ((s!.booked as number) >= (s!.capacity as number)) throw new Error('SESSION_FULL');
              await tx.update('sessions', 's1', { set: { booked: (s!.booked as number) + 1 } });
              await tx.create('bookings', { _id: `seat-${i}`, sessionId: 's1', status: 'confirmed' });
              return i;
            }),
          ),
        );
        const ok = results.filter((r) => r.status === 'fulfilled');
        const full = results.filter((r) => r.status === 'rejected' && (r.reason as Error).message === 'SESSION_FULL');
        expect(ok).toHaveLength(10);
        expect(full).toHaveLength(seatTxs - 10);
        expect((await store.get('sessions', 's1'))!.booked).toBe(10);
        expect(await store.count('bookings', { sessionId: 's1' })).toBe(10);
      });

      it('one claim document per key: concurrent creates of the same id, exactly one wins', async () => {
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            store.transaction(async (tx) => {
              if (await tx.get('requests', 'claim-1')) throw new StoreError('EXISTS');
              await tx.create('requests', { _id: 'claim-1', by: i });
            }),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) {
          if (r.status === 'rejected') expect((r.reason as StoreError).kind).toBe('EXISTS');
        }
      });
    });

    describe('committed-only reads', () => {
      it('get/query/count outside a transaction do not see its uncommitted writes', async () => {
        await store.create('counters', { _id: 'vis', v: 1 });
        const written = deferred();
        const release = deferred();
        const running = store.transaction(async (tx) => {
          await tx.update('counters', 'vis', { set: { v: 2 } });
          await tx.create('bookings', { _id: 'vb', sessionId: 'sv' });
          written.resolve();
          await release.promise;
        });
        await written.promise;
        expect((await store.get('counters', 'vis'))!.v).toBe(1);
        expect(await store.get('bookings', 'vb')).toBeNull();
        expect(await store.query('bookings', { sessionId: 'sv' })).toEqual([]);
        expect(await store.count('bookings', { sessionId: 'sv' })).toBe(0);
        expect(ids(await store.query('counters', { v: 2 }))).toEqual([]);
        release.resolve();
        await running;
        expect((await store.get('counters', 'vis'))!.v).toBe(2);
        expect(await store.count('bookings', { sessionId: 'sv' })).toBe(1);
      });
    });

    describe('query and count', () => {
      const seed = async () => {
        const docs: Doc[] = [
          { _id: 'a', date: '2025-03-01', n: 5, status: 'open', site: 'x', flag: true },
          { _id: 'b', date: '2025-03-02', n: 10, status: 'open', site: 'y', flag: false },
          { _id: 'c', date: '2025-03-03', n: 1.5, status: 'cancelled', site: 'x' },
          { _id: 'd', date: '2025-03-02', n: -3, status: 'open', site: 'x', flag: null },
          { _id: 'e', date: '2025-02-28', status: 'open', site: 'z' }, // no n
          { _id: 'f', date: '2025-03-04', n: '5', status: 'open', site: 'y' }, // n is a string
        ];
        for (const d of docs) await store.create('sessions', d);
      };
      const q = async (where: Parameters<Store['query']>[1], opts?: Parameters<Store['query']>[2]) =>
        ids(await store.query('sessions', where, opts));
      const sorted = async (where: Parameters<Store['query']>[1]) => (await q(where)).sort();

      it('equality (scalar and eq), AND across fields, empty where', async () => {
        await seed();
        expect(await sorted({})).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
        expect(await sorted({ status: 'open' })).toEqual(['a', 'b', 'd', 'e', 'f']);
        expect(await sorted({ status: { eq: 'open' }, site: 'x' })).toEqual(['a', 'd']);
        expect(await sorted({ n: 5 })).toEqual(['a']); // number 5, not the string '5'
        expect(await sorted({ n: '5' })).toEqual(['f']);
        expect(await sorted({ flag: true })).toEqual(['a']);
        expect(await sorted({ flag: false })).toEqual(['b']);
        expect(await sorted({ flag: null })).toEqual(['d']); // explicit null only, not missing
        expect(await sorted({ status: 'nope' })).toEqual([]);
        expect(await sorted({ _id: 'c' })).toEqual(['c']);
        expect(await sorted({ status: 'open', site: 'x', date: '2025-03-02' })).toEqual(['d']);
      });

      it('ne matches other values and missing fields', async () => {
        await seed();
        expect(await sorted({ status: { ne: 'open' } })).toEqual(['c']);
        expect(await sorted({ n: { ne: 5 } })).toEqual(['b', 'c', 'd', 'e', 'f']);
        expect(await sorted({ flag: { ne: true } })).toEqual(['b', 'c', 'd', 'e', 'f']);
        expect(await sorted({ flag: { ne: null } })).toEqual(['a', 'b', 'c', 'e', 'f']); // missing ≠ explicit null
      });

      it('in', async () => {
        await seed();
        expect(await sorted({ site: { in: ['x', 'z'] } })).toEqual(['a', 'c', 'd', 'e']);
        expect(await sorted({ n: { in: [10, -3, 99] } })).toEqual(['b', 'd']);
        expect(await sorted({ site: { in: [] } })).toEqual([]);
        expect(await sorted({ _id: { in: ['a', 'f', 'zz'] } })).toEqual(['a', 'f']);
        expect(await sorted({ flag: { in: [null, true] } })).toEqual(['a', 'd']);
        expect(await sorted({ n: { in: [5, '5'] } })).toEqual(['a', 'f']);
      });

      it('ranges compare strings as strings and numbers as numbers; missing never matches', async () => {
        await seed();
        expect(await sorted({ date: { gte: '2025-03-02', lte: '2025-03-03' } })).toEqual(['b', 'c', 'd']);
        expect(await sorted({ date: { gt: '2025-03-02' } })).toEqual(['c', 'f']);
        expect(await sorted({ date: { lt: '2025-03-01' } })).toEqual(['e']);
        expect(await sorted({ n: { gt: 1.5 } })).toEqual(['a', 'b']); // not the string '5', not missing
        expect(await sorted({ n: { gte: 1.5 } })).toEqual(['a', 'b', 'c']);
        expect(await sorted({ n: { lt: 5 } })).toEqual(['c', 'd']);
        expect(await sorted({ n: { lte: 5, gt: -3 } })).toEqual(['a', 'c']);
        expect(await sorted({ n: { gt: 2 }, status: 'open', site: { ne: 'y' } })).toEqual(['a']);
        // numeric, not lexicographic: 10 > 9
        expect(await sorted({ n: { gt: 9 } })).toEqual(['b']);
      });

      it('orderBy on several fields, asc and desc; limit and skip', async () => {
        await seed();
        expect(await q({}, { orderBy: [{ field: 'date' }, { field: 'site', direction: 'desc' }] })).toEqual(['e', 'a', 'b', 'd', 'c', 'f']);
        expect(
          await q(
            { status: 'open' },
            {
              orderBy: [
                { field: 'date', direction: 'desc' },
                { field: '_id', direction: 'desc' },
              ],
            },
          ),
        ).toEqual(['f', 'd', 'b', 'a', 'e']);
        expect(await q({ n: { gte: -100 } }, { orderBy: [{ field: 'n' }] })).toEqual(['d', 'c', 'a', 'b']);
        expect(await q({}, { orderBy: [{ field: 'date' }, { field: '_id' }], limit: 2 })).toEqual(['e', 'a']);
        expect(await q({}, { orderBy: [{ field: 'date' }, { field: '_id' }], skip: 2, limit: 2 })).toEqual(['b', 'd']);
        expect(await q({}, { orderBy: [{ field: 'date' }, { field: '_id' }], skip: 4 })).toEqual(['c', 'f']);
        expect(await q({}, { skip: 10 })).toEqual([]);
        expect(await q({}, { limit: 0 })).toEqual([]);
      });

      it('count', async () => {
        await seed();
        expect(await store.count('sessions', {})).toBe(6);
        expect(await store.count('sessions', { status: 'open', n: { gte: 0 } })).toBe(2);
        expect(await store.count('sessions', { site: { in: ['y'] } })).toBe(2);
        expect(await store.count('bookings', { sessionId: 'none' })).toBe(0);
      });

      it('pages past 100 results (query, orderBy + skip/limit, count)', async () => {
        const N = 250;
        for (let start = 0; start < N; start += 50) {
          // 50 at a time: remote adapters need not absorb 250 at once
          await Promise.all(
            Array.from({ length: 50 }, (_, j) => start + j).map((i) =>
              store.create('bookings', {
                _id: `bk${String(i).padStart(4, '0')}`,
                sessionId: i % 5 === 0 ? 'other' : 'big',
                seq: i,
                bucket: i % 3,
              }),
            ),
          );
        }
        const big = N - N / 5;
        const all = await store.query('bookings', { sessionId: 'big' });
        expect(all).toHaveLength(big);
        expect(new Set(ids(all)).size).toBe(big);
        expect(await store.count('bookings', { sessionId: 'big' })).toBe(big);
        expect(await store.count('bookings', {})).toBe(N);

        const bySeq = await store.query('bookings', { sessionId: 'big' }, { orderBy: [{ field: 'seq', direction: 'desc' }] });
        expect(bySeq.map((d) => d.seq)).toEqual(all.map((d) => d.seq as number).sort((x, y) => y - x));

        const window = await store.query('bookings', {}, { orderBy: [{ field: 'seq' }], skip: 90, limit: 130 });
        expect(window.map((d) => d.seq)).toEqual(Array.from({ length: 130 }, (_, i) => 90 + i));
        expect(await store.query('bookings', {}, { orderBy: [{ field: 'seq' }], skip: 240 })).toHaveLength(10);

        // Paging over a field with many ties must still be stable (no duplicates, nothing lost).
        const pages: Doc[] = [];
        for (let skip = 0; skip < N; skip += 70) {
          pages.push(...(await store.query('bookings', {}, { orderBy: [{ field: 'bucket' }], skip, limit: 70 })));
        }
        expect(pages).toHaveLength(N);
        expect(new Set(ids(pages)).size).toBe(N);
        expect(pages.map((d) => d.bucket)).toEqual([...pages.map((d) => d.bucket as number)].sort());
      });
    });
  });
}
