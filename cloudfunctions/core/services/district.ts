/**
 * The district view: every community on one page (admin.districtStats, admin.exportDistrictCsv), the
 * resident 0–3 children per community and year (admin.setResidentChildren), and the district's holiday
 * overrides (admin.setHoliday / removeHoliday / holidays). District admins only, except that any admin
 * may read the merged holiday calendar. Definitions: docs/ and README (contract extensions).
 *
 * How it scales: each session's seat counter carries a statistics tally kept by the booking ledger
 * (ledger.ts tallyDelta), so one district call reads the sessions of the range and one counter per
 * session, never the bookings (only counters older than the tally are recounted from their bookings).
 * Every read is an ordinary paged query, so the WeChat database's 100-documents-per-read cap holds.
 */
import type { DistrictMonth, DistrictRow, HolidayDay, HolidayKind } from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import type { Deps } from '../deps';
import { keys } from '../keys';
import { yearCalendar, calendarKnown, type HolidayOverride } from '../rules/holidays';
import { addDays } from '../time';
import { audit } from './audit';
import { BaseService } from './base';
import type { BookingDoc, CommunityDoc, HolidayDoc, ResidentsDoc, SeatsDoc, SessionDoc, SiteDoc } from './docs';
import { tallyDelta } from './ledger';
import { csvCell } from '../csv';

/** The longest range a district call covers (two years). */
export const MAX_DISTRICT_DAYS = 731;
/** Ids per `in` look-up: one page of the WeChat database per chunk. */
const CHUNK = 100;
const ATTENDED = ['checked_in', 'checked_out'];
const DISTRICT_AUDIT = 'district';

/** What one session contributes to the statistics. */
export interface SessionFacts {
  communityId: string;
  date: string;
  capacity: number;
  ended: boolean;
  held: number;
  attended: number;
  noShows: number;
}

export interface CommunityFacts {
  community: { id: string; name: string; district: string };
  sites: number;
  registeredChildren: number;
  residentChildren: number | null;
  guidedChildren: number;
}

const ratio = (n: number, d: number): number => Math.round((n / d) * 10000) / 10000;

interface Parts {
  placesEnded: number;
  attendedEnded: number;
}

/**
 * Pure: the rows, the totals and the monthly trend from the facts. Totals are sums of the rows; their
 * ratios are computed from the summed parts (utilisation over every ended session; coverage over the
 * communities whose resident number is known).
 */
export function aggregateDistrict(
  communities: CommunityFacts[],
  sessions: SessionFacts[],
  range: { from: string; to: string },
  district?: string,
): { communities: DistrictRow[]; totals: DistrictRow; months: DistrictMonth[] } {
  const parts = new Map<string, Parts>();
  const rows = new Map<string, DistrictRow>();
  for (const c of communities) {
    parts.set(c.community.id, { placesEnded: 0, attendedEnded: 0 });
    rows.set(c.community.id, {
      communityId: c.community.id,
      name: c.community.name,
      district: c.community.district,
      sites: c.sites,
      sessions: 0,
      bookings: 0,
      attended: 0,
      utilisation: null,
      noShows: 0,
      registeredChildren: c.registeredChildren,
      residentChildren: c.residentChildren,
      guidanceCoverage: null,
      guidedChildren: c.guidedChildren,
    });
  }
  const months = new Map<string, DistrictMonth>();
  for (let d = range.from.slice(0, 7); d <= range.to.slice(0, 7); d = nextMonth(d))
    months.set(d, { month: d, sessions: 0, bookings: 0, attended: 0 });
  for (const s of sessions) {
    const row = rows.get(s.communityId);
    if (!row) continue;
    row.sessions++;
    row.bookings += s.held;
    row.attended += s.attended;
    row.noShows += s.noShows;
    if (s.ended) {
      const p = parts.get(s.communityId)!;
      p.placesEnded += s.capacity;
      p.attendedEnded += s.attended;
    }
    const m = months.get(s.date.slice(0, 7));
    if (m) {
      m.sessions++;
      m.bookings += s.held;
      m.attended += s.attended;
    }
  }
  const totals: DistrictRow = {
    communityId: null,
    name: '合计',
    district: district ?? '',
    sites: 0,
    sessions: 0,
    bookings: 0,
    attended: 0,
    utilisation: null,
    noShows: 0,
    registeredChildren: 0,
    residentChildren: null,
    guidanceCoverage: null,
    guidedChildren: 0,
  };
  const total: Parts = { placesEnded: 0, attendedEnded: 0 };
  let coveredResidents = 0;
  let coveredGuided = 0;
  let anyResidents = false;
  for (const row of rows.values()) {
    const p = parts.get(row.communityId!)!;
    row.utilisation = p.placesEnded ? ratio(p.attendedEnded, p.placesEnded) : null;
    row.guidanceCoverage = row.residentChildren ? ratio(row.guidedChildren, row.residentChildren) : null;
    for (const k of ['sites', 'sessions', 'bookings', 'attended', 'noShows', 'registeredChildren', 'guidedChildren'] as const)
      totals[k] += row[k];
    total.placesEnded += p.placesEnded;
    total.attendedEnded += p.attendedEnded;
    if (row.residentChildren !== null) {
      anyResidents = true;
      coveredResidents += row.residentChildren;
      coveredGuided += row.guidedChildren;
    }
  }
  totals.utilisation = total.placesEnded ? ratio(total.attendedEnded, total.placesEnded) : null;
  totals.residentChildren = anyResidents ? coveredResidents : null;
  totals.guidanceCoverage = coveredResidents ? ratio(coveredGuided, coveredResidents) : null;
  const list = [...rows.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return { communities: list, totals, months: [...months.values()] };
}

function nextMonth(ym: string): string {
  const [y, m] = ym.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

const percent = (v: number | null) => (v === null ? '' : `${(v * 100).toFixed(1)}%`);

/** The columns of the district CSV: Chinese header and the cell of a row. */
export const DISTRICT_COLUMNS: Array<[string, (r: DistrictRow) => unknown]> = [
  ['社区', (r) => r.name],
  ['所属区', (r) => r.district],
  ['宝宝屋场地数', (r) => r.sites],
  ['开展场次', (r) => r.sessions],
  ['预约人次', (r) => r.bookings],
  ['实到人次', (r) => r.attended],
  ['到场率（实到÷已结束场次名额）', (r) => percent(r.utilisation)],
  ['未到人次', (r) => r.noShows],
  ['登记儿童数', (r) => r.registeredChildren],
  ['常住0–3岁儿童数', (r) => r.residentChildren ?? '未填'],
  ['接受科学育儿指导儿童数', (r) => r.guidedChildren],
  ['科学育儿指导覆盖率', (r) => (r.guidanceCoverage === null ? '未知' : percent(r.guidanceCoverage))],
];

/** UTF-8 with BOM, CRLF: a title line, the header, one line per community, the totals line. */
export function districtCsv(
  meta: { from: string; to: string; district?: string },
  data: { communities: DistrictRow[]; totals: DistrictRow },
): string {
  const line = (values: unknown[]) => values.map(csvCell).join(',');
  const out = [
    line([`宝宝屋区级统计${meta.district ? `（${meta.district}）` : ''}`, `${meta.from} 至 ${meta.to}`]),
    line(DISTRICT_COLUMNS.map(([h]) => h)),
    ...data.communities.map((r) => line(DISTRICT_COLUMNS.map(([, f]) => f(r)))),
    line(DISTRICT_COLUMNS.map(([, f]) => f(data.totals))),
  ];
  return `\uFEFF${out.join('\r\n')}\r\n`;
}

function chunks<T>(xs: T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Runs `fn` over `items` with at most `limit` calls in flight (reads of one page each), keeping the order. */
async function inParallel<T, R>(items: T[], fn: (item: T) => Promise<R>, limit = 8): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export class DistrictService extends BaseService {
  constructor(deps: Deps) {
    super(deps);
  }

  private requireDistrictAdmin(openid: string): void {
    if (!this.isDistrictAdmin(openid)) throw new AppError(ErrorCode.FORBIDDEN, '只有区级管理员可以查看或设置区级数据');
  }

  async setResidentChildren(openid: string, input: { communityId: string; year: number; count: number }) {
    this.requireDistrictAdmin(openid);
    const c = await this.store.get<CommunityDoc>('communities', input.communityId);
    if (!c) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个社区');
    const id = `res_${input.communityId}_${input.year}`;
    const doc: ResidentsDoc = {
      _id: id,
      communityId: input.communityId,
      year: input.year,
      count: input.count,
      updatedAt: this.now().toISOString(),
      updatedBy: openid,
    };
    await this.store.transaction(async (tx) => {
      if (await tx.get('residents', id))
        await tx.update('residents', id, { set: { count: doc.count, updatedAt: doc.updatedAt, updatedBy: openid } });
      else await tx.create('residents', doc);
    });
    await audit(this.deps, openid, 'residents.set', { communityId: input.communityId, year: input.year, count: input.count });
    return { residentChildren: { communityId: input.communityId, year: input.year, count: input.count } };
  }

  async districtStats(openid: string, input: { from: string; to: string; district?: string }) {
    this.requireDistrictAdmin(openid);
    if (input.to < input.from) throw new AppError(ErrorCode.INVALID_ARGUMENT, '结束日期不能早于开始日期');
    if (addDays(input.from, MAX_DISTRICT_DAYS - 1) < input.to)
      throw new AppError(ErrorCode.INVALID_ARGUMENT, `一次最多统计 ${MAX_DISTRICT_DAYS} 天`);
    const communities = await this.store.query<CommunityDoc>('communities', input.district ? { district: input.district } : {});
    const ids = communities.map((c) => c._id);
    const inDistrict = new Set(ids);
    const range = { gte: input.from, lte: input.to };
    const year = Number(input.from.slice(0, 4));
    const [sites, sessionDocs, residents, guided, registered] = await Promise.all([
      this.store.query<SiteDoc>('sites', input.district ? { communityId: { in: ids } } : {}),
      ids.length === 0
        ? Promise.resolve([] as SessionDoc[])
        : this.store.query<SessionDoc>(
            'sessions',
            input.district ? { communityId: { in: ids }, date: range, status: 'open' } : { date: range, status: 'open' },
          ),
      this.store.query<ResidentsDoc>('residents', { year }),
      this.store.query<BookingDoc>('bookings', { kind: 'parenting_guidance', date: range, status: { in: ATTENDED } }),
      Promise.all(ids.map((communityId) => this.store.count('children', { communityId }))),
    ]);
    const sessions = sessionDocs.filter((s) => inDistrict.has(s.communityId));
    const facts = await this.sessionFacts(sessions);

    const siteCount = new Map<string, number>();
    for (const s of sites) siteCount.set(s.communityId, (siteCount.get(s.communityId) ?? 0) + 1);
    const residentOf = new Map(residents.map((r) => [r.communityId, r.count]));
    const guidedOf = new Map<string, Set<string>>();
    for (const b of guided) {
      const set = guidedOf.get(b.communityId) ?? new Set<string>();
      set.add(b.childId);
      guidedOf.set(b.communityId, set);
    }
    const communityFacts: CommunityFacts[] = communities.map((c, i) => ({
      community: { id: c._id, name: c.name, district: c.district },
      sites: siteCount.get(c._id) ?? 0,
      registeredChildren: registered[i],
      residentChildren: residentOf.get(c._id) ?? null,
      guidedChildren: guidedOf.get(c._id)?.size ?? 0,
    }));
    return { ...aggregateDistrict(communityFacts, facts, input, input.district), from: input.from, to: input.to };
  }

  /** One fact per session from its seat counter's tally; counters without a tally are recounted from bookings. */
  private async sessionFacts(sessions: SessionDoc[]): Promise<SessionFacts[]> {
    const nowIso = this.now().toISOString();
    const counters = new Map<string, SeatsDoc>();
    const found = await inParallel(chunks(sessions.map((s) => keys.seats(s._id))), (part) =>
      this.store.query<SeatsDoc>('counters', { _id: { in: part } }),
    );
    for (const c of found.flat()) counters.set(c.sessionId, c);
    const untallied = sessions.filter((s) => !counters.get(s._id)?.tallied).map((s) => s._id);
    const recount = new Map<string, { held: number; attended: number; noShows: number }>();
    const old = await inParallel(chunks(untallied), (part) => this.store.query<BookingDoc>('bookings', { sessionId: { in: part } }));
    for (const b of old.flat()) {
      const d = tallyDelta(null, b.status);
      const t = recount.get(b.sessionId) ?? { held: 0, attended: 0, noShows: 0 };
      recount.set(b.sessionId, { held: t.held + d.held, attended: t.attended + d.attended, noShows: t.noShows + d.noShows });
    }
    return sessions.map((s) => {
      const c = counters.get(s._id);
      const t = c?.tallied
        ? { held: c.held ?? 0, attended: c.attended ?? 0, noShows: c.noShows ?? 0 }
        : (recount.get(s._id) ?? { held: 0, attended: 0, noShows: 0 });
      return { communityId: s.communityId, date: s.date, capacity: s.capacity, ended: s.endAt <= nowIso, ...t };
    });
  }

  async exportDistrictCsv(openid: string, input: { from: string; to: string; district?: string }) {
    const data = await this.districtStats(openid, input);
    const csv = districtCsv(input, data);
    await audit(this.deps, openid, 'district.export', {
      communityId: DISTRICT_AUDIT,
      from: input.from,
      to: input.to,
      district: input.district ?? null,
    });
    return { filename: `宝宝屋区级统计_${input.district ? `${input.district}_` : ''}${input.from}_${input.to}.csv`, csv };
  }

  // ---- holidays ----

  /** The district's overrides between two dates (inclusive), by date. */
  async overrides(from: string, to: string): Promise<Map<string, HolidayOverride>> {
    const docs = await this.store.query<HolidayDoc>('holidays', { date: { gte: from, lte: to } });
    return new Map(docs.map((d) => [d.date, { date: d.date, kind: d.kind, name: d.name }]));
  }

  async setHoliday(openid: string, input: { date: string; kind: HolidayKind; name?: string }) {
    this.requireDistrictAdmin(openid);
    const name = input.name ?? (input.kind === 'holiday' ? '区级假日' : '调整上班');
    const id = `hol_${input.date}`;
    const nowIso = this.now().toISOString();
    await this.store.transaction(async (tx) => {
      if (await tx.get('holidays', id))
        await tx.update('holidays', id, { set: { kind: input.kind, name, createdAt: nowIso, createdBy: openid } });
      else
        await tx.create('holidays', {
          _id: id,
          date: input.date,
          kind: input.kind,
          name,
          createdAt: nowIso,
          createdBy: openid,
        } satisfies HolidayDoc);
    });
    await audit(this.deps, openid, 'holiday.set', { communityId: DISTRICT_AUDIT, date: input.date, kind: input.kind, name });
    return { holiday: { date: input.date, kind: input.kind, name } };
  }

  /** Removes the override of a date (the calendar applies again); removing a date without one is harmless. */
  async removeHoliday(openid: string, input: { date: string }): Promise<{ removed: true }> {
    this.requireDistrictAdmin(openid);
    await this.store.transaction((tx) => tx.delete('holidays', `hol_${input.date}`));
    await audit(this.deps, openid, 'holiday.remove', { communityId: DISTRICT_AUDIT, date: input.date });
    return { removed: true };
  }

  /** The merged calendar of a year, for any admin (community admins plan their schedules with it). */
  async holidays(openid: string, input: { year: number }): Promise<{ days: HolidayDay[]; calendarKnown: boolean }> {
    const communities = await this.staffCommunities(openid, ['admin']);
    if (communities !== null && communities.length === 0) throw new AppError(ErrorCode.FORBIDDEN, '只有管理员可以查看节假日设置');
    const overrides = await this.overrides(`${input.year}-01-01`, `${input.year}-12-31`);
    return { days: yearCalendar(input.year, overrides), calendarKnown: calendarKnown(input.year) };
  }
}
