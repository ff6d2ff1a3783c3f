/**
 * Service statistics of one community over a date range, and the same numbers as CSV. Pure functions
 * over the session and booking documents (AdminService gathers them), so that admin.stats and
 * admin.exportCsv can never disagree.
 */
import type { BookingStatus, KindStats, ServiceKind, Stats } from '../../shared/contract';
import { SERVICE_KINDS } from '../../shared/contract';
import { KIND_LABELS, kindOf } from '../rules/policy';
import { consumesQuota } from '../rules';
import type { BookingDoc, SessionDoc } from './docs';
import { csvLine } from '../csv';

const SEATED: readonly BookingStatus[] = ['confirmed', 'checked_in', 'checked_out', 'no_show'];
const ATTENDED: readonly BookingStatus[] = ['checked_in', 'checked_out'];

const ratio = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : 0);
/** 0.615 → '61.5%' (the CSV shows shares the way people read them). */
export const percentText = (r: number) => `${Math.round(r * 1000) / 10}%`;

/** One day of admin.stats `daily`, as the contract states it. */
export type DailyStat = NonNullable<Stats['daily']>[number];
/**
 * One session of admin.stats `bySession`: the contract's row, with `kind` and `scheduled` always set
 * (`scheduled`: not ended yet at the time of asking, counted apart as 已排期 and never in the rates).
 */
export type SessionStat = NonNullable<Stats['bySession']>[number] & { kind: ServiceKind; scheduled: boolean };
export interface QuotaUseBucket {
  used: number;
  children: number;
}

/**
 * admin.stats: the original keys (sessions, bookings, attended, noShows, utilisation, …) plus details.
 * Sessions that have not ended at `now` are counted apart (scheduledSessions / scheduledBookings, rows
 * with scheduled: true): `sessions`, `capacity`, the daily chart and every rate cover ended sessions only.
 */
export function computeStats(
  sessions: SessionDoc[],
  bookings: BookingDoc[],
  now: Date,
): Stats & {
  quotaUse: QuotaUseBucket[];
  daily: DailyStat[];
  bySession: SessionStat[];
} {
  const nowIso = now.toISOString();
  const ended = (s: SessionDoc) => s.endAt <= nowIso;
  const held = sessions.filter((s) => s.status === 'open' && ended(s));
  const scheduled = sessions.filter((s) => s.status === 'open' && !ended(s));
  const heldIds = new Set(held.map((s) => s._id));
  const scheduledIds = new Set(scheduled.map((s) => s._id));
  const count = (...st: BookingStatus[]) => bookings.filter((b) => st.includes(b.status)).length;
  // 实到 / 未到 like the rates: a child checked in to a session still running is counted once it has ended
  const countHeld = (...st: BookingStatus[]) => bookings.filter((b) => heldIds.has(b.sessionId) && st.includes(b.status)).length;
  const attended = countHeld(...ATTENDED);
  const noShows = countHeld('no_show');
  const capacity = held.reduce((n, s) => n + s.capacity, 0);
  const seated = count(...SEATED);
  const pastSeated = bookings.filter((b) => heldIds.has(b.sessionId) && SEATED.includes(b.status)).length;

  // quota use: how many quota-consuming care bookings each child has in the range → how many children used n
  const perChild = new Map<string, number>();
  // (temporary care's free sessions: other kinds have their own counter or none, see byKind)
  for (const b of bookings) {
    if (consumesQuota(b.status) && kindOf(b) === 'temporary_care') perChild.set(b.childId, (perChild.get(b.childId) ?? 0) + 1);
  }
  const buckets = new Map<number, number>();
  for (const used of perChild.values()) buckets.set(used, (buckets.get(used) ?? 0) + 1);
  const quotaUse = [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([used, children]) => ({ used, children }));

  const bySessionBookings = new Map<string, BookingDoc[]>();
  for (const b of bookings) bySessionBookings.set(b.sessionId, [...(bySessionBookings.get(b.sessionId) ?? []), b]);
  const bySession: SessionStat[] = [...sessions]
    .sort((a, b) => (a.date + a.start + a.siteName).localeCompare(b.date + b.start + b.siteName))
    .map((s) => {
      const list = bySessionBookings.get(s._id) ?? [];
      const c = (...st: BookingStatus[]) => list.filter((b) => st.includes(b.status)).length;
      const booked = c(...SEATED);
      return {
        sessionId: s._id,
        date: s.date,
        start: s.start,
        end: s.end,
        siteName: s.siteName,
        status: s.status,
        kind: kindOf(s),
        ...(s.title ? { title: s.title } : {}),
        ...(s.host ? { host: s.host } : {}),
        scheduled: scheduledIds.has(s._id),
        ...(s.cancelReason ? { cancelReason: s.cancelReason } : {}),
        capacity: s.capacity,
        booked,
        attended: c(...ATTENDED),
        noShows: c('no_show'),
        lateCancelled: c('late_cancelled'),
        utilisation: s.status === 'open' ? ratio(booked, s.capacity) : 0,
      };
    });

  const days = new Map<string, DailyStat>();
  for (const s of bySession) {
    if (s.status !== 'open' || s.scheduled) continue;
    const d = days.get(s.date) ?? { date: s.date, sessions: 0, capacity: 0, booked: 0, attended: 0, noShows: 0 };
    d.sessions++;
    d.capacity += s.capacity;
    d.booked += s.booked;
    d.attended += s.attended;
    d.noShows += s.noShows;
    days.set(s.date, d);
  }

  return {
    sessions: held.length,
    scheduledSessions: scheduled.length,
    scheduledBookings: bookings.filter((b) => scheduledIds.has(b.sessionId) && SEATED.includes(b.status)).length,
    cancelledSessions: sessions.filter((s) => s.status === 'cancelled').length,
    capacity,
    bookings: bookings.filter((b) => b.status !== 'waitlisted').length,
    attended,
    noShows,
    lateCancelled: count('late_cancelled'),
    cancelled: count('cancelled'),
    sessionCancelled: count('session_cancelled'),
    waitlisted: count('waitlisted'),
    seated,
    pastSeated,
    utilisation: ratio(pastSeated, capacity),
    attendanceRate: ratio(attended, pastSeated),
    noShowRate: ratio(noShows, attended + noShows),
    uniqueChildren: new Set(bookings.filter((b) => b.status !== 'waitlisted' && b.status !== 'cancelled').map((b) => b.childId)).size,
    quotaUsed: [...perChild.values()].reduce((n, v) => n + v, 0),
    quotaUse,
    daily: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)),
    bySession,
    byKind: byKind(held, scheduled, bookings),
  };
}

/**
 * The core numbers per kind, by the same definitions as the totals (every kind, zeros included):
 * `sessions`, attended, noShows and `utilisation` over ended sessions, the rest counted as scheduledSessions; the kinds'
 * sessions, scheduledSessions, bookings, attended and noShows add up to the totals.
 */
function byKind(held: SessionDoc[], scheduled: SessionDoc[], bookings: BookingDoc[]): Record<ServiceKind, KindStats> {
  const out = {} as Record<ServiceKind, KindStats>;
  for (const kind of SERVICE_KINDS) {
    const ended = held.filter((s) => kindOf(s) === kind);
    const endedIds = new Set(ended.map((s) => s._id));
    const mine = bookings.filter((b) => kindOf(b) === kind);
    const countEnded = (...st: BookingStatus[]) => mine.filter((b) => endedIds.has(b.sessionId) && st.includes(b.status)).length;
    const capacity = ended.reduce((n, s) => n + s.capacity, 0);
    const pastSeated = mine.filter((b) => endedIds.has(b.sessionId) && SEATED.includes(b.status)).length;
    out[kind] = {
      sessions: ended.length,
      scheduledSessions: scheduled.filter((s) => kindOf(s) === kind).length,
      bookings: mine.filter((b) => b.status !== 'waitlisted').length,
      attended: countEnded(...ATTENDED),
      noShows: countEnded('no_show'),
      utilisation: ratio(pastSeated, capacity),
    };
  }
  return out;
}

/** The kinds' rows of the CSV: stats key, Chinese header (in this order). */
export const KIND_COLUMNS: Array<[keyof KindStats, string]> = [
  ['sessions', '开展场次（已结束）'],
  ['scheduledSessions', '已排期场次（未结束）'],
  ['bookings', '预约人次（不含候补）'],
  ['attended', '实到人次'],
  ['noShows', '未到人次'],
  ['utilisation', '名额利用率（已结束场次）'],
];

/** The summary rows of the CSV: stats key, Chinese label (in this order). */
export const SUMMARY_ROWS: Array<[string, string]> = [
  ['sessions', '开展场次（已结束）'],
  ['scheduledSessions', '已排期场次（未结束）'],
  ['scheduledBookings', '已排期场次的预约'],
  ['cancelledSessions', '取消场次'],
  ['capacity', '已结束场次的名额'],
  ['bookings', '预约人次（不含候补）'],
  ['seated', '占用名额（全部场次）'],
  ['pastSeated', '占用名额（已结束场次）'],
  ['attended', '实到人次'],
  ['noShows', '未到人次'],
  ['lateCancelled', '迟取消人次'],
  ['cancelled', '按时取消人次'],
  ['sessionCancelled', '场次取消人次'],
  ['waitlisted', '候补中'],
  ['utilisation', '名额利用率（已结束场次）'],
  ['attendanceRate', '到场率（实到/已结束场次的占用名额）'],
  ['noShowRate', '未到率（未到/(实到+未到)）'],
  ['uniqueChildren', '服务儿童数'],
  ['quotaUsed', '消耗临时托免费次数'],
];

/** Shares, shown as percentages in the CSV. */
const RATE_KEYS = new Set(['utilisation', 'attendanceRate', 'noShowRate']);

/** Labels of numeric keys other modules add to the stats (exported after the summary rows). */
const EXTRA_LABELS: Record<string, string> = { courseViews: '微课程观看次数', courseCompletions: '微课程完成次数' };

const line = csvLine;

/**
 * The CSV of admin.exportCsv: a summary (one row per stats key: label, key, value — exactly the
 * values admin.stats answers), one row per service kind (byKind), the care quota-use distribution, then
 * one row per session with its kind, title and host. UTF-8 with a BOM
 * so that Excel shows the Chinese correctly; CRLF line ends (RFC 4180).
 */
export function statsCsv(meta: { communityName: string; from: string; to: string }, stats: ReturnType<typeof computeStats>): string {
  const rows: string[] = [];
  rows.push(line(['宝宝屋服务统计', meta.communityName, `${meta.from} 至 ${meta.to}`]));
  rows.push('');
  rows.push(line(['指标', '数值']));
  const value = (key: string, v: unknown) => (RATE_KEYS.has(key) && typeof v === 'number' ? percentText(v) : v);
  for (const [key, label] of SUMMARY_ROWS) rows.push(line([label, value(key, stats[key])]));
  // courses or other modules may add numeric keys to the stats: export those with a Chinese label
  for (const [key, v] of Object.entries(stats)) {
    if (typeof v === 'number' && !SUMMARY_ROWS.some(([k]) => k === key) && EXTRA_LABELS[key]) rows.push(line([EXTRA_LABELS[key], v]));
  }
  rows.push('');
  rows.push(line(['服务类型', ...KIND_COLUMNS.map(([, label]) => label)]));
  for (const kind of SERVICE_KINDS) {
    const k = stats.byKind?.[kind];
    if (!k) continue;
    rows.push(line([KIND_LABELS[kind], ...KIND_COLUMNS.map(([key]) => (key === 'utilisation' ? percentText(k[key]) : (k[key] ?? 0)))]));
  }
  rows.push('');
  rows.push(line(['临时托免费次数使用分布', '使用次数', '儿童数']));
  for (const q of stats.quotaUse) rows.push(line(['', q.used, q.children]));
  const courses = (stats as { courses?: unknown }).courses;
  if (Array.isArray(courses) && courses.length) {
    rows.push('');
    rows.push(line(['微课程', '观看次数', '观看人数', '完成次数']));
    for (const c of courses as Array<{ title?: string; views?: number; viewers?: number; completions?: number }>) {
      rows.push(line([c.title ?? '', c.views ?? 0, c.viewers ?? 0, c.completions ?? 0]));
    }
  }
  rows.push('');
  rows.push(
    line([
      '日期',
      '开始',
      '结束',
      '场地',
      '状态',
      '名额',
      '占用名额',
      '实到',
      '未到',
      '迟取消',
      '利用率',
      '取消原因',
      '服务类型',
      '活动名称',
      '主讲/主办',
    ]),
  );
  for (const s of stats.bySession) {
    rows.push(
      line([
        s.date,
        s.start,
        s.end,
        s.siteName,
        s.status === 'cancelled' ? '已取消' : s.scheduled ? '已排期' : '已开展',
        s.capacity,
        s.booked,
        s.attended,
        s.noShows,
        s.lateCancelled,
        s.status === 'open' && !s.scheduled ? percentText(s.utilisation) : '',
        s.cancelReason ?? '',
        KIND_LABELS[s.kind],
        s.title ?? '',
        s.host ?? '',
      ]),
    );
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
