/**
 * The booking rush both stress rushes share (care and guidance): a runtime in its own process on a fresh
 * SQLite file, 500 families registered, then 2,000 concurrent booking.book calls over 10 sessions × 40
 * places — each child tries three sessions and sends a fourth call that is a retry (same requestId, even
 * children) or a duplicate (new requestId, same session, odd children) — and the checks every rush must
 * pass (and print): invariants hold, no 5xx, every call answered, exactly every place taken, only business refusals.
 */
import { formatInvariantReport, type InvariantReport } from '../../cloudfunctions/core/invariants';
import { Api, pool } from '../support/http';
import { figures, rush, type BookCall, type CallResult, type Tally } from '../support/rush';
import { spawnServer, type ServerProcess } from '../support/server-process';
import { Scenario, tempDir, type Family } from '../support/world';

export const CHILDREN = 500;
export const SESSIONS = 10;
export const PLACES = 40;

/** A runtime per test file, stopped (and its folder removed) after the file's tests. */
export function rushServer(tmpPrefix: string) {
  const tmp = tempDir(tmpPrefix);
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    tmp.remove();
  });
  return {
    /** Starts the runtime on `dbName` and connects a scenario for the setup (closed by `rushAll`). */
    async start(dbName: string) {
      const dbFile = tmp.file(dbName);
      const started = await spawnServer({ dbFile });
      server = started;
      const setup = new Api(started.url, { maxSockets: 16 });
      return { server: started, dbFile, setup, s: await Scenario.connect(setup) };
    },
  };
}

/** `CHILDREN` families of community `c`, registered 16 at a time; `opts(i)` for the i-th child's age. */
export function registerFamilies(
  s: Scenario,
  c: { code: string },
  opts: (i: number) => { ageMonths?: number } = () => ({}),
): Promise<Family[]> {
  return pool(
    Array.from({ length: CHILDREN }, (_, i) => i),
    16,
    (i) => s.givenParentWithChild(c, opts(i)),
  );
}

/** Four calls a child, all started at once on a fresh 512-socket client. */
export async function rushAll(url: string, kids: Family[], sessions: Array<{ id: string }>, tag: string) {
  const api = new Api(url, { maxSockets: 512 });
  const rid = (i: number, n: number) => `${tag}-${i}-${n}-xxxx`;
  const calls: BookCall[] = kids.flatMap((fam, i) => {
    const [a, b, d] = [i % SESSIONS, (i + 3) % SESSIONS, (i + 7) % SESSIONS].map((k) => sessions[k].id);
    return [
      { api, fam, sessionId: a, requestId: rid(i, 0) },
      { api, fam, sessionId: b, requestId: rid(i, 1) },
      { api, fam, sessionId: d, requestId: rid(i, 2) },
      i % 2 === 0 ? { api, fam, sessionId: a, requestId: rid(i, 0) } : { api, fam, sessionId: a, requestId: rid(i, 3) },
    ];
  });
  expect(calls).toHaveLength(4 * CHILDREN);
  const out: { results: CallResult[]; tally: Tally } = await rush(calls);
  api.close();
  return out;
}

/**
 * Prints the rush's figures (with the file's own `extra` counts) and checks what every rush must show:
 * invariants hold, no 5xx, every call answered, every place taken once, only business refusals.
 */
export function expectCleanRush(label: string, tally: Tally, report: InvariantReport, extra: Record<string, unknown>): void {
  console.log(figures(label, tally, { ...extra, invariants: report.ok ? 'hold' : 'BROKEN' }));
  if (!report.ok) throw new Error(formatInvariantReport(report));
  expect(tally.serverErrors).toBe(0);
  expect(tally.socketErrors).toBe(0);
  expect(tally.confirmed).toBe(SESSIONS * PLACES);
  for (const code of Object.keys(tally.refused)) expect(['SESSION_FULL', 'QUOTA_EXHAUSTED', 'ALREADY_BOOKED']).toContain(code);
}
