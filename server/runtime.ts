/**
 * The local runtime: the very same cloud-function action tables over HTTP (DESIGN §4), on the
 * embedded SQLite store, plus dev login, a controllable clock, scheduled tasks and the H5 build.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import { existsSync, readFileSync, statSync } from 'fs';
import { extname, join, normalize, resolve } from 'path';
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
}

export interface Runtime {
  server: Server;
  services: Services;
  store: Store;
  clock: ControllableClock;
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
const ROOT = resolve(__dirname, '..');
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'application/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml', '.json': 'application/json', '.mp4': 'video/mp4',
  '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf',
};

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const log = opts.log ?? ((m: string, e?: unknown) => console.error(`[babyhouse] ${m}`, e ?? ''));
  const store = openSqliteStore(opts.dbFile);
  const clock = new ControllableClock();
  const secret = await appSecret(store, process.env.BABYHOUSE_SECRET);
  const signer = hmacSigner(secret);
  const port = opts.port ?? 3000;
  const host = opts.host ?? '0.0.0.0';
  const deps: Deps = {
    store, clock, ids: randomIds, signer, log,
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
  const dev = opts.dev ?? process.env.NODE_ENV !== 'production';
  const staticDir = opts.staticDir ?? join(ROOT, 'dist', 'h5');

  let tasks: Promise<unknown> = Promise.resolve();
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

  const readJson = (req: IncomingMessage): Promise<unknown> =>
    new Promise((resolveBody, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) tooLarge = true;
        else chunks.push(c);
      });
      req.on('end', () => {
        if (tooLarge) return reject(Object.assign(new AppError(ErrorCode.INVALID_ARGUMENT, '请求内容过大（最多 64 KB）'), { status: 413 }));
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

  const serveStatic = (req: IncomingMessage, res: ServerResponse, pathname: string): boolean => {
    const roots: Array<[string, string]> = [['/media/', join(ROOT, 'server', 'media')], ['/', staticDir]];
    for (const [prefix, dir] of roots) {
      if (!pathname.startsWith(prefix)) continue;
      let rel = decodeURIComponent(pathname.slice(prefix.length)) || 'index.html';
      rel = normalize(rel).replace(/^(\.\.[/\\])+/, '');
      const file = join(dir, rel);
      if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) continue;
      const stat = statSync(file);
      const type = MIME[extname(file)] ?? 'application/octet-stream';
      const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
      const data = readFileSync(file);
      if (range) {
        const start = range[1] ? Number(range[1]) : 0;
        const end = range[2] ? Math.min(Number(range[2]), stat.size - 1) : stat.size - 1;
        res.writeHead(206, { 'content-type': type, 'content-range': `bytes ${start}-${end}/${stat.size}`, 'accept-ranges': 'bytes', 'content-length': end - start + 1 });
        res.end(data.subarray(start, end + 1));
      } else {
        res.writeHead(200, { 'content-type': type, 'accept-ranges': 'bytes', 'content-length': stat.size, 'cache-control': 'no-cache' });
        res.end(data);
      }
      return true;
    }
    return false;
  };

  const server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    try {
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
      if ((req.method === 'GET' || req.method === 'HEAD') && serveStatic(req, res, pathname)) return;
      if (req.method === 'GET' && pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end('<!doctype html><meta charset="utf-8"><title>宝宝屋</title><p>宝宝屋本地服务已启动。H5 应用尚未构建：请运行 <code>npm start</code>。</p>');
      }
      return fail(res, new AppError(ErrorCode.NOT_FOUND, '没有这个页面'));
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (err instanceof AppError) return fail(res, err, status);
      log('request failed', err);
      return fail(res, new AppError(ErrorCode.INTERNAL));
    }
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((ok) => server.listen(port, host, ok));
  const actualPort = (server.address() as { port: number }).port;
  if (!opts.publicUrl && !opts.port) deps.config.publicUrl = `http://localhost:${actualPort}`;
  const timer = opts.schedule === false ? null : setInterval(runTasks, 60_000);
  timer?.unref();

  return {
    server, services, store, clock, url: `http://127.0.0.1:${actualPort}`,
    async close() {
      if (timer) clearInterval(timer);
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections?.();
      await tasks;
      await store.close();
    },
  };
}
