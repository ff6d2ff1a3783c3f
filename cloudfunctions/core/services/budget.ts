/**
 * A time budget for one scheduled run, so that the run finishes well inside the function's timeout
 * (a killed run loses nothing, but wastes its work in flight). Items are timed as they run; a new item
 * starts only while the time left covers twice the slowest item seen so far plus a reserve. What is
 * left waits for the next run (the timer fires every minute).
 */
export interface Budget {
  canStart(): boolean;
  track<T>(fn: () => Promise<T>): Promise<T>;
  /** True once canStart() has said no. */
  readonly exhausted: boolean;
  elapsedMs(): number;
}

/** Milliseconds from a monotonic source (performance.now by default; tests pass their own). */
export type Monotonic = () => number;

export function timeBudget(limitMs: number, opts: { now?: Monotonic; reserveMs?: number; firstItemGuessMs?: number } = {}): Budget {
  const now = opts.now ?? (() => performance.now());
  const start = now();
  const reserve = opts.reserveMs ?? Math.min(2000, limitMs * 0.1);
  let slowest = opts.firstItemGuessMs ?? 0;
  let exhausted = false;
  return {
    get exhausted() {
      return exhausted;
    },
    elapsedMs: () => now() - start,
    canStart() {
      if (exhausted) return false;
      const left = limitMs - (now() - start);
      if (left < 2 * slowest + reserve) exhausted = true;
      return !exhausted;
    },
    async track<T>(fn: () => Promise<T>): Promise<T> {
      const t0 = now();
      try {
        return await fn();
      } finally {
        slowest = Math.max(slowest, now() - t0);
      }
    },
  };
}

/** No limit (the local runtime's minute timer, tests). */
export const unlimited = (): Budget => timeBudget(Number.POSITIVE_INFINITY);
