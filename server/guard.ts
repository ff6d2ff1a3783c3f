/**
 * Connection hygiene for the local runtime (slowloris and friends): a cap on open connections in
 * total and per client address, and timeouts for headers and whole requests.
 *
 * Over a cap, the oldest IDLE connection (no request in flight: a half-sent header, or a keep-alive
 * connection between requests) is closed to make room; only when every connection is busy is the new
 * one refused. So a flood of idle connections can never lock out a fresh client.
 */
import { readFileSync } from 'fs';
import type { Server } from 'http';
import type { Socket } from 'net';

export interface GuardOptions {
  /** Open connections at most (default: 16,384, or the process's file-descriptor limit − 256 if lower). */
  maxConnections?: number;
  /** Open connections per client address at most (default 1,024: a school or an office behind one NAT address, and the load tests, stay well inside). */
  maxPerAddress?: number;
  /** A request's headers must arrive within this many ms (default 10 s). */
  headersTimeoutMs?: number;
  /** A whole request (headers and body) must arrive within this many ms (default 30 s). */
  requestTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this many ms (default 65 s; idle ones are the first to go when a cap is reached). */
  keepAliveTimeoutMs?: number;
}

export interface GuardStats {
  open: number;
  evicted: number;
  refused: number;
}

/** The soft limit on open files of this process (Linux), or null when unknown. */
export function openFileLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && /^\d+$/.test(soft) ? Number(soft) : null;
  } catch {
    return null;
  }
}

interface Conn {
  socket: Socket;
  address: string;
  busy: number;
}

export function guardConnections(server: Server, opts: GuardOptions = {}): { stats(): GuardStats } {
  const fdLimit = openFileLimit();
  const maxConnections = opts.maxConnections ?? Math.max(64, Math.min(16_384, fdLimit ? fdLimit - 256 : 16_384));
  const maxPerAddress = opts.maxPerAddress ?? 1_024;
  server.headersTimeout = opts.headersTimeoutMs ?? 10_000;
  server.requestTimeout = Math.max(opts.requestTimeoutMs ?? 30_000, server.headersTimeout);
  server.keepAliveTimeout = opts.keepAliveTimeoutMs ?? 65_000;
  // how often Node looks for connections past headersTimeout / requestTimeout
  (server as Server & { connectionsCheckingInterval?: number }).connectionsCheckingInterval = Math.min(1_000, server.headersTimeout);

  // insertion order = age: the first entry is the oldest connection
  const all = new Map<Socket, Conn>();
  const byAddress = new Map<string, Map<Socket, Conn>>();
  const stats: GuardStats = { open: 0, evicted: 0, refused: 0 };

  const forget = (c: Conn) => {
    if (!all.delete(c.socket)) return;
    const mine = byAddress.get(c.address);
    mine?.delete(c.socket);
    if (mine && mine.size === 0) byAddress.delete(c.address);
  };
  const evictOldestIdle = (pool: Map<Socket, Conn>): boolean => {
    for (const c of pool.values()) {
      if (c.busy > 0) continue;
      forget(c);
      c.socket.destroy();
      stats.evicted++;
      return true;
    }
    return false;
  };

  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '?';
    const mine = byAddress.get(address) ?? new Map<Socket, Conn>();
    if ((mine.size >= maxPerAddress && !evictOldestIdle(mine)) || (all.size >= maxConnections && !evictOldestIdle(all))) {
      stats.refused++;
      socket.destroy();
      return;
    }
    const c: Conn = { socket, address, busy: 0 };
    all.set(socket, c);
    mine.set(socket, c);
    byAddress.set(address, mine);
    socket.once('close', () => forget(c));
  });
  server.on('request', (req, res) => {
    const c = all.get(req.socket);
    if (!c) return;
    c.busy++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      c.busy--;
    };
    res.once('finish', finish);
    res.once('close', finish);
  });
  return { stats: () => ({ ...stats, open: all.size }) };
}
