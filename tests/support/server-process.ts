/**
 * The runtime as a separate OS process — `server/main.ts`, what `npm run server` runs — for two processes
 * on one database file, kill -9 crash tests, the stress suite and the benchmark. Started as
 * `node --import tsx server/main.ts` rather than through the `tsx` CLI, which runs the server in a child
 * process of its own: SIGKILL must hit the server itself, not a wrapper that cannot pass it on.
 */
import { spawn, type ChildProcess } from 'child_process';
import { createServer } from 'net';
import { resolve } from 'path';
import { Api } from './http';
import { DISTRICT_ADMIN } from './world';

const ROOT = resolve(__dirname, '..', '..');

export interface ServerProcess {
  url: string;
  port: number;
  proc: ChildProcess;
  /** What the process wrote to stdout/stderr (last 64 KB). */
  output(): string;
  /** SIGKILL, no goodbye (a crash). Resolves when the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
}

/** A free loopback port (bind to 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export async function spawnServer(opts: {
  dbFile: string;
  port?: number;
  admins?: string[];
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}): Promise<ServerProcess> {
  const port = opts.port ?? (await freePort());
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...opts.env,
      PORT: String(port),
      BABYHOUSE_DB: opts.dbFile,
      BABYHOUSE_ADMIN_OPENIDS: (opts.admins ?? [DISTRICT_ADMIN]).join(','),
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (c: Buffer) => {
    out = (out + c.toString()).slice(-65536);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<void>((ok) => proc.once('exit', () => ok()));
  const url = `http://127.0.0.1:${port}`;
  const probe = new Api(url, { maxSockets: 1 });
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  try {
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null)
        throw new Error(`server exited early (${proc.exitCode ?? proc.signalCode}):\n${out}`);
      if (await probe.healthy()) break;
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`server not ready in time:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    probe.close();
  }
  const gone = () => proc.exitCode !== null || proc.signalCode !== null;
  return {
    url,
    port,
    proc,
    output: () => out,
    async kill9() {
      if (!gone()) proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone()) proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
