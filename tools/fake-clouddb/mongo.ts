/**
 * The MongoDB-like semantics the CloudBase database exposes, for the subset wx-server-sdk sends:
 * EJSON (de)serialisation, query matching, sorting and update operators.
 */

export type Json = unknown;
export type Document = Record<string, unknown> & { _id: string };

export class FakeDbError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------- EJSON (canonical and relaxed)

/** Parses an EJSON string (as the SDK sends it) into plain values (numbers, strings, Dates…). */
export function parseEjson(text: string): Json {
  return decode(JSON.parse(text));
}

function decode(v: Json): Json {
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1) {
      const k = keys[0];
      const x = obj[k] as any;
      switch (k) {
        case '$numberInt':
        case '$numberLong':
        case '$numberDecimal':
          return Number(x);
        case '$numberDouble':
          return x === 'NaN' ? NaN : x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : Number(x);
        case '$date':
          if (x && typeof x === 'object' && '$numberLong' in x) return new Date(Number(x.$numberLong));
          return new Date(x);
        case '$oid':
          return String(x);
        case '$tcb_server_date':
          return new Date(Date.now() + Number(x?.offset ?? 0));
        case '$regularExpression':
        case '$regex':
          throw new FakeDbError('INVALID_PARAM', 'fake-clouddb: regular expressions are not supported');
        default:
          break;
      }
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = decode(obj[k]);
    return out;
  }
  return v;
}

/** Serialises a stored value as relaxed EJSON (plain numbers; Dates as $date). */
export function stringifyEjson(v: Json): string {
  return JSON.stringify(encode(v));
}

function encode(v: Json): Json {
  if (v instanceof Date) return { $date: { $numberLong: String(v.getTime()) } };
  if (typeof v === 'number' && !Number.isFinite(v)) return { $numberDouble: String(v) };
  if (Array.isArray(v)) return v.map(encode);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encode(x);
    return out;
  }
  return v;
}

export function clone<T>(v: T): T {
  if (v instanceof Date) return new Date(v.getTime()) as unknown as T;
  if (Array.isArray(v)) return v.map(clone) as unknown as T;
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = clone(x);
    return out as T;
  }
  return v;
}

// ---------------------------------------------------------------- comparison (BSON type order)

function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  if (v instanceof Date) return 9;
  if (Array.isArray(v)) return 5;
  if (typeof v === 'object') return 4;
  if (typeof v === 'boolean') return 8;
  return 10;
}

export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 1:
      return 0;
    case 2:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 3:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case 8:
      return Number(a) - Number(b);
    case 9:
      return (a as Date).getTime() - (b as Date).getTime();
    default: {
      const sa = JSON.stringify(a);
      const sb = JSON.stringify(b);
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    }
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as any)[k], (b as any)[k]));
  }
  return false;
}

// ---------------------------------------------------------------- paths

export function getPath(doc: unknown, path: string): unknown {
  let cur: any = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[part];
  }
  return cur;
}

function setPath(doc: Record<string, any>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = doc;
  for (const part of parts.slice(0, -1)) {
    if (cur[part] === null || typeof cur[part] !== 'object') cur[part] = {};
    cur = cur[part];
  }
  cur[parts[parts.length - 1]] = value;
}

function unsetPath(doc: Record<string, any>, path: string): void {
  const parts = path.split('.');
  let cur = doc;
  for (const part of parts.slice(0, -1)) {
    if (cur[part] === null || typeof cur[part] !== 'object') return;
    cur = cur[part];
  }
  delete cur[parts[parts.length - 1]];
}

// ---------------------------------------------------------------- query matching

function eqMatch(value: unknown, target: unknown): boolean {
  if (target === null) return value === null || value === undefined; // MongoDB: null matches missing
  if (deepEqual(value, target)) return true;
  return Array.isArray(value) && value.some((el) => deepEqual(el, target));
}

function rangeMatch(value: unknown, target: unknown, test: (c: number) => boolean, inclusive: boolean): boolean {
  if (target === null) return inclusive && (value === null || value === undefined);
  const candidates = Array.isArray(value) ? value : [value];
  return candidates.some((c) => c !== undefined && typeRank(c) === typeRank(target) && test(compareValues(c, target)));
}

const isOperatorObject = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  !(v instanceof Date) &&
  Object.keys(v).length > 0 &&
  Object.keys(v).every((k) => k.startsWith('$'));

function matchField(value: unknown, cond: unknown): boolean {
  if (!isOperatorObject(cond)) return eqMatch(value, cond);
  return Object.entries(cond).every(([op, arg]) => {
    switch (op) {
      case '$eq':
        return eqMatch(value, arg);
      case '$ne':
        return !eqMatch(value, arg);
      case '$gt':
        return rangeMatch(value, arg, (c) => c > 0, false);
      case '$gte':
        return rangeMatch(value, arg, (c) => c >= 0, true);
      case '$lt':
        return rangeMatch(value, arg, (c) => c < 0, false);
      case '$lte':
        return rangeMatch(value, arg, (c) => c <= 0, true);
      case '$in':
        return asArray(arg, op).some((x) => eqMatch(value, x));
      case '$nin':
        return !asArray(arg, op).some((x) => eqMatch(value, x));
      case '$exists':
        return (value !== undefined) === Boolean(arg);
      case '$not':
        return !matchField(value, arg);
      case '$size':
        return Array.isArray(value) && value.length === arg;
      case '$all':
        return Array.isArray(value) && asArray(arg, op).every((x) => value.some((el) => deepEqual(el, x)));
      case '$elemMatch':
        return Array.isArray(value) && value.some((el) => (isOperatorObject(arg) ? matchField(el, arg) : matches(el, arg as object)));
      default:
        throw new FakeDbError('DATABASE_INVALID_OPERRATOR', `fake-clouddb: unsupported query operator ${op}`);
    }
  });
}

function asArray(v: unknown, op: string): unknown[] {
  if (!Array.isArray(v)) throw new FakeDbError('INVALID_PARAM', `${op} needs an array`);
  return v;
}

/** Does `doc` match the MongoDB query object `query`? */
export function matches(doc: unknown, query: object | undefined | null): boolean {
  if (!query) return true;
  return Object.entries(query).every(([key, cond]) => {
    switch (key) {
      case '$and':
        return asArray(cond, key).every((q) => matches(doc, q as object));
      case '$or':
        return asArray(cond, key).some((q) => matches(doc, q as object));
      case '$nor':
        return !asArray(cond, key).some((q) => matches(doc, q as object));
      default:
        if (key.startsWith('$')) throw new FakeDbError('DATABASE_INVALID_OPERRATOR', `fake-clouddb: unsupported operator ${key}`);
        return matchField(getPath(doc, key), cond);
    }
  });
}

/** Sorts by an order object `{field: 1 | -1, …}` (key order = priority), like MongoDB. */
export function sortDocs<T>(docs: T[], order: Record<string, number> | undefined): T[] {
  const entries = Object.entries(order ?? {});
  if (!entries.length) return docs;
  return [...docs].sort((a, b) => {
    for (const [field, dir] of entries) {
      const c = compareValues(getPath(a, field), getPath(b, field));
      if (c !== 0) return Number(dir) < 0 ? -c : c;
    }
    return 0;
  });
}

// ---------------------------------------------------------------- updates

/** Applies a MongoDB update document ($set, $inc, …) to a copy of `doc`. */
export function applyUpdate(doc: Document, update: Record<string, any>): Document {
  const next = clone(doc) as Record<string, any>;
  for (const [op, fields] of Object.entries(update)) {
    if (!op.startsWith('$')) {
      // A bare field in an update document: treated as $set.
      if (op === '_id' && fields !== doc._id) throw new FakeDbError('INVALID_PARAM', 'cannot change _id');
      setPath(next, op, clone(fields));
      continue;
    }
    for (const [path, arg] of Object.entries(fields as Record<string, any>)) {
      if (path === '_id' || path.startsWith('_id.')) throw new FakeDbError('INVALID_PARAM', 'cannot change _id');
      const cur = getPath(next, path);
      switch (op) {
        case '$set':
          setPath(next, path, clone(arg));
          break;
        case '$unset':
          unsetPath(next, path);
          break;
        case '$inc':
        case '$mul': {
          if (typeof arg !== 'number') throw new FakeDbError('INVALID_PARAM', `${op} needs a number`);
          if (cur !== undefined && typeof cur !== 'number') {
            throw new FakeDbError('DATABASE_REQUEST_FAILED', `Cannot apply ${op} to a value of non-numeric type (${path})`);
          }
          setPath(next, path, op === '$inc' ? (cur ?? 0) + arg : (cur ?? 0) * arg);
          break;
        }
        case '$min':
          if (cur === undefined || compareValues(arg, cur) < 0) setPath(next, path, clone(arg));
          break;
        case '$max':
          if (cur === undefined || compareValues(arg, cur) > 0) setPath(next, path, clone(arg));
          break;
        case '$push': {
          const list = cur === undefined ? [] : cur;
          if (!Array.isArray(list)) throw new FakeDbError('DATABASE_REQUEST_FAILED', `$push to a non-array (${path})`);
          const items = arg && typeof arg === 'object' && '$each' in arg ? arg.$each : [arg];
          setPath(next, path, [...list, ...clone(items)]);
          break;
        }
        default:
          throw new FakeDbError('DATABASE_INVALID_OPERRATOR', `fake-clouddb: unsupported update operator ${op}`);
      }
    }
  }
  next._id = doc._id;
  return next as Document;
}

export function sameDoc(a: unknown, b: unknown): boolean {
  return deepEqual(a, b);
}
