/**
 * Course credit (docs/domain.md "Course credit"): a pure function of the stored
 * state, one progress report and the SERVER's clock. The client only says where the player is; how
 * much of that counts as watched is decided here from server wall-clock time.
 *
 *  - An allowance (a token bucket, in seconds of video) decides what counts. The first report of an
 *    episode only sets position and time, with an allowance of 2 s. Each later report first refills it
 *    by 1.5 s per server-clock second since the previous report, up to 15 s.
 *  - A report moving the position p → q > p with q − p ≤ the allowance adds [p, q] to the watched set
 *    and spends q − p; otherwise it is a seek: it adds and spends nothing.
 *  - Backward moves (rewinds) and repeated positions add nothing.
 *  So credit never grows faster than 1.5 × wall-clock time (plus the first 2 s), a burst of reports sent
 *  at once earns at most the allowance, and no jump over 15 s is ever credited.
 *  - creditedSec = length of the union of watched intervals; completed when creditedSec ≥ 90 % of
 *    the episode, and stays completed.
 *  - The resume position is the last reported position, clamped to [0, duration].
 *
 * If the server clock goes backwards, the report earns nothing and time is measured from it onwards.
 */

export type Interval = [number, number];

export interface CreditState {
  /** Watched intervals in seconds, sorted, non-overlapping (merged). */
  intervals: Interval[];
  /** The last reported position (resume point). */
  positionSec: number;
  /** Server instant (ISO-8601) of the last report. */
  lastReportAt: string;
  creditedSec: number;
  completed: boolean;
  /** Server instant the episode first reached the completion threshold. */
  completedAt?: string | null;
  /** Seconds of forward movement the next report may still be credited (before its refill). */
  allowanceSec?: number;
}

export interface CreditReport {
  positionSec: number;
  /** The server's clock when the report arrived (deps.clock.now()), never the client's. */
  at: Date;
}

/** Allowance refilled per server-clock second. */
export const SPEED_ALLOWANCE = 1.5;
/** The allowance after the first report. */
export const GRACE_SEC = 2;
/** The allowance never exceeds this: no single jump longer than it is ever credited. */
export const MAX_ALLOWANCE_SEC = 15;
export const COMPLETION_RATIO = 0.9;

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export function clampPosition(positionSec: number, durationSec: number): number {
  if (!Number.isFinite(positionSec) || positionSec < 0) return 0;
  return Math.min(positionSec, durationSec);
}

/** Adds [a, b] to a sorted list of disjoint intervals; touching or overlapping intervals merge. */
export function addInterval(intervals: readonly Interval[], a: number, b: number): Interval[] {
  if (!(b > a)) return intervals.map((i) => [i[0], i[1]] as Interval);
  const out: Interval[] = [];
  let start = a;
  let end = b;
  let placed = false;
  for (const [s, e] of intervals) {
    if (e < start) out.push([s, e]);
    else if (s > end) {
      if (!placed) {
        out.push([start, end]);
        placed = true;
      }
      out.push([s, e]);
    } else {
      start = Math.min(start, s);
      end = Math.max(end, e);
    }
  }
  if (!placed) out.push([start, end]);
  return out;
}

export function unionLength(intervals: readonly Interval[]): number {
  return round3(intervals.reduce((n, [s, e]) => n + (e - s), 0));
}

export function isCompleted(creditedSec: number, durationSec: number): boolean {
  return durationSec > 0 && creditedSec >= COMPLETION_RATIO * durationSec;
}

/** The allowance after `elapsedSec` of server time: the previous one refilled, capped. */
export function refilledAllowance(previousSec: number, elapsedSec: number): number {
  const refill = Number.isFinite(elapsedSec) && elapsedSec > 0 ? elapsedSec * SPEED_ALLOWANCE : 0;
  return Math.min(MAX_ALLOWANCE_SEC, Math.max(0, previousSec) + refill);
}

/**
 * Applies one progress report to the stored state (null for the first report of this episode by this
 * viewer) and returns the new state. Pure: no I/O, no clock but `report.at`.
 */
export function applyReport(prev: CreditState | null, report: CreditReport, durationSec: number): CreditState {
  const at = report.at;
  const q = clampPosition(report.positionSec, durationSec);
  if (!prev) {
    return {
      intervals: [],
      positionSec: q,
      lastReportAt: at.toISOString(),
      creditedSec: 0,
      completed: false,
      completedAt: null,
      allowanceSec: GRACE_SEC,
    };
  }
  const p = clampPosition(prev.positionSec, durationSec);
  const elapsedSec = (at.getTime() - Date.parse(prev.lastReportAt)) / 1000;
  // (a clock that went backwards refills nothing, and the next report is measured from `at`)
  let allowance = refilledAllowance(prev.allowanceSec ?? GRACE_SEC, elapsedSec);
  let intervals = prev.intervals.map((i) => [i[0], i[1]] as Interval);
  const move = q - p;
  if (move > 0 && move <= allowance + 1e-9) {
    intervals = addInterval(intervals, p, q);
    allowance = Math.max(0, allowance - move);
  }

  const creditedSec = unionLength(intervals);
  const completedNow = prev.completed || isCompleted(creditedSec, durationSec);
  return {
    intervals,
    positionSec: q,
    lastReportAt: at.toISOString(),
    creditedSec,
    completed: completedNow,
    completedAt: prev.completed ? (prev.completedAt ?? null) : completedNow ? at.toISOString() : null,
    allowanceSec: round3(allowance),
  };
}

/** Where the player should start: the last position, or the beginning when that was (nearly) the end. */
export function resumePosition(positionSec: number, durationSec: number): number {
  const p = clampPosition(positionSec, durationSec);
  return durationSec - p < 1 ? 0 : p;
}
