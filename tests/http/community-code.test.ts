/**
 * A family without a working QR types the community code printed under it: user.resolveScene takes the
 * QR's scene ("c=CODE") or the bare code, in any case, and names an unknown one NOT_FOUND in Chinese.
 */
import { CHINESE, expectErrorEnvelope } from '../support/contract';
import { givenRuntime, type CommunityFixture, type Person, type TestRuntime } from '../support/world';

describe('user.resolveScene with a typed community code', () => {
  let w: TestRuntime;
  let a: CommunityFixture;
  let parent: Person;
  beforeAll(async () => {
    w = await givenRuntime();
    a = await w.givenCommunity({ name: '奉浦社区' });
    await w.givenCommunity({ name: '别的社区' });
    parent = await w.person();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('the scene of the QR and the typed code (upper or lower case) find the same community', async () => {
    expect(a.code).toMatch(/^[A-Z0-9]{6}$/);
    for (const scene of [`c=${a.code}`, a.code, a.code.toLowerCase(), ` ${a.code} `]) {
      const { community } = await w.api.ok('user', 'resolveScene', { scene }, parent.token);
      expect([scene, community]).toEqual([scene, { id: a.id, name: '奉浦社区', district: '黄浦区', code: a.code }]);
    }
  });

  it('an unknown or empty code is refused with a Chinese message, never another community', async () => {
    const unknown = await w.api.call('user', 'resolveScene', { scene: 'ZZZZZZ' }, parent.token);
    expectErrorEnvelope(unknown, 'NOT_FOUND');
    expect(unknown.status).toBe(404);
    expect(unknown.body.ok === false && CHINESE.test(unknown.body.error.message)).toBe(true);
    expectErrorEnvelope(await w.api.callRaw('user', 'resolveScene', { scene: '' }, parent.token), 'INVALID_ARGUMENT');
    expectErrorEnvelope(await w.api.callRaw('user', 'resolveScene', { scene: 'x'.repeat(65) }, parent.token), 'INVALID_ARGUMENT');
  });
});
