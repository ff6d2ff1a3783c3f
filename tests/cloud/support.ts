/**
 * Runs the BUNDLED cloud functions (dist-style folders built by scripts/build-cloud.ts) the way WeChat
 * does: each function instance is its own `node` process (tests/cloud/fn-host.js) that can resolve
 * nothing but wx-server-sdk, and the caller's identity reaches it only as the WeChat context
 * (env WX_OPENID / WX_APPID listed in WX_CONTEXT_KEYS, read by cloud.getWXContext()). The database is
 * tools/fake-clouddb, reached by the real wx-server-sdk through TCB_CONTEXT_CNFG.
 */
import { execFile, fork, type ChildProcess } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildCloud, cleanNodeEnv, installedWxServerSdk, type BuiltFunction } from '../../scripts/build-cloud';
import { sdkEnv, startFakeCloudDb, type RunningFakeCloudDb } from '../../tools/fake-clouddb/server';
import { COLLECTIONS } from '../../cloudfunctions/store/port';

const ROOT = join(__dirname, '..', '..');
export const HOST_SCRIPT = join(__dirname, 'fn-host.js');
export const APPID = 'wx0123456789abcdef';

export type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string; details?: unknown } };

export interface Staged {
  /** Holds <fn>/index.js … and node_modules/wx-server-sdk (a link) — nothing else. */
  dir: string;
  built: BuiltFunction[];
  remove(): void;
}

/** Builds every function into a fresh temporary folder that can resolve only wx-server-sdk. */
export async function buildStaged(): Promise<Staged> {
  const dir = mkdtempSync(join(tmpdir(), 'babyhouse-cloud-test-'));
  const built = await buildCloud({ outDir: dir });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(installedWxServerSdk(), join(dir, 'node_modules', 'wx-server-sdk'), 'dir');
  return { dir, built, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The fake cloud database, its collections created the way DEPLOY.md tells operators to:
 * `scripts/create-indexes.ts --create-collections` (through wx-server-sdk).
 */
export async function startDatabase(): Promise<RunningFakeCloudDb> {
  const fake = await startFakeCloudDb();
  const out = await new Promise<string>((done, fail) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/create-indexes.ts', '--create-collections', '--env', 'test-env'],
      { cwd: ROOT, env: cleanNodeEnv(sdkEnv(fake.url)), timeout: 90_000 },
      (err, stdout, stderr) => (err ? fail(new Error(`create-indexes failed: ${stderr || err.message}`)) : done(stdout)),
    );
  });
  const created = /collections created: (.*)/.exec(out)?.[1].split(', ') ?? [];
  if (created.sort().join() !== [...COLLECTIONS].sort().join()) throw new Error(`create-indexes created ${created.join(', ')}`);
  return fake;
}

interface Pending {
  resolve(v: { result?: unknown; error?: string }): void;
}

/** One cloud-function instance: a node process hosting one bundle. */
class Instance {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private stderr = '';
  private exited: Promise<void>;

  constructor(
    readonly fn: string,
    stageDir: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.child = fork(HOST_SCRIPT, [stageDir], { cwd: stageDir, env, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    this.child.stdout!.on('data', () => undefined);
    this.child.stderr!.on('data', (c: Buffer) => {
      this.stderr = (this.stderr + c.toString('utf8')).slice(-8000);
    });
    this.child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.resolve(m);
    });
    this.exited = new Promise((done) =>
      this.child.once('exit', () => {
        for (const p of this.pending.values()) p.resolve({ error: `instance ${fn} exited\n${this.stderr}` });
        this.pending.clear();
        done();
      }),
    );
  }

  /** main(event, context) with the WeChat context of `openid` (none = a call without a user, e.g. a timer). */
  async call(event: unknown, openid?: string): Promise<Envelope> {
    const id = ++this.nextId;
    const reply = await new Promise<{ result?: unknown; error?: string }>((resolve) => {
      this.pending.set(id, { resolve });
      this.child.send({ id, fn: this.fn, event, openid, appid: APPID });
    });
    if (reply.error) throw new Error(`${this.fn} threw (a main() must always answer an envelope):\n${reply.error}\n${this.stderr}`);
    return reply.result as Envelope;
  }

  get log(): string {
    return this.stderr;
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.send({ type: 'exit' });
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}

/**
 * The deployed functions. `call('booking', …)` goes to the function's first instance; `call('booking#2', …)`
 * to a second instance of the same bundle (as WeChat scales out), started on first use.
 */
export class CloudFunctions {
  private readonly instances = new Map<string, Instance>();
  readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly stageDir: string,
    databaseUrl: string,
    functionEnv: Record<string, string>,
  ) {
    this.env = cleanNodeEnv({
      ...sdkEnv(databaseUrl),
      // what the cloud runtime sets: the context keys getWXContext() reads, and the environment id
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
      TCB_ENV: 'test-env',
      SCF_NAMESPACE: 'test-env',
      ...functionEnv,
    });
  }

  instance(name: string): Instance {
    let inst = this.instances.get(name);
    if (!inst) {
      inst = new Instance(name.split('#')[0], this.stageDir, this.env);
      this.instances.set(name, inst);
    }
    return inst;
  }

  /** An app call as WeChat delivers it: the platform adds `userInfo {appId, openId}` to the event. */
  async call(name: string, event: Record<string, unknown>, openid?: string): Promise<Envelope> {
    const delivered = openid && !('userInfo' in event) ? { ...event, userInfo: { appId: APPID, openId: openid } } : event;
    return this.instance(name).call(delivered, openid);
  }

  /** The data of a success, or a failure that shows the envelope and the instance's log. */
  async ok(name: string, event: Record<string, unknown>, openid?: string): Promise<any> {
    const r = await this.call(name, event, openid);
    if (!r.ok) throw new Error(`${name}.${String(event.action)} failed: ${JSON.stringify(r)}\n${this.instance(name).log}`);
    return r.data;
  }

  async close(): Promise<void> {
    await Promise.all([...this.instances.values()].map((i) => i.close()));
    this.instances.clear();
  }
}
