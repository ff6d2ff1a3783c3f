/** Staff onboarding by one-time invite codes: single use, expiring after 72 h, revocable; staff list and removal. */
import { ADMIN, OpsWorld } from './ops-world';

const T0 = '2026-11-02T09:00:00+08:00';
const PNG_MAGIC = '89504e470d0a1a0a';

describe('worker invites', () => {
  let w: OpsWorld;
  beforeAll(async () => {
    w = await OpsWorld.start({ now: T0 });
  });
  afterAll(() => w.close());
  afterEach(() => w.clock(T0));

  it('an admin creates an invite (code + QR PNG, 72 h); the worker redeems it once and becomes staff', async () => {
    const { community } = await w.givenCommunity();
    const inv = await w.ok(ADMIN, 'admin', 'createInvite', { communityId: community.id });
    expect(inv.invite).toMatchObject({ communityId: community.id, role: 'worker', status: 'pending' });
    expect(inv.invite.code).toMatch(/^[A-Z2-9]{8}$/);
    expect(new Date(inv.invite.expiresAt).getTime() - new Date(T0).getTime()).toBe(72 * 3600_000);
    expect(Buffer.from(inv.pngBase64, 'base64').subarray(0, 8).toString('hex')).toBe(PNG_MAGIC);
    expect(inv.scene).toBe(`i=${inv.invite.code}`);
    expect(inv.scene.length).toBeLessThanOrEqual(32);
    expect(inv.url).toContain(`admin/join/index?code=${inv.invite.code}`);

    // before: no access to the door
    expect((await w.call('new-worker', 'checkin', 'sessions', {})).status).toBe(403);
    const red = await w.ok('new-worker', 'user', 'redeemInvite', { code: inv.invite.code, name: '李老师' });
    expect(red.staff).toMatchObject({ communityId: community.id, openid: 'new-worker', role: 'worker', name: '李老师' });
    expect(red.community).toMatchObject({ id: community.id, name: community.name });
    const profile = await w.ok('new-worker', 'user', 'profile');
    expect(profile.roles).toEqual([{ role: 'worker', communityId: community.id }]);
    expect((await w.call('new-worker', 'checkin', 'sessions', {})).status).toBe(200);

    // single use: anyone else is refused; the same worker retrying gets the same answer
    const again = await w.call('someone-else', 'user', 'redeemInvite', { code: inv.invite.code });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ ok: false, error: { code: 'INVALID_CODE', message: expect.stringContaining('已被使用') } });
    expect((await w.ok('someone-else', 'user', 'profile')).roles).toEqual([]);
    expect((await w.ok('new-worker', 'user', 'redeemInvite', { code: inv.invite.code })).staff.role).toBe('worker');

    // the staff list shows the worker by name; the invite is no longer pending
    const list = await w.ok(ADMIN, 'admin', 'listStaff', { communityId: community.id });
    expect(list.staff).toEqual([expect.objectContaining({ openid: 'new-worker', role: 'worker', name: '李老师' })]);
    expect(list.invites).toEqual([]);
  });

  it('expires after 72 hours', async () => {
    const { community } = await w.givenCommunity();
    const a = (await w.ok(ADMIN, 'admin', 'createInvite', { communityId: community.id })).invite.code;
    const b = (await w.ok(ADMIN, 'admin', 'createInvite', { communityId: community.id })).invite.code;
    await w.clock('2026-11-05T08:59:00+08:00'); // 71 h 59 min later
    expect((await w.ok('early-bird', 'user', 'redeemInvite', { code: a })).staff.role).toBe('worker');
    await w.clock('2026-11-05T09:00:00+08:00'); // exactly 72 h
    const late = await w.call('late-comer', 'user', 'redeemInvite', { code: b });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ ok: false, error: { code: 'INVALID_CODE', message: expect.stringContaining('已过期') } });
    expect((await w.ok('late-comer', 'user', 'profile')).roles).toEqual([]);
    // and no longer listed as pending
    expect((await w.ok(ADMIN, 'admin', 'listStaff', { communityId: community.id })).invites).toEqual([]);
  });

  it('is single use under a rush: five people redeem one code at once, exactly one succeeds', async () => {
    const { community } = await w.givenCommunity();
    const code = (await w.ok(ADMIN, 'admin', 'createInvite', { communityId: community.id })).invite.code;
    const people = ['r1', 'r2', 'r3', 'r4', 'r5'];
    await Promise.all(people.map((p) => w.token(p)));
    const replies = await Promise.all(people.map((p) => w.call(p, 'user', 'redeemInvite', { code })));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409 && !r.body.ok && r.body.error.code === 'INVALID_CODE')).toHaveLength(4);
    expect((await w.ok(ADMIN, 'admin', 'listStaff', { communityId: community.id })).staff).toHaveLength(1);
  });

  it('accepts what a scan or a person gives: the scene "i=CODE", lower case, spaces and dashes; unknown codes are refused', async () => {
    const { community } = await w.givenCommunity();
    const c1 = (await w.ok(ADMIN, 'admin', 'createInvite', { communityId: community.id })).invite.code;
    const c2 = (await w.ok(ADMIN, 'admin', 'createInvite', { communityId: community.id, role: 'admin' })).invite.code;
    expect((await w.ok('scanner', 'user', 'redeemInvite', { code: `i=${c1}` })).staff.role).toBe('worker');
    const typed = `${c2.slice(0, 4).toLowerCase()}-${c2.slice(4).toLowerCase()} `;
    expect((await w.ok('typist', 'user', 'redeemInvite', { code: typed })).staff.role).toBe('admin');
    for (const code of ['ZZZZZZZZ', '???', 'i=', '%E0%A4%A', '%']) {
      const r = await w.call('guesser', 'user', 'redeemInvite', { code });
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ ok: false, error: { code: 'INVALID_CODE' } });
    }
    expect((await w.callRaw('guesser', 'user', 'redeemInvite', {})).status).toBe(400);
    expect((await w.call(null, 'user', 'redeemInvite', { code: c1 })).status).toBe(401);
  });

  it('a revoked invite cannot be redeemed; removing staff takes their access away; only admins of the community manage staff', async () => {
    const { community } = await w.givenCommunity();
    const other = await w.givenCommunity();
    const communityAdmin = (await w.givenStaff(community, 'admin')).openid;
    const worker = (await w.givenStaff(community, 'worker')).openid;

    const code = (await w.ok(communityAdmin, 'admin', 'createInvite', { communityId: community.id })).invite.code;
    expect((await w.ok(communityAdmin, 'admin', 'listStaff', { communityId: community.id })).invites.map((i: any) => i.code)).toEqual([
      code,
    ]);
    expect((await w.ok(communityAdmin, 'admin', 'revokeInvite', { communityId: community.id, code })).invite.status).toBe('revoked');
    expect((await w.call('x', 'user', 'redeemInvite', { code })).body).toMatchObject({ ok: false, error: { code: 'INVALID_CODE' } });
    expect((await w.ok(communityAdmin, 'admin', 'listStaff', { communityId: community.id })).invites).toEqual([]);

    // workers and other communities' admins cannot invite or list
    expect((await w.call(worker, 'admin', 'createInvite', { communityId: community.id })).status).toBe(403);
    expect((await w.call(communityAdmin, 'admin', 'createInvite', { communityId: other.community.id })).status).toBe(403);
    expect((await w.call(communityAdmin, 'admin', 'listStaff', { communityId: other.community.id })).status).toBe(403);
    expect((await w.call(worker, 'admin', 'removeStaff', { communityId: community.id, openid: communityAdmin })).status).toBe(403);

    // removal
    expect((await w.call(worker, 'checkin', 'sessions', {})).status).toBe(200);
    const removed = await w.ok(communityAdmin, 'admin', 'removeStaff', { communityId: community.id, openid: worker });
    expect(removed).toMatchObject({ removed: true, staff: { openid: worker, role: 'worker' } });
    expect((await w.call(worker, 'checkin', 'sessions', {})).status).toBe(403);
    // removing again is harmless
    expect(await w.ok(communityAdmin, 'admin', 'removeStaff', { communityId: community.id, openid: worker })).toEqual({
      removed: false,
      staff: null,
    });
    const self = await w.call(communityAdmin, 'admin', 'removeStaff', { communityId: community.id, openid: communityAdmin });
    expect([self.status, !self.body.ok && self.body.error.code]).toEqual([409, 'CONFLICT']);

    // every step is in the audit log
    const { entries } = await w.ok(ADMIN, 'admin', 'auditLog', { communityId: community.id });
    const actions = entries.map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['invite.create', 'invite.revoke', 'staff.remove']));
  });

  it('never demotes: an admin who redeems a worker invite stays admin', async () => {
    const { community } = await w.givenCommunity();
    const boss = (await w.givenStaff(community, 'admin')).openid;
    const code = (await w.ok(ADMIN, 'admin', 'createInvite', { communityId: community.id, role: 'worker' })).invite.code;
    expect((await w.ok(boss, 'user', 'redeemInvite', { code })).staff.role).toBe('admin');
  });
});
