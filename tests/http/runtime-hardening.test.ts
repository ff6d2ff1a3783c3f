/**
 * The local runtime under hostile transport: bodies past 64 KB are refused as soon as the declared or
 * received length passes the limit, byte ranges follow RFC 9110 (416, suffix ranges), a malformed path
 * is a 400 not a 500, idle connections cannot crowd out a fresh client, and half-sent headers time out.
 */
import { readFileSync, statSync } from 'fs';
import { connect, type Socket } from 'net';
import { resolve } from 'path';
import { startRuntime, type Runtime } from '../../server/runtime';
import { request } from '../support/http';
import { tempDir } from '../support/world';

const MEDIA = resolve(__dirname, '..', '..', 'server', 'media', 'parent-talk.mp4');
const VIDEO = readFileSync(MEDIA);
const SIZE = statSync(MEDIA).size;

/** Raw bytes in, the raw answer (head and body) out; resolves when the server closes or `until` matches. */
function rawExchange(
  port: number,
  chunks: Array<string | Buffer>,
  opts: { until?: RegExp; timeoutMs?: number; localAddress?: string } = {},
) {
  return new Promise<{ text: string; closed: boolean; ms: number }>((ok, fail) => {
    const started = performance.now();
    const s = connect({ port, host: '127.0.0.1', localAddress: opts.localAddress });
    let text = '';
    let settled = false;
    const done = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      s.destroy();
      ok({ text, closed, ms: performance.now() - started });
    };
    const timer = setTimeout(() => done(false), opts.timeoutMs ?? 5_000);
    s.on('data', (d) => {
      text += d.toString('latin1');
      if (opts.until?.test(text)) done(false);
    });
    s.on('close', () => done(true));
    s.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? done(true) : fail(e)));
    s.on('connect', () => {
      for (const c of chunks) s.write(c);
    });
  });
}

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
const header = (text: string, name: string) => new RegExp(`\\r\\n${name}: ([^\\r]*)`, 'i').exec(text)?.[1];

describe('local runtime transport hardening', () => {
  const tmp = tempDir();
  let rt: Runtime;
  let port: number;
  const logged: string[] = [];
  beforeAll(async () => {
    rt = await startRuntime({
      dbFile: tmp.file('rt.db'),
      port: 0,
      host: '127.0.0.1',
      schedule: false,
      log: (m) => logged.push(m),
      guard: { maxPerAddress: 8, maxConnections: 24, headersTimeoutMs: 600 },
    });
    port = Number(new URL(rt.url).port);
  });
  afterAll(async () => {
    await rt.close();
    tmp.remove();
  });

  it('a declared length over 64 KB is answered 413 before any of the body is sent', async () => {
    const head = `POST /api/user HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${300 * 1024 * 1024}\r\n\r\n`;
    const r = await rawExchange(port, [head], { until: /\r\n\r\n[\s\S]*\}$/ });
    expect(statusOf(r.text)).toBe(413);
    expect(r.text).toContain('INVALID_ARGUMENT');
    expect(r.ms).toBeLessThan(2_000);
  });

  it('a chunked body is refused as soon as it passes 64 KB, the rest is never read', async () => {
    const chunk = (n: number) => `${n.toString(16)}\r\n${'x'.repeat(n)}\r\n`;
    const head = 'POST /api/user HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
    // 70 KB sent, the terminating chunk never: the 413 must come anyway
    const r = await rawExchange(port, [head, chunk(35 * 1024), chunk(35 * 1024)], { until: /\r\n\r\n[\s\S]*\}/ });
    expect(statusOf(r.text)).toBe(413);
    expect(header(r.text, 'connection')).toBe('close');
  });

  it('a body of exactly 64 KB is still read (and judged as JSON)', async () => {
    const body = JSON.stringify({ action: 'profile', pad: 'x'.repeat(64 * 1024 - 30) });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(64 * 1024);
    const r = await request(rt.url, { path: '/api/user', body });
    expect(r.status).toBe(401);
  });

  it.each([
    ['bytes=0-99', 206, 0, 99],
    ['bytes=100-', 206, 100, SIZE - 1],
    ['bytes=-100', 206, SIZE - 100, SIZE - 1],
    [`bytes=-${SIZE + 50}`, 206, 0, SIZE - 1],
    [`bytes=10-${SIZE + 1000}`, 206, 10, SIZE - 1],
  ])('Range %s → %i with exactly those bytes', async (range, status, start, end) => {
    const r = await rawExchange(port, [`GET /media/parent-talk.mp4 HTTP/1.1\r\nHost: x\r\nRange: ${range}\r\nConnection: close\r\n\r\n`], {
      timeoutMs: 5_000,
    });
    expect(statusOf(r.text)).toBe(status);
    expect(header(r.text, 'content-range')).toBe(`bytes ${start}-${end}/${SIZE}`);
    expect(Number(header(r.text, 'content-length'))).toBe(end - start + 1);
    const body = Buffer.from(r.text.slice(r.text.indexOf('\r\n\r\n') + 4), 'latin1');
    expect(body.equals(VIDEO.subarray(start, end + 1))).toBe(true);
  });

  it.each(['bytes=50000-10', `bytes=${SIZE}-`, `bytes=${SIZE + 10}-${SIZE + 20}`, 'bytes=-0'])(
    'Range %s → 416 with bytes */size',
    async (range) => {
      const r = await rawExchange(port, [`GET /media/parent-talk.mp4 HTTP/1.1\r\nHost: x\r\nRange: ${range}\r\nConnection: close\r\n\r\n`]);
      expect(statusOf(r.text)).toBe(416);
      expect(header(r.text, 'content-range')).toBe(`bytes */${SIZE}`);
    },
  );

  it('a malformed or multi-range header is ignored: the whole file, streamed', async () => {
    for (const range of ['bytes=0-1,5-9', 'items=0-5', 'bytes=abc']) {
      const r = await rawExchange(port, [`GET /media/parent-talk.mp4 HTTP/1.1\r\nHost: x\r\nRange: ${range}\r\nConnection: close\r\n\r\n`]);
      expect(statusOf(r.text)).toBe(200);
      expect(Number(header(r.text, 'content-length'))).toBe(SIZE);
    }
  });

  it('HEAD answers the length without a body', async () => {
    const r = await rawExchange(port, ['HEAD /media/parent-talk.mp4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    expect(statusOf(r.text)).toBe(200);
    expect(Number(header(r.text, 'content-length'))).toBe(SIZE);
    expect(r.text.endsWith('\r\n\r\n')).toBe(true);
  });

  it.each(['/%', '/media/%E0%A4%A', '/media/..%2f..%2fpackage.json', '/%00', '/media/%2e%2e/runtime.ts'])(
    'GET %s is a 4xx, never a 500 or a file outside the folders',
    async (path) => {
      logged.length = 0;
      const r = await rawExchange(port, [`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`]);
      expect([400, 404]).toContain(statusOf(r.text));
      expect(r.text).not.toContain('"name"'); // not package.json
      expect(logged).toEqual([]);
    },
  );

  it('idle connections from one address are capped: the oldest idle one is closed, a fresh client is served', async () => {
    const idle: Socket[] = [];
    const closed: number[] = [];
    for (let i = 0; i < 20; i++) {
      const s = connect({ port, host: '127.0.0.1' });
      s.on('error', () => undefined);
      s.on('close', () => closed.push(i));
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); // never finished
      idle.push(s);
      await new Promise((r) => s.once('connect', r));
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(rt.connections().open).toBeLessThanOrEqual(8);
    expect(closed.length).toBeGreaterThanOrEqual(12);
    expect(Math.min(...closed)).toBe(0); // the oldest went first
    const r = await request(rt.url, { method: 'GET', path: '/healthz' });
    expect(r.status).toBe(200);
    idle.forEach((s) => s.destroy());
  });

  it('a header that never ends is dropped after the headers timeout', async () => {
    const r = await rawExchange(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\n'], { timeoutMs: 5_000 });
    expect(r.closed).toBe(true);
    expect(r.ms).toBeLessThan(3_500);
  });
});
