/**
 * The local runtime: the very same cloud-function action tables over HTTP (docs/contract.md), on the
 * embedded SQLite store, plus dev login, a controllable clock, scheduled tasks and the H5 build.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import { join, resolve } from 'path';
import { dispatch, toErrorEnvelope } from '../cloudfunctions/core/handler';
import { functionTable } from '../cloudfunctions/core/functions';
import { createServices, type Services } from '../cloudfunctions/core/services';
import { hmacSigner, randomIds, type Deps } from '../cloudfunctions/core/deps';
import { ControllableClock } from '../cloudfunctions/core/time';
import { AppError, ErrorCode, HTTP_STATUS, type Envelope } from '../cloudfunctions/shared/errors';
import { openSqliteStore } from '../cloudfunctions/store/sqlite';
import type { Store } from '../cloudfunctions/store/port';
import { appSecret } from '../cloudfunctions/core/secret';
import { seedCatalogue } from './seed';
import { guardConnections, type GuardOptions, type GuardStats } from './guard';
import { fileUnder, sendFile } from './static';
import { migrateKinds } from '../cloudfunctions/core/migrations';

export interface RuntimeOptions {
  dbFile: string;
  port?: number;
  host?: string;
  districtAdmins?: string[];
  dev?: boolean;
  /** Folder with the H5 build to serve at `/` (default dist/h5). */
  staticDir?: string;
  publicUrl?: string;
  /** Run scheduled tasks every minute (default true). */
  schedule?: boolean;
  log?: (msg: string, extra?: unknown) => void;
  /** Connection caps and timeouts (defaults in server/guard.ts). */
  guard?: GuardOptions;
}

export interface Runtime {
  server: Server;
  services: Services;
  store: Store;
  clock: ControllableClock;
  url: string;
  /** Open, evicted and refused connections so far. */
  connections(): GuardStats;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
const ROOT = resolve(__dirname, '..');
const tooLarge = () => Object.assign(new AppError(ErrorCode.INVALID_ARGUMENT, '请求内容过大（最多 64 KB）'), { status: 413 });

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const log = opts.log ?? ((m: string, e?: unknown) => console.error(`[babyhouse] ${m}`, e ?? ''));
  const store = openSqliteStore(opts.dbFile);
  const clock = new ControllableClock();
  const secret = await appSecret(store, process.env.BABYHOUSE_SECRET);
  const signer = hmacSigner(secret);
  const port = opts.port ?? 3000;
  const host = opts.host ?? '0.0.0.0';
  const deps: Deps = {
    store,
    clock,
    ids: randomIds,
    signer,
    log,
    config: {
      districtAdmins: opts.districtAdmins ?? [],
      publicUrl: opts.publicUrl ?? `http://localhost:${port}`,
      platform: 'local',
    },
  };
  const services = createServices(deps, {
    // locally the outbox is the delivery: notices stay in `notifications`, marked sent for the admin to view
    deliver: async () => undefined,
  });
  await seedCatalogue(store);
  // older databases: sessions, bookings and quota counters without a kind get temporary_care (idempotent)
  await migrateKinds(store, new Date().toISOString());
  const dev = opts.dev ?? process.env.NODE_ENV !== 'production';
  const staticDir = opts.staticDir ?? join(ROOT, 'dist', 'h5');

  // session cancellations a crash interrupted are finished right away (the other tasks wait for the clock)
  let tasks: Promise<unknown> = services.cancellation
    .resumeAll()
    .then((n) => {
      if (n) log(`finished ${n} interrupted session cancellation(s)`);
    })
    .catch((e) => log('resuming session cancellations failed', e));
  const runTasks = () => {
    tasks = tasks.then(() => services.scheduler.runDue()).catch((e) => log('scheduled task failed', e));
    return tasks;
  };

  const tokenFor = (openid: string) => `${Buffer.from(openid).toString('base64url')}.${signer.sign(`token:${openid}`, 22)}`;
  const openidFrom = (req: IncomingMessage): string | null => {
    const m = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9]+)$/.exec(req.headers.authorization ?? '');
    if (!m) return null;
    const openid = Buffer.from(m[1], 'base64url').toString('utf8');
    return openid && signer.verify(`token:${openid}`, m[2], 22) ? openid : null;
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const sendEnvelope = (res: ServerResponse, env: Envelope<object>) => send(res, env.ok ? 200 : HTTP_STATUS[env.error.code], env);
  const fail = (res: ServerResponse, err: AppError, status?: number) => {
    const env = toErrorEnvelope(err);
    send(res, status ?? (env.ok ? 200 : HTTP_STATUS[env.error.code]), env);
  };

  /**
   * Reads a JSON body of at most 64 KB. A larger declared length is refused before any byte is read;
   * a body that grows past the limit is refused as soon as it does (the rest is never read: the
   * connection is closed after the 413).
   */
  const readJson = (req: IncomingMessage): Promise<unknown> =>
    new Promise((resolveBody, reject) => {
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > MAX_BODY) {
        req.pause();
        return reject(tooLarge());
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (c: Buffer) => {
        size += c.length;
        if (size <= MAX_BODY) return void chunks.push(c);
        req.off('data', onData);
        req.pause();
        reject(tooLarge());
      };
      req.on('data', onData);
      req.on('end', () => {
        if (size > MAX_BODY) return;
        const text = Buffer.concat(chunks).toString('utf8');
        if (!text.trim()) return resolveBody(undefined);
        try {
          resolveBody(JSON.parse(text));
        } catch {
          reject(new AppError(ErrorCode.INVALID_ARGUMENT, '请求内容不是合法的 JSON'));
        }
      });
      req.on('error', reject);
    });

  /** A static file for the path, or null. A path whose percent-encoding is broken is INVALID_ARGUMENT. */
  const staticFile = (pathname: string): string | null => {
    const roots: Array<[string, string]> = [
      ['/media/', join(ROOT, 'server', 'media')],
      ['/', staticDir],
    ];
    for (const [prefix, dir] of roots) {
      if (!pathname.startsWith(prefix)) continue;
      let rel: string;
      try {
        rel = decodeURIComponent(pathname.slice(prefix.length)) || 'index.html';
      } catch {
        throw new AppError(ErrorCode.INVALID_ARGUMENT, '网址格式不正确');
      }
      const file = fileUnder(dir, rel);
      if (file) return file;
    }
    return null;
  };

  const server = createServer(async (req, res) => {
    try {
      let pathname: string;
      try {
        pathname = new URL(req.url ?? '/', 'http://x').pathname;
      } catch {
        throw new AppError(ErrorCode.INVALID_ARGUMENT, '网址格式不正确');
      }
      if (req.method === 'GET' && pathname === '/healthz') return send(res, 200, { ok: true, data: { status: 'ready' } });
      const fn = /^\/api\/([A-Za-z]+)\/?$/.exec(pathname);
      if (fn && req.method === 'POST') {
        const body = await readJson(req);
        const table = functionTable(fn[1]);
        if (!table) return fail(res, new AppError(ErrorCode.NOT_FOUND, `没有这个云函数：${fn[1].slice(0, 40)}`));
        return sendEnvelope(res, await dispatch(table, body, { openid: openidFrom(req) }, services, log));
      }
      if (dev && req.method === 'POST' && pathname === '/dev/login') {
        const body = (await readJson(req)) as { openid?: unknown } | undefined;
        const openid = body && typeof body === 'object' ? body.openid : undefined;
        // eslint-disable-next-line no-control-regex -- control characters are exactly what an openid may not hold
        if (typeof openid !== 'string' || !/^[^\s\u0000-\u001f\u007f]{1,128}$/.test(openid)) {
          return fail(res, new AppError(ErrorCode.INVALID_ARGUMENT, 'openid 应为 1–128 个字符，不含空白和控制字符'));
        }
        return send(res, 200, { ok: true, data: { token: tokenFor(openid), openid } });
      }
      if (dev && req.method === 'POST' && pathname === '/dev/clock') {
        const body = (await readJson(req)) as { now?: unknown } | undefined;
        const now = body && typeof body === 'object' ? body.now : undefined;
        if (now !== null && (typeof now !== 'string' || Number.isNaN(Date.parse(now)))) {
          return fail(res, new AppError(ErrorCode.INVALID_ARGUMENT, 'now 应为 ISO-8601 时间或 null'));
        }
        clock.set(now === null ? null : new Date(now));
        await runTasks();
        return send(res, 200, { ok: true, data: { now: clock.now().toISOString(), frozen: clock.isFrozen() } });
      }
      if (pathname.startsWith('/api/') || pathname.startsWith('/dev/')) {
        return fail(res, new AppError(ErrorCode.NOT_FOUND, '没有这个接口'));
      }
      if (req.method === 'GET' || req.method === 'HEAD') {
        const file = staticFile(pathname);
        if (file) return sendFile(req, res, file);
      }
      if (req.method === 'GET' && pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(
          '<!doctype html><meta charset="utf-8"><title>宝宝屋</title><p>宝宝屋本地服务已启动。H5 应用尚未构建：请运行 <code>npm start</code>。</p>',
        );
      }
      return fail(res, new AppError(ErrorCode.NOT_FOUND, '没有这个页面'));
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status === 413) res.setHeader('connection', 'close'); // the unread rest of the body is dropped with the connection
      if (err instanceof AppError) return fail(res, err, status);
      log('request failed', err);
      return fail(res, new AppError(ErrorCode.INTERNAL));
    }
  });
  const guard = guardConnections(server, opts.guard);

  await new Promise<void>((ok) => server.listen(port, host, ok));
  const actualPort = (server.address() as { port: number }).port;
  if (!opts.publicUrl && !opts.port) deps.config.publicUrl = `http://localhost:${actualPort}`;
  const timer = opts.schedule === false ? null : setInterval(runTasks, 60_000);
  timer?.unref();

  return {
    server,
    services,
    store,
    clock,
    url: `http://127.0.0.1:${actualPort}`,
    connections: guard.stats,
    async close() {
      if (timer) clearInterval(timer);
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections?.();
      await tasks;
      await store.close();
    },
  };
}
