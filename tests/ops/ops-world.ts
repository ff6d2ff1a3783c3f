/**
 * Scenario builders for the operations tests (admin console, schedules, invites, reminders, stats),
 * over the public HTTP contract of an in-process runtime (temp database, port 0, no timer: tasks run
 * after each POST /dev/clock, exactly as the contract says).
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startRuntime, type Runtime } from '../../server/runtime';
import type { ActionName, Data, FunctionName, ParamsArg } from '../../cloudfunctions/shared/contract';

export const ADMIN = 'adm';

export interface Reply<T = any> { status: number; body: { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } } }

export interface Community { id: string; name: string; code: string }
export interface Site { id: string; communityId: string; capacity: number }
export interface Family { openid: string; token: string; childId: string; childName: string }

let seq = 0;

export class OpsWorld {
  readonly tokens = new Map<string, string>();
  constructor(readonly rt: Runtime, readonly dir: string) {}

  static async start(opts: { now?: string } = {}): Promise<OpsWorld> {
    const dir = mkdtempSync(join(tmpdir(), 'bh-ops-'));
    const rt = await startRuntime({ dbFile: join(dir, 'ops.db'), port: 0, districtAdmins: [ADMIN], schedule: false, log: () => undefined });
    const w = new OpsWorld(rt, dir);
    if (opts.now) await w.clock(opts.now);
    return w;
  }

  get dbFile(): string {
    return join(this.dir, 'ops.db');
  }

  async close(): Promise<void> {
    await this.rt.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async post<T = any>(path: string, body: unknown, token?: string): Promise<Reply<T>> {
    const res = await fetch(`${this.rt.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Reply<T>['body'] };
  }

  async token(openid: string): Promise<string> {
    let t = this.tokens.get(openid);
    if (!t) {
      const r = await this.post<{ token: string }>('/dev/login', { openid });
      if (!r.body.ok) throw new Error(`login failed: ${JSON.stringify(r.body)}`);
      t = r.body.data.token;
      this.tokens.set(openid, t);
    }
    return t;
  }

  async clock(now: string | null): Promise<void> {
    const r = await this.post('/dev/clock', { now });
    if (!r.body.ok) throw new Error(`clock failed: ${JSON.stringify(r.body)}`);
  }

  /** The raw reply of fn.action as `openid`, typed from the contract. */
  call<F extends FunctionName, A extends ActionName<F>>(
    openid: string | null, fn: F, action: A, ...rest: ParamsArg<F, A>
  ): Promise<Reply<Data<F, A>>> {
    return this.callRaw(openid, fn, action, (rest[0] ?? {}) as Record<string, unknown>) as Promise<Reply<Data<F, A>>>;
  }

  /** fn.action with any payload, untyped: for deliberately wrong payloads. */
  async callRaw(openid: string | null, fn: string, action: string, params: Record<string, unknown> = {}): Promise<Reply> {
    const token = openid ? await this.token(openid) : undefined;
    return this.post(`/api/${fn}`, { action, ...params }, token);
  }

  /** fn.action as `openid`, expecting success: the data. */
  async ok<F extends FunctionName, A extends ActionName<F>>(
    openid: string, fn: F, action: A, ...rest: ParamsArg<F, A>
  ): Promise<Data<F, A>> {
    const r = await this.call(openid, fn, action, ...rest);
    if (!r.body.ok) throw new Error(`${fn}.${action} failed (${r.status}): ${JSON.stringify(r.body.error)}`);
    return r.body.data;
  }

  async givenCommunity(opts: { capacity?: number; name?: string } = {}): Promise<{ community: Community; site: Site }> {
    const { community } = await this.ok(ADMIN, 'admin', 'createCommunity', { name: opts.name ?? `测试社区${++seq}`, district: '奉贤区' });
    const { site } = await this.ok(ADMIN, 'admin', 'createSite', {
      communityId: community.id, name: `${community.name}宝宝屋`, address: '奉浦街道 1 号', capacity: opts.capacity ?? 10,
    });
    return { community, site };
  }

  async givenStaff(communityId: string, role: 'worker' | 'admin', openid = `${role}-${++seq}`): Promise<string> {
    await this.ok(ADMIN, 'admin', 'addStaff', { communityId, openid, role });
    return openid;
  }

  /** A registered parent with one child of `ageMonths` on `onDate`. */
  async givenFamily(community: Community, onDate: string, opts: { ageMonths?: number; name?: string } = {}): Promise<Family> {
    const openid = `parent-${++seq}`;
    const [y, m, d] = onDate.split('-').map(Number);
    const birth = new Date(Date.UTC(y, m - 1 - (opts.ageMonths ?? 18), Math.min(d, 28)));
    const childName = opts.name ?? `宝宝${seq}`;
    const { child } = await this.ok(openid, 'user', 'register', {
      communityCode: community.code,
      guardian: { name: `家长${seq}`, phone: `138${String(10000000 + seq).slice(-8)}`, relation: '妈妈' },
      child: { name: childName, gender: 'F', birthDate: birth.toISOString().slice(0, 10) },
      consent: { policyVersion: 'test', agreed: true },
    });
    return { openid, token: await this.token(openid), childId: child.id, childName };
  }

  async book(fam: Family, sessionId: string, extra: Record<string, unknown> = {}): Promise<any> {
    const { booking } = await this.ok(fam.openid, 'booking', 'book', {
      sessionId, childId: fam.childId, requestId: `req-${++seq}-${Date.now()}`, ...extra,
    });
    return booking;
  }

  async sessions(siteId: string, dates: string[], start = '09:00', end = '11:00', capacity?: number): Promise<any[]> {
    const { sessions } = await this.ok(ADMIN, 'admin', 'createSessions', { siteId, dates, start, end, ...(capacity ? { capacity } : {}) });
    return sessions;
  }

  async outbox(communityId: string): Promise<any[]> {
    return (await this.ok(ADMIN, 'admin', 'outbox', { communityId })).notifications;
  }
}

/** Minimal RFC 4180 parser (quotes, doubled quotes, CRLF); strips a leading BOM. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}
