/**
 * The operations tests' world (admin console, schedules, invites, reminders, stats, district): the shared
 * scenario builder of tests/support/world.ts over an in-process runtime (temp database, port 0, no timer:
 * tasks run after each POST /dev/clock, exactly as the contract says), plus calls by openid.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startRuntime, type Runtime } from '../../server/runtime';
import type { ActionName, Data, FunctionName, ParamsArg } from '../../cloudfunctions/shared/contract';
import { Api, type Envelope, type Reply } from '../support/http';
import { DISTRICT_ADMIN, Scenario, type Person } from '../support/world';

export type { Family } from '../support/world';
export type { Community } from '../../cloudfunctions/shared/contract';

/** The district admin's openid. */
export const ADMIN = DISTRICT_ADMIN;

/** Who calls: an openid, a person from the builders, or null (anonymous). */
export type Who = string | Person | null;

export class OpsWorld extends Scenario {
  private readonly tokens = new Map<string, string>();

  private constructor(
    api: Api,
    adminToken: string,
    readonly rt: Runtime,
    readonly dir: string,
  ) {
    super(api, adminToken);
  }

  static async start(opts: { now?: string } = {}): Promise<OpsWorld> {
    const dir = mkdtempSync(join(tmpdir(), 'bh-ops-'));
    const rt = await startRuntime({ dbFile: join(dir, 'ops.db'), port: 0, districtAdmins: [ADMIN], schedule: false, log: () => undefined });
    const api = new Api(rt.url);
    const w = new OpsWorld(api, await api.login(ADMIN), rt, dir);
    if (opts.now) await w.clock(opts.now);
    return w;
  }

  get dbFile(): string {
    return join(this.dir, 'ops.db');
  }

  async close(): Promise<void> {
    this.api.close();
    await this.rt.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Sets the server clock (null = real time); tasks due by then have run when this resolves. */
  async clock(now: string | null): Promise<void> {
    if (now === null) await this.api.setClock(null);
    else await this.setClock(now);
  }

  async token(who: Exclude<Who, null>): Promise<string> {
    if (typeof who !== 'string') return who.token;
    let t = this.tokens.get(who);
    if (!t) {
      t = await this.api.login(who);
      this.tokens.set(who, t);
    }
    return t;
  }

  /** The raw reply of fn.action as `who`, typed from the contract. */
  async call<F extends FunctionName, A extends ActionName<F>>(
    who: Who,
    fn: F,
    action: A,
    ...rest: ParamsArg<F, A>
  ): Promise<Reply<Envelope<Data<F, A>>>> {
    return this.api.call(fn, action, rest[0] as never, who === null ? null : await this.token(who));
  }

  /** fn.action with any payload, untyped: for deliberately wrong payloads. */
  async callRaw(who: Who, fn: string, action: string, params: Record<string, unknown> = {}): Promise<Reply<Envelope>> {
    return this.api.callRaw(fn, action, params, who === null ? null : await this.token(who));
  }

  /** fn.action as `who`, expecting success: the data. */
  async ok<F extends FunctionName, A extends ActionName<F>>(
    who: Exclude<Who, null>,
    fn: F,
    action: A,
    ...rest: ParamsArg<F, A>
  ): Promise<Data<F, A>> {
    const r = await this.call(who, fn, action, ...rest);
    if (!r.body.ok) throw new Error(`${fn}.${action} failed (${r.status}): ${JSON.stringify(r.body.error)}`);
    return r.body.data;
  }

  async outbox(communityId: string) {
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
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
