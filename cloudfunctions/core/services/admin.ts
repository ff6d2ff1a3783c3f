/** Community and district admins: communities, sites, sessions, staff, policy, QR code, cancellations, stats. */
import QRCode from 'qrcode';
import type {
  AuditEntry,
  Community,
  Data,
  KindPolicyPatch,
  OutboxEntry,
  Params,
  Policy,
  PolicyValues,
  Session,
  SessionDetails,
  Site,
  Staff,
  StaffRole,
  Stats,
} from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import { StoreError } from '../../store/port';
import type { Deps } from '../deps';
import { keys } from '../keys';
import { KIND_LABELS, POLICY_KEYS, resolveKinds } from '../rules/policy';
import { SERVICE_KINDS } from '../../shared/contract';
import { addDays, shanghaiInstant } from '../time';
import { planScheduleDates } from '../rules/holidays';
import { audit, changesOf } from './audit';
import { SessionCancellation } from './cancellation';
import { BaseService } from './base';
import type { BookingService } from './booking';
import type { CourseService } from './course';
import type { DistrictService } from './district';
import type { Where } from '../../store/port';
import type { BookingDoc, ChildDoc, CommunityDoc, SeatsDoc, SessionDoc, SiteDoc, StaffDoc } from './docs';
import { toAdminSite, toCommunity, toSite } from './docs';
import { newSeats } from './ledger';
import type { NotificationDoc } from './notify';
import { computeStats, statsCsv } from './stats';
import { VoiceService } from './voice';

export const MAX_SCHEDULE_DAYS = 92;
export const MAX_SCHEDULE_SESSIONS = 120;

/** '王小明' → '王*明', '小雨' → '小*': a child's name in the audit log, recognisable but not spelled out. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

interface AuditDoc {
  _id: string;
  actor: string;
  action: string;
  at: string;
  communityId: string;
  [k: string]: unknown;
}

export class AdminService extends BaseService {
  constructor(
    deps: Deps,
    private readonly bookings: BookingService,
    private readonly courses: CourseService,
    private readonly district: DistrictService,
    private readonly cancellation: SessionCancellation = new SessionCancellation(deps, bookings),
  ) {
    super(deps);
  }

  private requireDistrictAdmin(openid: string): void {
    if (!this.isDistrictAdmin(openid)) throw new AppError(ErrorCode.FORBIDDEN, '只有区级管理员可以创建社区');
  }

  private async community(id: string): Promise<CommunityDoc> {
    const c = await this.store.get<CommunityDoc>('communities', id);
    if (!c) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个社区');
    return c;
  }

  /** Community admins act on their own community only; district admins on all. */
  async requireAdmin(openid: string, communityId: string): Promise<CommunityDoc> {
    await this.requireStaff(openid, communityId, ['admin']);
    return this.community(communityId);
  }

  async createCommunity(openid: string, input: { name: string; district: string }): Promise<{ community: Community }> {
    this.requireDistrictAdmin(openid);
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = this.deps.ids.code(6);
      const doc: CommunityDoc = {
        _id: this.deps.ids.next('cm'),
        name: input.name,
        district: input.district,
        code,
        createdAt: this.now().toISOString(),
      };
      try {
        // the code document makes community codes unique even under concurrent creation
        await this.store.transaction(async (tx) => {
          await tx.create('counters', { _id: `code_${code}`, communityId: doc._id });
          await tx.create('communities', doc);
        });
        await audit(this.deps, openid, 'community.create', {
          communityId: doc._id,
          target: { communityId: doc._id, code },
          changes: changesOf(null, { name: doc.name, district: doc.district }),
        });
        return { community: toCommunity(doc) };
      } catch (e) {
        if (!(e instanceof StoreError && e.kind === 'EXISTS')) throw e;
      }
    }
    throw new AppError(ErrorCode.BUSY);
  }

  async listCommunities(openid: string): Promise<{ communities: Community[] }> {
    const ids = await this.staffCommunities(openid, ['admin']);
    const docs =
      ids === null
        ? await this.store.query<CommunityDoc>('communities', {}, { orderBy: [{ field: 'createdAt' }] })
        : ids.length
          ? await this.store.query<CommunityDoc>('communities', { _id: { in: ids } })
          : [];
    return { communities: docs.map(toCommunity) };
  }

  async createSite(
    openid: string,
    input: { communityId: string; name: string; address: string; capacity: number },
  ): Promise<{ site: Site }> {
    await this.requireAdmin(openid, input.communityId);
    const doc: SiteDoc = { _id: this.deps.ids.next('st'), ...input, createdAt: this.now().toISOString() };
    await this.store.create('sites', doc);
    await audit(this.deps, openid, 'site.create', {
      communityId: input.communityId,
      target: { siteId: doc._id },
      changes: changesOf(null, { name: input.name, address: input.address, capacity: input.capacity }),
    });
    return { site: toSite(doc) };
  }

  async updateSite(openid: string, input: { siteId: string } & Partial<Record<string, string | number>>): Promise<{ site: Site }> {
    const site = await this.store.get<SiteDoc>('sites', input.siteId);
    if (!site) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个场地');
    await this.requireAdmin(openid, site.communityId);
    const { siteId, ...fields } = input;
    const set: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) set[k] = v === '' ? null : v;
    if (Object.keys(set).length) {
      await this.store.update('sites', siteId, { set });
      await audit(this.deps, openid, 'site.update', {
        communityId: site.communityId,
        target: { siteId },
        changes: changesOf(site as Record<string, unknown>, set),
      });
    }
    return { site: toAdminSite({ ...site, ...set } as SiteDoc) };
  }

  async listSites(openid: string, communityId: string): Promise<{ sites: Site[] }> {
    await this.requireAdmin(openid, communityId);
    const docs = await this.store.query<SiteDoc>('sites', { communityId }, { orderBy: [{ field: 'createdAt' }] });
    return { sites: docs.map(toAdminSite) };
  }

  async createSessions(
    openid: string,
    input: { siteId: string; dates: string[]; start: string; end: string; capacity?: number } & SessionDetails,
  ): Promise<{ sessions: Session[] }> {
    const site = await this.store.get<SiteDoc>('sites', input.siteId);
    if (!site) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个场地');
    await this.requireAdmin(openid, site.communityId);
    if (input.end <= input.start) throw new AppError(ErrorCode.INVALID_ARGUMENT, '结束时间必须晚于开始时间');
    const nowIso = this.now().toISOString();
    const ids: string[] = [];
    const created: string[] = [];
    const createdDates: string[] = [];
    for (const date of [...new Set(input.dates)].sort()) {
      const kind = input.kind ?? 'temporary_care';
      const id = keys.session(site._id, date, input.start, kind);
      ids.push(id);
      await this.store.transaction(async (tx) => {
        if (await tx.get('sessions', id)) return; // re-creating a schedule is harmless
        created.push(id);
        createdDates.push(date);
        const doc: SessionDoc = {
          _id: id,
          siteId: site._id,
          communityId: site.communityId,
          siteName: site.name,
          kind,
          date,
          ...(input.title ? { title: input.title } : {}),
          ...(input.description ? { description: input.description } : {}),
          ...(input.host ? { host: input.host } : {}),
          start: input.start,
          end: input.end,
          startAt: shanghaiInstant(date, input.start).toISOString(),
          endAt: shanghaiInstant(date, input.end).toISOString(),
          capacity: input.capacity ?? site.capacity,
          status: 'open',
          createdAt: nowIso,
        };
        await tx.create('sessions', doc);
        const seats: SeatsDoc = newSeats(id);
        if (!(await tx.get('counters', seats._id))) await tx.create('counters', seats);
      });
    }
    if (created.length) {
      await audit(this.deps, openid, 'sessions.create', {
        communityId: site.communityId,
        target: { siteId: site._id, sessionIds: created },
        changes: changesOf(null, { dates: createdDates, start: input.start, end: input.end, capacity: input.capacity ?? site.capacity }),
      });
    }
    const docs = await this.store.query<SessionDoc>('sessions', { _id: { in: ids } }, { orderBy: [{ field: 'date' }] });
    return { sessions: await this.bookings.withSeats(docs) };
  }

  /**
   * Cancels a session: every booking becomes session_cancelled, quota is refunded, families are notified —
   * as one resumable job (services/cancellation.ts). Calling it again on a cancelled session finishes
   * whatever an interrupted run left.
   */
  async cancelSession(openid: string, input: { sessionId: string; reason: string }): Promise<{ session: Session; refunded: number }> {
    const session = await this.store.get<SessionDoc>('sessions', input.sessionId);
    if (!session) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个场次');
    await this.requireAdmin(openid, session.communityId);
    if (session.status !== 'cancelled') {
      await audit(this.deps, openid, 'session.cancel', {
        communityId: session.communityId,
        target: { sessionId: session._id, siteId: session.siteId },
        reason: input.reason,
        changes: { status: { from: session.status, to: 'cancelled' } },
      });
    }
    return this.cancellation.start(openid, session, input.reason);
  }

  async addStaff(
    openid: string,
    input: { communityId: string; openid: string; role: StaffRole; name?: string },
  ): Promise<{ staff: Staff }> {
    await this.requireAdmin(openid, input.communityId);
    const id = keys.staff(input.communityId, input.openid);
    const doc: StaffDoc & { name?: string } = {
      _id: id,
      communityId: input.communityId,
      openid: input.openid,
      role: input.role,
      createdAt: this.now().toISOString(),
      ...(input.name ? { name: input.name } : {}),
    };
    const before = await this.store.transaction(async (tx) => {
      const existing = await tx.get<StaffDoc & { name?: string }>('staff', id);
      if (existing) await tx.update('staff', id, { set: { role: input.role, ...(input.name ? { name: input.name } : {}) } });
      else await tx.create('staff', doc);
      return existing;
    });
    await audit(this.deps, openid, 'staff.add', {
      communityId: input.communityId,
      target: { staffOpenid: input.openid },
      changes: changesOf(before ? { role: before.role, name: before.name ?? null } : null, {
        role: input.role,
        ...(input.name ? { name: input.name } : {}),
      }),
    });
    return { staff: { communityId: doc.communityId, openid: doc.openid, role: doc.role } };
  }

  async getPolicy(openid: string, communityId: string): Promise<{ policy: Policy }> {
    await this.requireAdmin(openid, communityId);
    return { policy: await this.policy(communityId) };
  }

  /**
   * Flat values and, in `kinds`, any kinds' values (partial). temporary_care's values are the flat
   * yearlyFreeSessions / minAgeMonths / maxAgeMonths: given both ways, `kinds.temporary_care` wins.
   */
  async setPolicy(
    openid: string,
    input: { communityId: string } & Partial<PolicyValues> & { kinds?: KindPolicyPatch },
  ): Promise<{ policy: Policy }> {
    await this.requireAdmin(openid, input.communityId);
    const current = await this.policy(input.communityId);
    const { kinds: _k, ...flat } = current;
    const next: PolicyValues = { ...flat };
    for (const k of POLICY_KEYS) if (typeof input[k] === 'number') next[k] = input[k] as number;
    const care = input.kinds?.temporary_care;
    if (care) {
      if (care.yearlyFree === null) throw new AppError(ErrorCode.INVALID_ARGUMENT, '临时托必须有每年免费次数');
      if (typeof care.yearlyFree === 'number') next.yearlyFreeSessions = care.yearlyFree;
      if (typeof care.minAgeMonths === 'number') next.minAgeMonths = care.minAgeMonths;
      if (typeof care.maxAgeMonths === 'number') next.maxAgeMonths = care.maxAgeMonths;
    }
    const stored: KindPolicyPatch = {};
    const prior = current.kinds ?? resolveKinds(flat);
    for (const kind of SERVICE_KINDS) if (kind !== 'temporary_care') stored[kind] = { ...prior[kind], ...input.kinds?.[kind] };
    const kinds = resolveKinds(next, stored);
    for (const kind of SERVICE_KINDS) {
      if (kinds[kind].minAgeMonths >= kinds[kind].maxAgeMonths) {
        throw new AppError(ErrorCode.INVALID_ARGUMENT, `${KIND_LABELS[kind]}：最小月龄必须小于最大月龄`, { kind });
      }
    }
    await this.store.transaction(async (tx) => {
      const values = { ...Object.fromEntries(POLICY_KEYS.map((k) => [k, next[k]])), kinds: stored };
      if (await tx.get('policies', input.communityId)) await tx.update('policies', input.communityId, { set: values });
      else await tx.create('policies', { _id: input.communityId, communityId: input.communityId, ...values });
    });
    await audit(this.deps, openid, 'policy.set', {
      communityId: input.communityId,
      target: { communityId: input.communityId },
      changes: changesOf(current as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>, [...POLICY_KEYS]),
    });
    return { policy: { ...next, kinds } };
  }

  async communityQr(openid: string, communityId: string): Promise<{ scene: string; path: string; url: string; pngBase64: string }> {
    const community = await this.requireAdmin(openid, communityId);
    const scene = `c=${community.code}`; // ≤ 32 chars (WeChat's scene limit)
    const page = 'pages/register/index';
    const path = `${page}?scene=${encodeURIComponent(scene)}`;
    const url = `${this.deps.config.publicUrl.replace(/\/$/, '')}/#/${path}`;
    let png: Buffer;
    if (this.deps.config.platform === 'wx' && this.deps.platform?.miniProgramCode) {
      png = await this.deps.platform.miniProgramCode(scene, page);
    } else {
      png = await QRCode.toBuffer(url, { type: 'png', width: 480, margin: 2, errorCorrectionLevel: 'M' });
    }
    return { scene, path, url, pngBase64: png.toString('base64') };
  }

  async stats(openid: string, input: { communityId: string; from: string; to: string }): Promise<{ stats: Stats }> {
    await this.requireAdmin(openid, input.communityId);
    const { sessions, bookings } = await this.statsFacts(input);
    const stats: Stats = computeStats(sessions, bookings, this.now());
    // micro-courses: courseViews, courseCompletions and per-course rows `courses`
    Object.assign(stats, await this.courses.stats(input.communityId, input.from, input.to));
    // residents' voice: suggestions received / replied, median time to reply; ratings per site
    Object.assign(stats, await new VoiceService(this.deps).stats(input.communityId, input.from, input.to));
    return { stats };
  }

  /** The sessions and bookings of a community in a date range (both inclusive), for stats and CSV. */
  private async statsFacts(input: {
    communityId: string;
    from: string;
    to: string;
  }): Promise<{ sessions: SessionDoc[]; bookings: BookingDoc[] }> {
    if (input.to < input.from) throw new AppError(ErrorCode.INVALID_ARGUMENT, '结束日期不能早于开始日期');
    const range = { gte: input.from, lte: input.to };
    const [sessions, bookings] = await Promise.all([
      this.store.query<SessionDoc>('sessions', { communityId: input.communityId, date: range }),
      this.store.query<BookingDoc>('bookings', { communityId: input.communityId, date: range }),
    ]);
    return { sessions, bookings };
  }

  /** The same numbers as admin.stats, as a CSV file; the export is audited. */
  async exportCsv(openid: string, input: { communityId: string; from: string; to: string }): Promise<{ filename: string; csv: string }> {
    const community = await this.requireAdmin(openid, input.communityId);
    const { stats } = await this.stats(openid, input);
    const csv = statsCsv({ communityName: community.name, from: input.from, to: input.to }, stats as ReturnType<typeof computeStats>);
    await audit(this.deps, openid, 'stats.export', { communityId: input.communityId, from: input.from, to: input.to });
    return { filename: `宝宝屋统计_${community.name}_${input.from}_${input.to}.csv`, csv };
  }

  /**
   * Weekly schedule generation: weekdays × time × capacity over a date range, skipping China's public
   * holidays and (with followWorkdays) including official make-up workdays — rule in rules/holidays.ts.
   * Existing sessions (same site, date and start) are kept as they are. dryRun previews without writing.
   */
  async generateSchedule(openid: string, input: Params<'admin', 'generateSchedule'>): Promise<Data<'admin', 'generateSchedule'>> {
    const site = await this.store.get<SiteDoc>('sites', input.siteId);
    if (!site) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个场地');
    await this.requireAdmin(openid, site.communityId);
    if (input.to < input.from) throw new AppError(ErrorCode.INVALID_ARGUMENT, '结束日期不能早于开始日期');
    if (addDays(input.from, MAX_SCHEDULE_DAYS - 1) < input.to) {
      throw new AppError(ErrorCode.INVALID_ARGUMENT, `一次最多安排 ${MAX_SCHEDULE_DAYS} 天`);
    }
    if (input.end <= input.start) throw new AppError(ErrorCode.INVALID_ARGUMENT, '结束时间必须晚于开始时间');
    const plan = planScheduleDates(input, await this.district.overrides(input.from, input.to));
    if (plan.dates.length > MAX_SCHEDULE_SESSIONS) {
      throw new AppError(ErrorCode.INVALID_ARGUMENT, `一次最多生成 ${MAX_SCHEDULE_SESSIONS} 个场次，请缩短日期范围`);
    }
    const ids = plan.dates.map((d) => keys.session(site._id, d, input.start, input.kind));
    const existing = ids.length ? await this.store.count('sessions', { _id: { in: ids } }) : 0;
    const base = {
      dates: plan.dates,
      skipped: plan.skipped,
      makeupWorkdays: plan.makeupWorkdays,
      existing,
      unknownYears: plan.unknownYears,
    };
    if (input.dryRun || plan.dates.length === 0) return { sessions: [], created: 0, ...base };
    const { sessions } = await this.createSessions(openid, {
      siteId: site._id,
      dates: plan.dates,
      start: input.start,
      end: input.end,
      capacity: input.capacity,
      kind: input.kind,
      title: input.title,
      description: input.description,
      host: input.host,
    });
    await audit(this.deps, openid, 'schedule.generate', {
      communityId: site.communityId,
      siteId: site._id,
      from: input.from,
      to: input.to,
      sessions: plan.dates.length - existing,
    });
    return { sessions, created: plan.dates.length - existing, ...base };
  }

  /** The outbox of the community: every notice written for its families, newest first. */
  async outbox(openid: string, input: { communityId: string; limit?: number }): Promise<{ notifications: OutboxEntry[] }> {
    await this.requireAdmin(openid, input.communityId);
    const docs = await this.store.query<NotificationDoc>(
      'notifications',
      { communityId: input.communityId },
      {
        orderBy: [{ field: 'createdAt', direction: 'desc' }],
        limit: input.limit ?? 100,
      },
    );
    return {
      notifications: docs.map((n) => ({
        id: n._id,
        kind: n.kind,
        title: n.title,
        body: n.body,
        createdAt: n.createdAt,
        sentAt: n.sentAt ?? null,
        ...(n.failedAt ? { failedAt: n.failedAt } : {}),
        ...(n.bookingId ? { bookingId: n.bookingId } : {}),
        status: n.status ?? (n.failedAt ? 'failed' : n.sentAt ? 'sent' : 'pending'),
        attempts: n.attempts ?? 0,
        ...(n.errcode !== undefined && n.errcode !== null ? { errcode: n.errcode } : {}),
      })),
    };
  }

  /** The audit log of staff actions in the community, newest first. */
  /** The child (masked) and session (date, time, site) each entry names, for people to read instead of ids. */
  private async auditSubjects(docs: AuditDoc[]): Promise<(d: Record<string, unknown>) => Record<string, string>> {
    const ids = (field: string) => [...new Set(docs.map((d) => d[field]).filter((v): v is string => typeof v === 'string'))];
    const childIds = ids('childId');
    const sessionIds = ids('sessionId');
    const [children, sessions] = await Promise.all([
      childIds.length ? this.store.query<ChildDoc>('children', { _id: { in: childIds } }) : Promise.resolve([] as ChildDoc[]),
      sessionIds.length ? this.store.query<SessionDoc>('sessions', { _id: { in: sessionIds } }) : Promise.resolve([] as SessionDoc[]),
    ]);
    const child = new Map(children.map((c) => [c._id, maskName(c.name)]));
    const session = new Map(sessions.map((x) => [x._id, `${x.date} ${x.start}–${x.end} ${x.siteName}`]));
    return (d) => ({
      ...(typeof d.childId === 'string' && child.has(d.childId) ? { childName: child.get(d.childId)! } : {}),
      ...(typeof d.sessionId === 'string' && session.has(d.sessionId) ? { sessionText: session.get(d.sessionId)! } : {}),
    });
  }

  async auditLog(openid: string, input: { communityId: string; limit?: number; readOnly?: boolean }): Promise<{ entries: AuditEntry[] }> {
    await this.requireAdmin(openid, input.communityId);
    // readOnly: false leaves out the entries that only record someone looking (查看名单)
    const where: Where =
      input.readOnly === false ? { communityId: input.communityId, action: { ne: 'roster.view' } } : { communityId: input.communityId };
    const docs = await this.store.query<AuditDoc>('audit', where, {
      orderBy: [{ field: 'at', direction: 'desc' }],
      limit: input.limit ?? 100,
    });
    const subjects = await this.auditSubjects(docs);
    const actors = [...new Set(docs.map((d) => d.actor))];
    const staff = actors.length
      ? await this.store.query<StaffDoc & { name?: string }>('staff', { communityId: input.communityId, openid: { in: actors } })
      : [];
    const names = new Map(staff.filter((s) => s.name).map((s) => [s.openid, s.name as string]));
    return {
      entries: docs.map(({ _id, actor, action, at, communityId: _c, ...details }) => ({
        id: _id,
        action,
        actor,
        at,
        details: { ...details, ...subjects(details) },
        ...(names.get(actor) ? { actorName: names.get(actor) } : {}),
        ...(this.isDistrictAdmin(actor) ? { actorRole: 'district_admin' } : {}),
      })),
    };
  }
}
