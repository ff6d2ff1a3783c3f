/**
 * Malformed payloads derived from a valid one: each required field missing, every field of a wrong JSON
 * type, oversized or out of format; plus whole-body breakage (invalid JSON, non-object bodies, missing or
 * wrong-typed or unknown action, a body over 64 KB). Used by the bad-input suite (all of them, once) and
 * the fuzz run (random combinations).
 */

export interface Mutation {
  label: string;
  /** The valid payload with this one change. */
  payload: Record<string, unknown>;
  /** The change itself, to apply on top of another mutation (see applyMutation). */
  path: Path;
  remove: boolean;
  value?: unknown;
}

type Path = Array<string | number>;
const pathText = (p: Path) => p.join('.');

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function setAt(root: Record<string, unknown>, path: Path, value: unknown, remove = false): Record<string, unknown> {
  const out = clone(root);
  let cur: any = out;
  for (const k of path.slice(0, -1)) {
    cur = cur?.[k];
    if (!cur || typeof cur !== 'object') throw new Error(`no object at ${pathText(path)}`);
  }
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else delete cur[last];
  } else cur[last] = value;
  return out;
}

function leaves(v: unknown, path: Path = [], out: Array<{ path: Path; value: unknown }> = []) {
  if (path.length) out.push({ path, value: v });
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, [...path, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, [...path, k], out);
  return out;
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const SAMPLES: Record<string, unknown> = { string: 'x', number: 7, boolean: true, null: null, object: { a: 1 }, array: [1] };

/** Strings no field of that name accepts (dates, times, phones, enums, ids with a format). */
const FORMAT_BREAKERS: Record<string, unknown[]> = {
  date: ['2027-02-30', '2027-2-3', '20270203'],
  from: ['2027-13-01'],
  to: ['yesterday'],
  birthDate: ['2027-02-29', '03/03/2026'],
  dates: ['2027-02-30'],
  start: ['24:00', '9:00'],
  end: ['25:61'],
  phone: ['12345678901', '1391234567', '+8613912345678'],
  gender: ['X', 'male'],
  role: ['root', 'district_admin'],
  category: ['cartoons'],
  requestId: ['short', 'has space in it!', 'ä'.repeat(10)],
  weekdays: [0, 8, 1.5],
  // scanned or typed codes: broken percent-encoding, as a damaged QR scan or a hand-typed URL gives
  scene: ['%', 'c=%E0%A4%A', '%zz'],
  code: ['%', '%E0%A4%A', 'i=%'],
  // residents' voice: bounds, enums and hidden characters
  text: ['短', '1234', '\u200b\u200b\u200b\u200b\u200b', '希望\u202e周末开放'],
  reply: ['\u0000', '\u202e'],
  comment: ['x'.repeat(201), '\u0007响铃'],
  tags: ['x'.repeat(11), '\u200b'],
  stars: [0, 6, 4.5],
  grade: ['D', 'a', '优秀'],
  inspectedAt: ['2027-02-30', '2099-01-01'],
  status: ['closed'],
  note: ['x'.repeat(201)],
};

const BIG = 'x'.repeat(5000);
const BIG_CJK = '宝'.repeat(3000);

/** `m`'s change applied to `payload` (another mutation's result), or null where it no longer fits. */
export function applyMutation(payload: Record<string, unknown>, m: Mutation): Record<string, unknown> | null {
  try {
    return setAt(payload, m.path, m.value, m.remove);
  } catch {
    return null;
  }
}

/**
 * Every single-field mutation of `valid`. `optional` lists dot paths that may be absent; a path is
 * optional too when one of its ancestors is. Each mutation is expected to be refused.
 */
export function fieldMutations(valid: Record<string, unknown>, optional: string[] = []): Mutation[] {
  const out: Mutation[] = [];
  const add = (label: string, path: Path, value: unknown, remove = false) =>
    out.push({ label, path, remove, value, payload: setAt(valid, path, value, remove) });
  const isOptional = (p: Path) => p.some((_, i) => optional.includes(pathText(p.slice(0, i + 1))));
  for (const { path, value } of leaves(valid)) {
    const at = pathText(path);
    const inArray = typeof path[path.length - 1] === 'number';
    const t = typeOf(value);
    if (!inArray && !isOptional(path)) add(`${at}: missing`, path, undefined, true);
    for (const [other, sample] of Object.entries(SAMPLES)) {
      if (other !== t) add(`${at}: ${other} instead of ${t}`, path, sample);
    }
    if (t === 'string') {
      add(`${at}: 5000 chars`, path, BIG);
      add(`${at}: 3000 CJK chars`, path, BIG_CJK);
      // empty text is fine in an optional free-text field (notes); a blank id is merely an unknown id
      if (!isOptional(path)) add(`${at}: empty`, path, '');
      if (!isOptional(path) && !/Id$/.test(String(path[path.length - 1]))) add(`${at}: blank`, path, '   ');
    }
    if (t === 'number') {
      add(`${at}: negative`, path, -1);
      add(`${at}: huge`, path, 1e12);
    }
    if (t === 'array') {
      const arr = value as unknown[];
      if (!isOptional(path)) add(`${at}: empty array`, path, []);
      add(
        `${at}: 500 items`,
        path,
        Array.from({ length: 500 }, () => clone(arr[0])),
      );
    }
    const key = String(inArray ? path[path.length - 2] : path[path.length - 1]);
    for (const bad of FORMAT_BREAKERS[key] ?? []) {
      if (typeOf(bad) === t) add(`${at}: ${JSON.stringify(bad).slice(0, 30)}`, path, bad);
    }
  }
  return out;
}

/** Raw bodies that are not a valid action call for any function: [label, body text, expected codes]. */
export function bodyBreakers(validAction: string): Array<{ label: string; body: string | Buffer; codes: string[]; statuses?: number[] }> {
  const invalid = ['INVALID_ARGUMENT'];
  return [
    { label: 'invalid JSON', body: '{"action": "profile",', codes: invalid },
    { label: 'invalid JSON (single quotes)', body: "{'action': 'x'}", codes: invalid },
    { label: 'not JSON at all', body: 'action=profile', codes: invalid },
    { label: 'empty body', body: '', codes: invalid },
    { label: 'whitespace body', body: '   \n', codes: invalid },
    { label: 'JSON null', body: 'null', codes: invalid },
    { label: 'JSON array', body: JSON.stringify([{ action: validAction }]), codes: invalid },
    { label: 'JSON number', body: '42', codes: invalid },
    { label: 'JSON string', body: JSON.stringify(validAction), codes: invalid },
    { label: 'JSON true', body: 'true', codes: invalid },
    { label: 'no action', body: '{}', codes: invalid },
    { label: 'action null', body: '{"action": null}', codes: invalid },
    { label: 'action number', body: '{"action": 1}', codes: invalid },
    { label: 'action array', body: JSON.stringify({ action: [validAction] }), codes: invalid },
    { label: 'action object', body: JSON.stringify({ action: { name: validAction } }), codes: invalid },
    { label: 'action empty', body: '{"action": ""}', codes: invalid },
    { label: 'unknown action', body: '{"action": "doesNotExist"}', codes: ['NOT_FOUND'] },
    { label: 'action __proto__', body: '{"action": "__proto__"}', codes: ['NOT_FOUND'] },
    { label: 'action constructor', body: '{"action": "constructor"}', codes: ['NOT_FOUND'] },
    { label: 'action toString', body: '{"action": "toString"}', codes: ['NOT_FOUND'] },
    { label: 'action hasOwnProperty', body: '{"action": "hasOwnProperty"}', codes: ['NOT_FOUND'] },
    { label: 'action in other case', body: JSON.stringify({ action: validAction.toUpperCase() }), codes: ['NOT_FOUND'] },
    { label: 'action with spaces', body: JSON.stringify({ action: ` ${validAction} ` }), codes: ['NOT_FOUND'] },
    { label: 'very long action', body: JSON.stringify({ action: 'a'.repeat(20_000) }), codes: ['NOT_FOUND'] },
    { label: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0x61, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), codes: invalid },
    {
      label: 'body over 64 KB',
      body: JSON.stringify({ action: validAction, pad: 'x'.repeat(70 * 1024) }),
      codes: invalid,
      statuses: [413],
    },
    { label: 'body of 1 MB', body: JSON.stringify({ action: validAction, pad: 'x'.repeat(1024 * 1024) }), codes: invalid, statuses: [413] },
  ];
}
