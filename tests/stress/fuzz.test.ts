/**
 * Fuzz: ≥ 10,000 malformed requests across every action of every function, against the runtime
 * as its own process: single and double field mutations of valid payloads (sent by a caller entitled to
 * the action, so validation is reached), broken bodies, random junk JSON, forged tokens, identity-looking
 * and prototype keys. Only 4xx envelopes with contract codes and Chinese messages; the database is
 * unchanged; the runtime is still healthy; invariants hold. FUZZ_SEED / FUZZ_REQUESTS to vary.
 */
import { DEPLOYED_ACTIONS } from '../../cloudfunctions/core/functions';
import { formatInvariantReport } from '../../cloudfunctions/core/invariants';
import { checkDatabaseFile, readRows } from '../../scripts/check-invariants';
import { givenWorld, provideTargets, templatesOf, type World } from '../support/actions';
import { CLIENT_ERROR_CODES, errorEnvelopeProblem, replyCode } from '../support/contract';
import { Api, pool } from '../support/http';
import { applyMutation, bodyBreakers, fieldMutations, type Mutation } from '../support/mutations';
import { spawnServer, type ServerProcess } from '../support/server-process';
import { Scenario, tempDir } from '../support/world';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20301);

/** mulberry32: a small seeded PRNG, so a failing run can be repeated with FUZZ_SEED. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

/** Random JSON of bounded size: deep nesting, long and odd strings, odd numbers, prototype-ish keys. */
function junk(rng: Rng, depth = 0): unknown {
  const strings = [
    '',
    ' ',
    '\u0000',
    '\ud800',
    '宝宝屋',
    '%',
    '%E0%A4%A',
    "'; DROP TABLE bookings; --",
    '<script>alert(1)</script>',
    'x'.repeat(rng.int(3000)),
    '__proto__',
    'null',
    '1e309',
  ];
  const keys = [
    '__proto__',
    'constructor',
    'prototype',
    'openid',
    'OPENID',
    '_openid',
    'action',
    'sessionId',
    '$where',
    '',
    'a.b',
    'toString',
  ];
  switch (depth > 4 ? rng.int(4) : rng.int(7)) {
    case 0:
      return rng.pick(strings);
    case 1:
      return rng.pick([0, -0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 36.6]);
    case 2:
      return rng.pick([true, false, null]);
    case 3:
      return rng.int(5);
    case 4:
      return Array.from({ length: rng.int(6) }, () => junk(rng, depth + 1));
    case 5:
      return Object.fromEntries(Array.from({ length: rng.int(6) }, () => [rng.pick(keys), junk(rng, depth + 1)]));
    default: {
      const n = 1 + rng.int(3000);
      return JSON.parse('['.repeat(n) + ']'.repeat(n)); // deep nesting
    }
  }
}

interface FuzzCase {
  fn: string;
  label: string;
  body: string | Buffer;
  token: string | null;
}

describe('stress: HTTP fuzz', () => {
  const tmp = tempDir('babyhouse-fuzz-');
  let server: ServerProcess;
  afterAll(async () => {
    await server?.stop();
    tmp.remove();
  });

  it(`${REQUESTS} malformed requests answer only 4xx contract envelopes and change nothing`, async () => {
    const dbFile = tmp.file('fuzz.db');
    server = await spawnServer({ dbFile });
    const api = new Api(server.url, { maxSockets: 32 });
    const s = await Scenario.connect(api);
    const world: World = await givenWorld(s);
    const keys = DEPLOYED_ACTIONS;
    const templates = keys.flatMap((key) => templatesOf(key).map((t) => ({ key, t })));
    for (const { t } of templates) await provideTargets(world, t);
    const usable = templates.filter(({ t }) => (t.needs ?? []).every((n) => world.targets[n] !== undefined));
    const mutationsOf = new Map(
      usable.map(({ key, t }) => [t, fieldMutations(t.params(world.targets), t.optional).map((m) => ({ ...m, key }))]),
    );
    const good = world.callers.parent!.token;
    const [gid, gsig] = good.split('.');
    const forgedTokens = [
      'x',
      `${gid}.`,
      `${gid}.${gsig.split('').reverse().join('')}`,
      `${Buffer.from('district-admin').toString('base64url')}.${gsig}`,
      `${gid}.${gsig}.${gsig}`,
      '.'.repeat(30),
    ];

    const rng = prng(SEED);
    const breakers = new Map<string, ReturnType<typeof bodyBreakers>>();
    const cases: FuzzCase[] = [];
    const withAction = (key: string, payload: Record<string, unknown>) => JSON.stringify({ action: key.split('.')[1], ...payload });
    while (cases.length < REQUESTS) {
      const roll = rng.next();
      const { key, t } = rng.pick(usable);
      const fn = key.split('.')[0];
      const token = world.callers[t.as]?.token ?? null;
      const ms = mutationsOf.get(t)!;
      if (roll < 0.45 && ms.length) {
        const m = rng.pick(ms);
        cases.push({ fn, label: `${key} ${m.label}`, body: withAction(key, m.payload), token });
      } else if (roll < 0.6 && ms.length) {
        // two mutations: the second applied on top of the first's payload where it still fits
        const m1: Mutation = rng.pick(ms);
        const m2: Mutation = rng.pick(ms);
        const both = applyMutation(m1.payload, m2);
        cases.push({ fn, label: `${key} ${m1.label}${both ? ` + ${m2.label}` : ''}`, body: withAction(key, both ?? m1.payload), token });
      } else if (roll < 0.68 && ms.length) {
        const m = rng.pick(ms);
        const extra = Object.fromEntries(
          Array.from({ length: 1 + rng.int(4) }, () => [
            rng.pick(['__proto__', 'constructor', 'openid', 'OPENID', 'userInfo', 'role']),
            junk(rng),
          ]),
        );
        cases.push({ fn, label: `${key} ${m.label} + junk keys`, body: withAction(key, { ...extra, ...m.payload }), token });
      } else if (roll < 0.8) {
        const action = key.split('.')[1];
        if (!breakers.has(action)) breakers.set(action, bodyBreakers(action));
        const b = rng.pick(breakers.get(action)!);
        cases.push({ fn, label: `${fn} ${b.label}`, body: b.body, token: rng.next() < 0.5 ? token : null });
      } else if (roll < 0.9) {
        const value = junk(rng);
        const body =
          value && typeof value === 'object' && !Array.isArray(value)
            ? { ...(value as object), action: rng.pick(['nope', 'Book', 'book ', '', 'admin.book', 'x'.repeat(100)]) }
            : value;
        cases.push({ fn, label: `${fn} junk JSON`, body: JSON.stringify(body) ?? 'undefined', token });
      } else {
        cases.push({ fn, label: `${key} forged token`, body: withAction(key, t.params(world.targets)), token: rng.pick(forgedTokens) });
      }
    }

    const before = readRows(dbFile);
    const codes: Record<string, number> = {};
    const failures: string[] = [];
    let serverErrors = 0;
    let clientErrors = 0;
    const started = performance.now();
    await pool(cases, 32, async (c) => {
      const r = await api.raw({ path: `/api/${c.fn}`, body: c.body, headers: c.token ? { authorization: `Bearer ${c.token}` } : {} });
      const code = replyCode(r);
      codes[code] = (codes[code] ?? 0) + 1;
      if (r.status >= 500) serverErrors++;
      if (r.status >= 400 && r.status < 500) clientErrors++;
      const problem =
        r.status >= 400 && r.status < 500 ? errorEnvelopeProblem(r, CLIENT_ERROR_CODES, [413]) : `HTTP ${r.status} ${r.text.slice(0, 200)}`;
      if (problem && failures.length < 50) failures.push(`${c.label}: ${problem}`);
    });
    const elapsed = Math.round(performance.now() - started);
    const healthy = await api.healthy();
    const after = readRows(dbFile);
    const changed = Object.keys({ ...before, ...after }).filter((t) => JSON.stringify(before[t] ?? []) !== JSON.stringify(after[t] ?? []));
    const report = checkDatabaseFile(dbFile);
    const stillWorks = await api.call('user', 'profile', {}, good);
    api.close();
    console.log(
      `fuzz: seed ${SEED}, requests ${cases.length}, 4xx ${clientErrors}, 5xx ${serverErrors}, ` +
        `codes ${JSON.stringify(codes)}, elapsed ${elapsed} ms (${Math.round(cases.length / (elapsed / 1000))} req/s), healthy ${healthy}, ` +
        `tables changed ${JSON.stringify(changed)}, ${formatInvariantReport(report)}`,
    );
    expect(failures).toEqual([]);
    expect(clientErrors).toBe(cases.length);
    expect(serverErrors).toBe(0);
    expect(healthy).toBe(true);
    expect(changed).toEqual([]);
    expect(report.ok).toBe(true);
    expect(stillWorks.status).toBe(200);
  });
});
