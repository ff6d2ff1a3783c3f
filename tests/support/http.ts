/**
 * A small HTTP client for the local runtime's public contract (docs/contract.md), on Node's http module with a
 * keep-alive agent (lean enough for rush, fuzz and benchmark traffic; loopback only).
 */
import * as http from 'http';
import type { ActionName, Data, FunctionName, Params } from '../../cloudfunctions/shared/contract';

export interface Reply<T = any> {
  status: number;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: T;
  text: string;
  ms: number;
}

export interface ErrorEnvelope {
  ok: false;
  error: { code: string; message: string; details?: unknown };
}
export interface OkEnvelope<T = any> {
  ok: true;
  data: T;
}
export type Envelope<T = any> = OkEnvelope<T> | ErrorEnvelope;

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A string or bytes sent as is. */
  body?: string | Buffer;
  timeoutMs?: number;
}

/** Sends one request and resolves with status, parsed body and elapsed milliseconds. Rejects on socket errors. */
export function request(baseUrl: string, req: RawRequest, agent?: http.Agent): Promise<Reply> {
  const url = new URL(req.path, baseUrl);
  const payload = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: req.method ?? 'POST',
        agent,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          ...(req.headers ?? {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            /* keep text */
          }
          resolve({ status: res.statusCode ?? 0, body, text, ms: performance.now() - started });
        });
        res.on('error', reject);
      },
    );
    r.setTimeout(req.timeoutMs ?? 60_000, () => r.destroy(new Error(`timeout ${req.method ?? 'POST'} ${req.path}`)));
    r.on('error', reject);
    if (payload) r.write(payload);
    r.end();
  });
}

/** `params` (optional when the action has no required ones), then the caller's token (none = anonymous). */
export type CallArgs<F extends FunctionName, A extends ActionName<F>> =
  Record<string, never> extends Params<F, A>
    ? [params?: Params<F, A>, token?: string | null]
    : [params: Params<F, A>, token?: string | null];

export class Api {
  readonly agent: http.Agent;

  constructor(
    readonly baseUrl: string,
    opts: { maxSockets?: number; keepAlive?: boolean } = {},
  ) {
    this.agent = new http.Agent({ keepAlive: opts.keepAlive ?? true, maxSockets: opts.maxSockets ?? 64 });
  }

  raw(req: RawRequest): Promise<Reply> {
    return request(this.baseUrl, req, this.agent);
  }

  /**
   * POST /api/<fn> with `{action, ...params}` as the caller holding `token` (none = anonymous); typed from
   * the contract. Deliberately wrong payloads go through send().
   */
  call<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, ...rest: CallArgs<F, A>): Promise<Reply<Envelope<Data<F, A>>>> {
    const [params, token] = rest;
    return this.send(fn, { action, ...(params ?? {}) }, token);
  }

  /** fn.action with any payload, untyped: for deliberately wrong or generated payloads. */
  callRaw(fn: string, action: string, params: Record<string, unknown> = {}, token?: string | null): Promise<Reply<Envelope>> {
    return this.send(fn, { action, ...params }, token);
  }

  /** POST /api/<fn> with any JSON value as the body. */
  send<T = any>(fn: string, body: unknown, token?: string | null): Promise<Reply<Envelope<T>>> {
    return this.raw({
      path: `/api/${fn}`,
      body: JSON.stringify(body),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  }

  /** Like call(), but throws unless the answer is a success envelope; returns `data`. */
  async ok<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, ...rest: CallArgs<F, A>): Promise<Data<F, A>> {
    const r = await this.call(fn, action, ...rest);
    if (r.status !== 200 || !r.body?.ok) {
      throw new Error(`${fn}.${action} failed: HTTP ${r.status} ${r.text.slice(0, 400)}`);
    }
    return (r.body as OkEnvelope<Data<F, A>>).data;
  }

  async login(openid: string): Promise<string> {
    const r = await this.raw({ path: '/dev/login', body: JSON.stringify({ openid }) });
    if (r.status !== 200) throw new Error(`login ${openid}: HTTP ${r.status} ${r.text}`);
    return r.body.data.token;
  }

  /** Freezes the server clock (null = real time); scheduled tasks due then have run when this resolves. */
  async setClock(now: string | Date | null): Promise<void> {
    const iso = now === null ? null : new Date(now).toISOString();
    const r = await this.raw({ path: '/dev/clock', body: JSON.stringify({ now: iso }) });
    if (r.status !== 200) throw new Error(`clock: HTTP ${r.status} ${r.text}`);
  }

  async healthy(): Promise<boolean> {
    try {
      const r = await this.raw({ method: 'GET', path: '/healthz', timeoutMs: 5000 });
      return r.status === 200;
    } catch {
      return false;
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `tasks` with at most `limit` in flight; results in input order. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
