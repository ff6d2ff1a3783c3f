/**
 * Write skew under snapshot isolation (CloudBase's, reproduced by fake-clouddb): two transactions that
 * each read a document the other writes, without writing it themselves, would both commit. Each case
 * pins the interleaving: the first transaction is paused right after its reads (its snapshot taken),
 * the second runs to the end, then the first resumes. A service transaction must write every document
 * whose read decides its outcome (so the two collide and one retries), or re-check it.
 */
import { createWxCloudStore } from '../../cloudfunctions/store/wxcloud';
import type { Doc, Store, TxOps } from '../../cloudfunctions/store/port';
import type { BookingDoc, ChildDoc } from '../../cloudfunctions/core/services/docs';
import { fakeCloudDbSuite } from '../support/fake-clouddb';
import { ADMIN, givenScenario } from '../services/scenario';

const cloud = fakeCloudDbSuite({ isolation: 'snapshot' });

beforeEach(() => cloud.fake.db.reset());

/** A store whose next transaction reading `collection/id` stops right after that read until released. */
function pausable(inner: Store) {
  let trap: { collection: string; id: string; reached: () => void; gate: Promise<void> } | null = null;
  const wrapTx = (tx: TxOps): TxOps => ({
    ...tx,
    get: async <T extends Doc>(collection: string, id: string) => {
      const doc = await tx.get<T>(collection, id);
      const t = trap;
      if (t && t.collection === collection && t.id === id) {
        trap = null; // once: a retry of the same transaction runs free
        t.reached();
        await t.gate;
      }
      return doc;
    },
    create: tx.create.bind(tx),
    update: tx.update.bind(tx),
    delete: tx.delete.bind(tx),
  });
  const store: Store = Object.assign(Object.create(inner) as Store, {
    transaction: <T>(fn: (tx: TxOps) => Promise<T>) => inner.transaction((tx) => fn(wrapTx(tx))),
  });
  return {
    store,
    pauseAfterRead(collection: string, id: string) {
      let reached!: () => void;
      let release!: () => void;
      const reachedP = new Promise<void>((r) => {
        reached = r;
      });
      const gate = new Promise<void>((r) => {
        release = r;
      });
      trap = { collection, id, reached, gate };
      return { reached: reachedP, release };
    },
  };
}

const live = (b: BookingDoc) => b.status === 'confirmed' || b.status === 'waitlisted';

describe('write skew on snapshot isolation', () => {
  it('a booking racing a session cancellation never stays live in the cancelled session', async () => {
    const p = pausable(createWxCloudStore(cloud.db, { maxAttempts: 60 }));
    const s = await givenScenario('2027-03-01T08:00:00+08:00', { store: p.store });
    const session = await s.givenSession({ date: '2027-03-04' });
    const fam = await s.givenChild();
    // the booking reads the session (open) and stops; the admin cancels the session meanwhile
    const pause = p.pauseAfterRead('sessions', session.id);
    const booking = s.book(fam, session.id).then(
      (r) => ({ ok: r }),
      (e) => ({ error: e as { code?: string } }),
    );
    await pause.reached;
    await s.services.admin.cancelSession(ADMIN, { sessionId: session.id, reason: '场地维修' });
    pause.release();
    const outcome = await booking;
    const bookings = await s.store.query<BookingDoc>('bookings', { sessionId: session.id });
    expect(bookings.filter(live)).toEqual([]);
    expect(outcome).toMatchObject({ error: { code: 'BOOKING_CLOSED' } });
  });

  it("a booking racing the family's account deletion never leaves a live booking of a deleted child", async () => {
    const p = pausable(createWxCloudStore(cloud.db, { maxAttempts: 60 }));
    const s = await givenScenario('2027-03-01T08:00:00+08:00', { store: p.store });
    const session = await s.givenSession({ date: '2027-03-04' });
    const fam = await s.givenChild();
    const pause = p.pauseAfterRead('sessions', session.id);
    const booking = s.book(fam, session.id).then(
      (r) => ({ ok: r }),
      (e) => ({ error: e as { code?: string } }),
    );
    await pause.reached;
    await s.services.user.deleteAccount(fam.openid);
    pause.release();
    const outcome = await booking;
    expect(await s.store.get<ChildDoc>('children', fam.child.id)).toBeNull();
    const bookings = await s.store.query<BookingDoc>('bookings', { childId: fam.child.id });
    expect(bookings.filter(live)).toEqual([]);
    expect(outcome).toHaveProperty('error');
  });

  it('an account deletion racing a booking that commits first cancels that booking too', async () => {
    const p = pausable(createWxCloudStore(cloud.db, { maxAttempts: 60 }));
    const s = await givenScenario('2027-03-01T08:00:00+08:00', { store: p.store });
    const session = await s.givenSession({ date: '2027-03-04' });
    const fam = await s.givenChild();
    // the deletion's last transaction reads the child's claims and stops; a booking commits meanwhile
    const pause = p.pauseAfterRead('counters', `claims_${fam.child.id}`);
    const deletion = s.services.user.deleteAccount(fam.openid);
    await pause.reached;
    const { booking } = await s.book(fam, session.id);
    expect(booking.status).toBe('confirmed');
    pause.release();
    await deletion;
    expect(await s.store.get<ChildDoc>('children', fam.child.id)).toBeNull();
    const after = await s.store.get<BookingDoc>('bookings', booking.id);
    expect(after).toMatchObject({ status: 'cancelled', ownerOpenid: null });
    expect((await s.services.booking.sessionView(session.id)).booked).toBe(0);
  });
});
