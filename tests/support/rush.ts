/** Fire many booking calls at once and tally what came back (shared by the concurrency, stress and crash suites). */
import type { Api, Reply } from './http';
import type { Family } from './world';

export interface BookCall {
  api: Api;
  fam: Family;
  sessionId: string;
  requestId: string;
  waitlist?: boolean;
}

export interface CallResult {
  call: BookCall;
  reply?: Reply;
  /** A socket error (the server died, reset the connection…). */
  error?: string;
}

export interface Tally {
  requests: number;
  /** Distinct bookings answered `confirmed`. */
  confirmed: number;
  /** Answers by error code (business refusals and others). */
  refused: Record<string, number>;
  /** HTTP 5xx answers. */
  serverErrors: number;
  /** Calls that got no HTTP answer at all. */
  socketErrors: number;
  elapsedMs: number;
  latencies: number[];
}

export function bookCall(c: BookCall): Promise<Reply> {
  return c.api.call(
    'booking',
    'book',
    {
      sessionId: c.sessionId,
      childId: c.fam.child.id,
      requestId: c.requestId,
      ...(c.waitlist ? { waitlist: true } : {}),
    },
    c.fam.token,
  );
}

/** Starts every call at once (no client-side queueing beyond the agents' socket pools) and waits for all. */
export async function rush(calls: BookCall[]): Promise<{ results: CallResult[]; tally: Tally }> {
  const started = performance.now();
  const results = await Promise.all(
    calls.map(async (call): Promise<CallResult> => {
      try {
        return { call, reply: await bookCall(call) };
      } catch (e) {
        return { call, error: (e as Error).message };
      }
    }),
  );
  return { results, tally: tallyOf(results, performance.now() - started) };
}

export function tallyOf(results: CallResult[], elapsedMs: number): Tally {
  const confirmed = new Set<string>();
  const refused: Record<string, number> = {};
  let serverErrors = 0;
  let socketErrors = 0;
  const latencies: number[] = [];
  for (const r of results) {
    if (!r.reply) {
      socketErrors++;
      continue;
    }
    latencies.push(r.reply.ms);
    if (r.reply.status >= 500) serverErrors++;
    const body = r.reply.body;
    if (body?.ok && body.data.booking.status === 'confirmed') confirmed.add(body.data.booking.id);
    else if (!body?.ok)
      refused[body?.error?.code ?? `HTTP ${r.reply.status}`] = (refused[body?.error?.code ?? `HTTP ${r.reply.status}`] ?? 0) + 1;
  }
  return {
    requests: results.length,
    confirmed: confirmed.size,
    refused,
    serverErrors,
    socketErrors,
    elapsedMs: Math.round(elapsedMs),
    latencies,
  };
}

export function figures(label: string, t: Tally, extra: Record<string, unknown> = {}): string {
  const refused = Object.values(t.refused).reduce((a, b) => a + b, 0);
  const sorted = [...t.latencies].sort((x, y) => x - y);
  const p = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]) : NaN);
  const more = Object.entries(extra)
    .map(([k, v]) => `, ${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join('');
  return (
    `${label}: requests ${t.requests}, confirmed ${t.confirmed}, refused ${refused} ${JSON.stringify(t.refused)}, 5xx ${t.serverErrors}, ` +
    `no answer ${t.socketErrors}, elapsed ${t.elapsedMs} ms, latency p50 ${p(0.5)} / p99 ${p(0.99)} ms${more}`
  );
}
