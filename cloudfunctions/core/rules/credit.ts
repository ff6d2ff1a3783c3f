/**
 * Course credit (DESIGN §2 "course completion", §4 "Course credit"): a pure function of the stored
 * state, one progress report and the SERVER's clock. The client only says where the player is; how
 * much of that counts as watched is decided here from server wall-clock time.
 *
 *  - A report moving the position p → q > p adds [p, q] to the watched set only if
 *    q − p ≤ (server seconds since the previous report) × 1.5 + 2; otherwise it is a seek: nothing.
 *  - Backward moves (rewinds) and repeated positions add nothing.
 *  - The first report of an episode has no previous report: it only sets the position.
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
}

export interface CreditReport {
  positionSec: number;
  /** The server's clock when the report arrived (deps.clock.now()), never the client's. */
  at: Date;
}

export const SPEED_ALLOWANCE = 1.5;
export const GRACE_SEC = 2;
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

/** The largest forward move one report may make and still count as watching. */
export function allowanceSec(elapsedSec: number): number {
  return Math.max(0, elapsedSec) * SPEED_ALLOWANCE + GRACE_SEC;
}

/**
 * Applies one progress report to the stored state (null for the first report of this episode by this
 * viewer) and returns the new state. Pure: no I/O, no clock but `report.at`.
 */
export function applyReport(prev: CreditState | null, report: CreditReport, durationSec: number): CreditState {
  const at = report.at;
  const q = clampPosition(report.positionSec, durationSec);
  if (!prev) {
    return { intervals: [], positionSec: q, lastReportAt: at.toISOString(), creditedSec: 0, completed: false, completedAt: null };
  }
  const p = clampPosition(prev.positionSec, durationSec);
  const elapsedSec = (at.getTime() - Date.parse(prev.lastReportAt)) / 1000;
  let intervals = prev.intervals.map((i) => [i[0], i[1]] as Interval);
  const move = q - p;
  if (Number.isFinite(elapsedSec) && elapsedSec >= 0 && move > 0 && move <= allowanceSec(elapsedSec)) {
    intervals = addInterval(intervals, p, q);
  }
  // (a clock that went backwards: nothing earned, and the next report is measured from `at`)

  const creditedSec = unionLength(intervals);
  const completedNow = prev.completed || isCompleted(creditedSec, durationSec);
  return {
    intervals,
    positionSec: q,
    lastReportAt: at.toISOString(),
    creditedSec,
    completed: completedNow,
    completedAt: prev.completed ? prev.completedAt ?? null : completedNow ? at.toISOString() : null,
  };
}

/** Where the player should start: the last position, or the beginning when that was (nearly) the end. */
export function resumePosition(positionSec: number, durationSec: number): number {
  const p = clampPosition(positionSec, durationSec);
  return durationSec - p < 1 ? 0 : p;
}
