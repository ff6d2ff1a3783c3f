/**
 * Bad input (docs/contract.md "Errors"): every action given each required field missing, every field
 * wrong-typed, oversized or out of format; every function given invalid JSON, non-object bodies, missing,
 * wrong-typed and unknown actions and a body over 64 KB. Each answer is a 4xx envelope with a contract
 * code and a Chinese message, and the database is exactly as before (no row added, changed or deleted).
 */
import { DEPLOYED_ACTIONS, FUNCTIONS } from '../../cloudfunctions/core/functions';
import { givenWorld, provideTargets, templatesOf, type World } from '../support/actions';
import { errorEnvelopeProblem, replyCode } from '../support/contract';
import { bodyBreakers, fieldMutations } from '../support/mutations';
import { dumpDiff, givenRuntime, type TestRuntime } from '../support/world';

const DEPLOYED = DEPLOYED_ACTIONS;

describe('bad input writes nothing and answers a contract error', () => {
  let w: TestRuntime;
  let world: World;
  let before: ReturnType<TestRuntime['dump']>;
  let version: number;
  beforeAll(async () => {
    w = await givenRuntime();
    world = await givenWorld(w);
    for (const key of DEPLOYED) for (const t of templatesOf(key)) await provideTargets(world, t);
    before = w.dump();
    version = w.dataVersion();
  });
  afterAll(async () => {
    await w?.close();
  });

  /** Whether the database changed since the world was built (and what, if so). */
  const changes = () => (w.dataVersion() === version ? [] : dumpDiff(before, w.dump()));

  it('every field of every action: missing, wrong type, oversized, out of format', async () => {
    const started = performance.now();
    const failures: string[] = [];
    const codes: Record<string, number> = {};
    let requests = 0;
    for (const key of DEPLOYED) {
      const [fn, action] = key.split('.');
      for (const template of templatesOf(key)) {
        const caller = world.callers[template.as];
        for (const m of fieldMutations(template.params(world.targets), template.optional)) {
          const r = await w.api.callRaw(fn, action, m.payload, caller?.token);
          requests++;
          const code = replyCode(r);
          codes[code] = (codes[code] ?? 0) + 1;
          // a refused consent is the contract's CONSENT_REQUIRED; a malformed check-in or invite code INVALID_CODE
          // (or NOT_FOUND: no such invite); a scene naming no community NOT_FOUND; everything else INVALID_ARGUMENT
          const expected = m.label.startsWith('consent')
            ? ['INVALID_ARGUMENT', 'CONSENT_REQUIRED']
            : m.label.startsWith('code:')
              ? ['INVALID_ARGUMENT', 'INVALID_CODE', 'NOT_FOUND']
              : m.label.startsWith('scene: "')
                ? ['INVALID_ARGUMENT', 'NOT_FOUND']
                : ['INVALID_ARGUMENT'];
          // the contract allows 413 for a body over 64 KB (e.g. 500 offline actions with their health checks)
          const oversized = Buffer.byteLength(JSON.stringify({ action, ...m.payload })) > 64 * 1024 ? [413] : [];
          const problem = errorEnvelopeProblem(r, expected, oversized);
          if (problem) failures.push(`${key} ${m.label}: ${problem}`);
          const changed = changes();
          if (changed.length) {
            failures.push(`${key} ${m.label}: wrote ${changed.length} rows: ${changed.slice(0, 2).join('; ')}`);
            before = w.dump();
            version = w.dataVersion();
          }
        }
      }
    }
    console.log(
      `bad input (fields): ${requests} requests over ${DEPLOYED.length} actions, codes ${JSON.stringify(codes)}, ` +
        `${failures.length} failures, ${Math.round(performance.now() - started)} ms`,
    );
    expect(failures).toEqual([]);
  });

  it('every function: broken bodies, missing/wrong/unknown actions, > 64 KB', async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const [fn, table] of Object.entries(FUNCTIONS)) {
      const someAction = Object.keys(table)[0];
      for (const token of [null, world.callers.parent!.token]) {
        for (const b of bodyBreakers(someAction)) {
          const r = await w.api.raw({ path: `/api/${fn}`, body: b.body, headers: token ? { authorization: `Bearer ${token}` } : {} });
          requests++;
          const problem = errorEnvelopeProblem(r, b.codes, b.statuses);
          if (problem) failures.push(`${fn} ${b.label} (${token ? 'signed in' : 'anonymous'}): ${problem}`);
        }
      }
    }
    expect(changes()).toEqual([]);
    console.log(`bad input (bodies): ${requests} requests, ${failures.length} failures`);
    expect(failures).toEqual([]);
  });

  it('unknown functions, paths and methods answer 404 envelopes', async () => {
    const token = world.callers.parent!.token;
    const cases: Array<{ method: string; path: string }> = [
      { method: 'POST', path: '/api/nope' },
      { method: 'POST', path: '/api/constructor' },
      { method: 'POST', path: '/api/__proto__' },
      { method: 'POST', path: '/api/user/extra' },
      { method: 'POST', path: '/api/' },
      { method: 'GET', path: '/api/user' },
      { method: 'PUT', path: '/api/booking' },
      { method: 'DELETE', path: '/api/admin' },
      { method: 'POST', path: '/dev/nothing' },
    ];
    for (const c of cases) {
      const r = await w.api.raw({
        method: c.method,
        path: c.path,
        body: c.method === 'GET' ? undefined : '{"action":"profile"}',
        headers: { authorization: `Bearer ${token}` },
      });
      const problem = errorEnvelopeProblem(r, ['NOT_FOUND']);
      if (problem) throw new Error(`${c.method} ${c.path}: ${problem}`);
    }
    expect(changes()).toEqual([]);
  });

  it('a malformed, forged or foreign token is anonymous (401 on every action)', async () => {
    const good = world.callers.parent!.token;
    const [id, sig] = good.split('.');
    const forged = [
      'garbage',
      `${id}.`,
      `${id}.${'A'.repeat(sig.length)}`,
      `${Buffer.from('district-admin').toString('base64url')}.${sig}`,
      `${id}.${sig}x`,
      `${id}.${sig.slice(0, -1)}`,
      `${id}${sig}`,
      `Bearer ${good}`,
      good.repeat(50),
    ];
    for (const key of DEPLOYED) {
      const [fn, action] = key.split('.');
      const params = templatesOf(key)[0].params(world.targets);
      for (const token of forged) {
        const r = await w.api.callRaw(fn, action, params, token);
        const problem = errorEnvelopeProblem(r, ['UNAUTHENTICATED']);
        if (problem) throw new Error(`${key} with token ${token.slice(0, 40)}: ${problem}`);
      }
    }
    expect(changes()).toEqual([]);
  });

  it('dev endpoints refuse bad input too', async () => {
    for (const body of [
      '{"openid": ""}',
      '{"openid": 5}',
      '{"openid": "has space"}',
      `{"openid": "${'a'.repeat(129)}"}`,
      '[]',
      'nope',
      '',
    ]) {
      expect(errorEnvelopeProblem(await w.api.raw({ path: '/dev/login', body }), ['INVALID_ARGUMENT'])).toBeNull();
    }
    for (const body of ['{"now": "yesterday"}', '{"now": 5}', '{}', '[]', '{']) {
      expect(errorEnvelopeProblem(await w.api.raw({ path: '/dev/clock', body }), ['INVALID_ARGUMENT'])).toBeNull();
    }
    expect(changes()).toEqual([]);
  });
});
