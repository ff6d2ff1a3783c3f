/**
 * Slowloris against `npm run server`: 10,000 connections that send half a request header and then
 * nothing, from 40 loopback addresses (250 each, inside the per-address cap). With all of them open, a
 * fresh client still gets /healthz quickly. Prints the figures.
 */
import { connect, type Socket } from 'net';
import { openFileLimit } from '../../server/guard';
import { request } from '../support/http';
import { spawnServer, type ServerProcess } from '../support/server-process';
import { tempDir } from '../support/world';

const IDLE = 10_000;
const ADDRESSES = 40;

describe('stress: slowloris', () => {
  const tmp = tempDir('babyhouse-slowloris-');
  let server: ServerProcess | undefined;
  const sockets: Socket[] = [];
  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await server?.stop();
    tmp.remove();
  });

  it(`with ${IDLE.toLocaleString('en')} idle connections open, a fresh client gets /healthz in < 1 s`, async () => {
    const limit = openFileLimit();
    // the test process holds one end of every connection: it needs the descriptors (npm run test:stress raises the limit)
    if (limit !== null && limit < IDLE + 512) {
      throw new Error(
        `open-file limit ${limit} is too low for ${IDLE} connections: run through \`npm run test:stress\` (it raises it) or \`ulimit -n 65536\``,
      );
    }
    // the headers timeout (10 s) would start closing the first ones while the last are still being opened on a
    // busy machine; lengthened here so that all 10,000 are really open together when the fresh client comes
    server = await spawnServer({ dbFile: tmp.file('slowloris.db'), env: { BABYHOUSE_HEADERS_TIMEOUT_MS: '120000' } });
    const { port } = server;
    let closedByServer = 0;
    const started = performance.now();
    for (let i = 0; i < IDLE; i += 500) {
      await Promise.all(
        Array.from(
          { length: Math.min(500, IDLE - i) },
          (_, j) =>
            new Promise<void>((ok, fail) => {
              const n = i + j;
              const s = connect({
                port,
                host: '127.0.0.1',
                localAddress: `127.0.${1 + (n % ADDRESSES)}.${1 + (Math.floor(n / ADDRESSES) % 200)}`,
              });
              s.once('connect', () => {
                s.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: '); // and never another byte
                ok();
              });
              s.once('error', fail);
              s.on('close', () => {
                closedByServer++;
              });
              sockets.push(s);
            }),
        ),
      );
    }
    const openMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 200));
    const stillOpen = sockets.length - closedByServer;

    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await request(server.url, { method: 'GET', path: '/healthz', timeoutMs: 5_000 });
      expect(r.status).toBe(200);
      times.push(r.ms);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const openAtEnd = sockets.length - closedByServer;
    console.log(
      [
        'slowloris:',
        `  open-file limit (test process) ${limit ?? 'unknown'}`,
        `  idle connections opened ${sockets.length} from ${ADDRESSES} addresses in ${Math.round(openMs)} ms`,
        `  still open when measured ${stillOpen} (and ${openAtEnd} after)`,
        `  fresh client GET /healthz ×10: median ${sorted[5].toFixed(1)} ms, max ${sorted[9].toFixed(1)} ms`,
      ].join('\n'),
    );
    expect(stillOpen).toBeGreaterThanOrEqual(IDLE);
    expect(openAtEnd).toBeGreaterThanOrEqual(IDLE);
    expect(sorted[9]).toBeLessThan(1_000);
  });
});
