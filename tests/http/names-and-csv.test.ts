/**
 * One name rule for every name field (guardian, child, pickup, staff, site, community): invisible,
 * control and bidi-override characters and lone surrogates are refused, with a Chinese message and
 * nothing written. CSV exports neutralise cells that a spreadsheet would run as a formula.
 */
import { csvCell } from '../../cloudfunctions/core/csv';
import { parseCsv } from '../ops/ops-world';
import { expectErrorEnvelope } from '../support/contract';
import { givenRuntime, type CommunityFixture, type Family, type TestRuntime } from '../support/world';

const BAD_NAMES: Array<[string, string]> = [
  ['only zero-width', '\u200b\u200c\u200d'],
  ['right-to-left override', '小丽\u202Egnp.exe'],
  ['left-to-right isolate', 'a\u2066b'],
  ['NUL', '小\u0000丽'],
  ['line feed inside', '小\n丽'],
  ['lone surrogate', '小\ud800丽'],
  ['BOM only', '\ufeff'],
  ['spaces only', '   '],
  ['combining mark only', '\u0301'],
];

describe('names: one rule for every name field', () => {
  let w: TestRuntime;
  let c: CommunityFixture;
  let fam: Family;
  let inviteCode: string | undefined;
  beforeAll(async () => {
    w = await givenRuntime();
    c = await w.givenCommunity();
    fam = await w.givenParentWithChild(c);
  });
  afterAll(async () => {
    await w?.close();
  });

  const fields: Array<[string, (name: string) => Promise<unknown>]> = [
    [
      'guardian.name',
      async (name) =>
        w.api.call(
          'user',
          'register',
          {
            communityCode: c.code,
            guardian: { name, phone: '13900001111', relation: '妈妈' },
            child: { name: '小明', gender: 'M', birthDate: '2029-01-01' },
            consent: { policyVersion: 'v1', agreed: true },
          },
          (await w.person()).token,
        ),
    ],
    ['child.name', (name) => w.api.call('user', 'addChild', { child: { name, gender: 'F', birthDate: '2029-01-01' } }, fam.token)],
    [
      'pickup.name',
      (name) => w.api.call('user', 'updateChild', { childId: fam.child.id, pickups: [{ name, relation: '奶奶' }] }, fam.token),
    ],
    [
      'pickup.relation',
      (name) => w.api.call('user', 'updateChild', { childId: fam.child.id, pickups: [{ name: '王奶奶', relation: name }] }, fam.token),
    ],
    [
      'site.name',
      (name) => w.api.call('admin', 'createSite', { communityId: c.id, name, address: '测试路 2 号', capacity: 10 }, w.adminToken),
    ],
    ['community.name', (name) => w.api.call('admin', 'createCommunity', { name, district: '黄浦区' }, w.adminToken)],
    [
      'staff name',
      async (name) => {
        // a refused name leaves the invite unused, so one invite serves every attempt (its QR code is slow to draw)
        inviteCode ??= (await w.api.ok('admin', 'createInvite', { communityId: c.id }, w.adminToken)).invite.code;
        return w.api.call('user', 'redeemInvite', { code: inviteCode, name }, (await w.person()).token);
      },
    ],
  ];

  it.each(fields)('%s refuses invisible, control and bidi characters and writes nothing', async (_field, send) => {
    for (const [label, bad] of BAD_NAMES) {
      const version = w.dataVersion();
      const r = (await send(bad)) as Parameters<typeof expectErrorEnvelope>[0];
      try {
        expectErrorEnvelope(r, 'INVALID_ARGUMENT');
      } catch (e) {
        throw new Error(`${label}: ${(e as Error).message}`);
      }
      expect(/[\u4e00-\u9fff]/.test((r as any).body.error.message)).toBe(true);
      if (!_field.startsWith('staff') && !_field.startsWith('guardian')) expect(w.dataVersion()).toBe(version);
    }
  });

  it.each(fields)('%s accepts a plain name, trimmed', async (_field, send) => {
    const r = (await send('  王小丽 ')) as any;
    expect(r.body.ok).toBe(true);
  });

  it('the roster shows what the parent typed, no hidden direction tricks', async () => {
    const profile = await w.api.ok('user', 'profile', {}, fam.token);
    for (const ch of profile.children) expect(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/.test(ch.name)).toBe(false);
  });
});

describe('CSV cells that a spreadsheet would run are neutralised', () => {
  it.each([
    ['=HYPERLINK("http://x","点我")', `"'=HYPERLINK(""http://x"",""点我"")"`],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['+1-2', "'+1-2"],
    ['-3+4', "'-3+4"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['平常的原因', '平常的原因'],
  ])('%j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('numbers stay numbers (a negative count is not a formula)', () => {
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(0.75)).toBe('0.75');
  });

  it('admin.exportCsv: a hostile site name and cancel reason come out as text', async () => {
    const w = await givenRuntime();
    try {
      const c = await w.givenCommunity();
      const { site } = await w.api.ok(
        'admin',
        'createSite',
        { communityId: c.id, name: '=HYPERLINK("http://evil")', address: '路', capacity: 5 },
        w.adminToken,
      );
      const { sessions } = await w.api.ok(
        'admin',
        'createSessions',
        { siteId: site.id, dates: [w.today()], start: '14:00', end: '16:00' },
        w.adminToken,
      );
      await w.api.ok('admin', 'cancelSession', { sessionId: sessions[0].id, reason: '@SUM(1+1)*cmd' }, w.adminToken);
      const { csv } = await w.api.ok('admin', 'exportCsv', { communityId: c.id, from: w.today(), to: w.today() }, w.adminToken);
      const cells = parseCsv(csv).flat();
      expect(cells).toContain(`'=HYPERLINK("http://evil")`);
      expect(cells).toContain(`'@SUM(1+1)*cmd`);
      expect(cells.filter((x) => /^[=+@\t\r]/.test(x) || /^-\D/.test(x))).toEqual([]);
    } finally {
      await w.close();
    }
  });
});
