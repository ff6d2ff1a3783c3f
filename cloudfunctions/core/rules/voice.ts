/** Residents' voice and site quality: the plain rules behind suggestions, ratings and grades (see docs/contract.md). */

/** Suggestions a family may send per Shanghai calendar day; the next one is RATE_LIMITED. */
export const SUGGESTIONS_PER_DAY = 5;
/** A visit can be rated until this many days after its session's end. */
export const RATING_WINDOW_DAYS = 14;
/** Ratings a site needs before its average is shown. */
export const MIN_RATINGS_FOR_AVERAGE = 3;

export const RATEABLE_STATUSES = ['checked_in', 'checked_out'] as const;

/** The last instant a visit that ended at `endAt` can be rated (inclusive). */
export function rateUntil(endAt: string): string {
  return new Date(new Date(endAt).getTime() + RATING_WINDOW_DAYS * 86_400_000).toISOString();
}

/** Why a booking cannot be rated now, or null if it can. */
export function rateRefusal(b: { status: string; endAt: string }, nowIso: string): string | null {
  if (!(RATEABLE_STATUSES as readonly string[]).includes(b.status)) return '签到入托后才能评价这次服务';
  if (nowIso > rateUntil(b.endAt)) return `服务结束 ${RATING_WINDOW_DAYS} 天后不能再评价`;
  return null;
}

/** The average of `stars`, one decimal, or null while there are fewer than MIN_RATINGS_FOR_AVERAGE. */
export function averageStars(stars: number[]): number | null {
  if (stars.length < MIN_RATINGS_FOR_AVERAGE) return null;
  return Math.round((stars.reduce((a, b) => a + b, 0) / stars.length) * 10) / 10;
}

/** The median of `values` (null for none). */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** "张三" → "张*", "欧阳娜娜" → "欧***": the family's name as staff see it next to a suggestion. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
