/**
 * The worker's offline queue and roster copy (src/worker/offline): persisted in storage, sent in order,
 * retried after a network failure or a busy answer, deduplicated (double taps, replays, concurrent syncs).
 */
import { ApiError } from '../../src/api/errors';
import { OfflineQueue, type QueuedAction } from '../../src/worker/offline/queue';
import { JsonKV } from '../support/phone-storage';
import { clearRosters, loadRoster, matchCode, saveRoster, withQueued } from '../../src/worker/offline/roster-cache';
import type { OfflineAction, OfflineActionResult, RosterEntry } from '../../cloudfunctions/shared/contract';

let n = 0;
const action = (bookingId: string, type: 'checkIn' | 'checkOut' = 'checkIn', extra: Partial<QueuedAction> = {}) => ({
  id: `act-${++n}-xxxxxx`,
  type,
  bookingId,
  at: `2027-03-03T01:${String(n % 60).padStart(2, '0')}:00.000Z`,
  sessionId: 'ses-1',
  childName: `孩子${bookingId}`,
  ...(type === 'checkOut' ? { pickupName: '张妈妈' } : {}),
  ...extra,
});

/** A server that applies each id once and answers like checkin.sync; `lose` drops the answer of the next call. */
function fakeServer() {
  const applied = new Map<string, OfflineActionResult>();
  const calls: OfflineAction[][] = [];
  const server = {
    applied,
    calls,
    lose: false,
    busyIds: new Set<string>(),
    send: async (actions: OfflineAction[]): Promise<OfflineActionResult[]> => {
      calls.push(actions);
      const results = actions.map((a) => {
        if (server.busyIds.has(a.id)) return { id: a.id, ok: false, error: { code: 'BUSY', message: '系统繁忙' } };
        if (!applied.has(a.id)) applied.set(a.id, { id: a.id, ok: true });
        return applied.get(a.id)!;
      });
      if (server.lose) {
        server.lose = false;
        throw new ApiError('NETWORK');
      }
      return results;
    },
  };
  return server;
}

describe('offline queue', () => {
  it('persists every action at once: a new queue over the same storage (the app killed and reopened) has them, in order', () => {
    const kv = new JsonKV();
    const q = new OfflineQueue(kv);
    const a = action('b1');
    const b = action('b2');
    const c = action('b1', 'checkOut');
    expect([q.add(a), q.add(b), q.add(c)]).toEqual([true, true, true]);
    const reopened = new OfflineQueue(kv);
    expect(reopened.list().map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    expect(reopened.list()[2]).toMatchObject({ type: 'checkOut', pickupName: '张妈妈', attempts: 0, childName: '孩子b1' });
  });

  it('dedupes: the same id or the same step for the same booking is queued once', () => {
    const q = new OfflineQueue(new JsonKV());
    const a = action('b1');
    expect(q.add(a)).toBe(true);
    expect(q.add({ ...a })).toBe(false);
    expect(q.add(action('b1'))).toBe(false); // a double tap: another id, same check-in
    expect(q.add(action('b1', 'checkOut'))).toBe(true);
    expect(q.list()).toHaveLength(2);
  });

  it('sends in order, in batches, and empties the queue', async () => {
    const q = new OfflineQueue(new JsonKV(), 2);
    const actions = [action('b1'), action('b2'), action('b1', 'checkOut'), action('b3'), action('b2', 'checkOut')];
    actions.forEach((a) => q.add(a));
    const server = fakeServer();
    const report = await q.sync(server.send);
    expect(server.calls.map((c) => c.map((a) => a.id))).toEqual([
      [actions[0].id, actions[1].id],
      [actions[2].id, actions[3].id],
      [actions[4].id],
    ]);
    // only the contract's fields go to the server
    expect(Object.keys(server.calls[1][0]).sort()).toEqual(['at', 'bookingId', 'id', 'pickupName', 'type']);
    expect(report).toMatchObject({ answered: 5, applied: 5, remaining: 0, offline: false });
    expect(q.list()).toEqual([]);
  });

  it('keeps everything on a network failure and retries; a lost answer is resent and applied once', async () => {
    const kv = new JsonKV();
    const q = new OfflineQueue(kv, 2);
    const actions = [action('b1'), action('b2'), action('b3')];
    actions.forEach((a) => q.add(a));
    const server = fakeServer();
    server.lose = true; // the first batch reaches the server, its answer never comes back
    const first = await q.sync(server.send);
    expect(first).toMatchObject({ offline: true, answered: 0, remaining: 3 });
    expect(q.list().map((a) => [a.id, a.attempts])).toEqual([
      [actions[0].id, 1],
      [actions[1].id, 1],
      [actions[2].id, 0],
    ]);
    // reopened after the kill, back online
    const again = await new OfflineQueue(kv, 2).sync(server.send);
    expect(again).toMatchObject({ offline: false, answered: 3, applied: 3, remaining: 0 });
    expect(server.calls.flat().filter((a) => a.id === actions[0].id)).toHaveLength(2); // sent twice …
    expect(server.applied.size).toBe(3); // … applied once
  });

  it('a busy answer keeps that action and everything after it, in order, for the next pass', async () => {
    const q = new OfflineQueue(new JsonKV(), 10);
    const actions = [action('b1'), action('b2'), action('b3')];
    actions.forEach((a) => q.add(a));
    const server = fakeServer();
    server.busyIds.add(actions[1].id);
    const first = await q.sync(server.send);
    expect(first).toMatchObject({ answered: 2, applied: 2, remaining: 1 });
    expect(q.list().map((a) => a.id)).toEqual([actions[1].id]);
    server.busyIds.clear();
    expect(await q.sync(server.send)).toMatchObject({ answered: 1, remaining: 0 });
  });

  it('concurrent syncs share one pass (no batch sent twice at once)', async () => {
    const q = new OfflineQueue(new JsonKV());
    q.add(action('b1'));
    q.add(action('b2'));
    const server = fakeServer();
    const [r1, r2] = await Promise.all([q.sync(server.send), q.sync(server.send)]);
    expect(r1).toBe(r2);
    expect(server.calls).toHaveLength(1);
  });

  it('refusals and actions a colleague had done become issues kept until dismissed; new actions during a sync stay queued', async () => {
    const kv = new JsonKV();
    const q = new OfflineQueue(kv);
    const cancelled = action('b1');
    const done = action('b2');
    q.add(cancelled);
    q.add(done);
    const late = action('b9');
    const report = await q.sync(async (actions) => {
      q.add(late); // recorded at the door while the batch is in flight
      return [
        { id: actions[0].id, ok: false, error: { code: 'CONFLICT', message: '该预约已取消' } },
        {
          id: actions[1].id,
          ok: true,
          duplicate: true,
          booking: { id: 'b2', status: 'checked_in', checkedInAt: '2027-03-03T01:05:00.000Z' } as never,
        },
      ];
    });
    expect(report.conflicts.map((i) => [i.action.id, i.code, i.message])).toEqual([[cancelled.id, 'CONFLICT', '该预约已取消']]);
    expect(report.duplicates[0].message).toBe('已由其他工作人员于 09:05 签到，没有重复记录');
    expect(new OfflineQueue(kv).issues().map((i) => i.kind)).toEqual(['conflict', 'duplicate']);
    expect(q.list().map((a) => a.id)).toEqual([late.id]);
    q.dismissIssues();
    expect(q.issues()).toEqual([]);
  });

  it('a batch refused as a whole (no longer staff) turns each action into an issue instead of retrying forever', async () => {
    const q = new OfflineQueue(new JsonKV());
    q.add(action('b1'));
    const report = await q.sync(async () => {
      throw new ApiError('FORBIDDEN', '只有社区工作人员可以同步签到记录');
    });
    expect(report.conflicts.map((i) => i.code)).toEqual(['FORBIDDEN']);
    expect(q.list()).toEqual([]);
  });
});

describe('roster copy on the phone', () => {
  const entry = (bookingId: string, shortCode: string, status: RosterEntry['status'] = 'confirmed'): RosterEntry => ({
    bookingId,
    shortCode,
    status,
    child: { id: `c-${bookingId}`, name: `孩子${bookingId}`, ageMonths: 20 },
    guardian: { name: '张妈妈', phoneMasked: '139****5678' },
  });
  const NINE_AM = Date.parse('2027-03-03T09:00:00+08:00');

  it('is kept for the day it was saved on, dropped on the next day and on logout', () => {
    const kv = new JsonKV();
    saveRoster(kv, 'ses-1', { roster: [entry('b1', '123456')], feverCelsius: 37.3 }, NINE_AM);
    expect(loadRoster(kv, 'ses-1', NINE_AM + 14 * 3600_000)?.roster).toHaveLength(1); // 23:00 the same day
    expect(loadRoster(kv, 'ses-1', NINE_AM + 15 * 3600_000)).toBeNull(); // 00:00 the next day (Shanghai)
    expect(kv.data.size).toBe(0);
    saveRoster(kv, 'ses-2', { roster: [entry('b2', '654321')] }, NINE_AM);
    clearRosters(kv);
    expect(loadRoster(kv, 'ses-2', NINE_AM)).toBeNull();
    expect(kv.data.size).toBe(0);
  });

  it('matches a typed 6-digit code or a scanned QR code, and shows queued steps on top', () => {
    const roster = [entry('bk_1', '111111'), entry('bk_2', '222222', 'checked_in'), entry('bk_3', '333333')];
    expect(matchCode(roster, ' 222222 ')?.bookingId).toBe('bk_2');
    expect(matchCode(roster, 'bk_3.SIGNATURE')?.bookingId).toBe('bk_3');
    expect(matchCode(roster, '999999')).toBeNull();
    expect(matchCode(roster, 'nonsense')).toBeNull();
    const shown = withQueued(roster, [
      action('bk_1') as QueuedAction,
      action('bk_1', 'checkOut') as QueuedAction,
      action('bk_2', 'checkOut') as QueuedAction,
    ]);
    expect(shown.map((e) => [e.status, e.pending])).toEqual([
      ['checked_out', 'checkOut'],
      ['checked_out', 'checkOut'],
      ['confirmed', undefined],
    ]);
  });
});
