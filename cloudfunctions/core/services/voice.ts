/**
 * Residents' voice and site quality: families' suggestions and the community's replies, ratings of
 * attended visits, and the district's inspection grade of each site (亮牌公示). Rules in rules/voice.ts;
 * the actions are listed in docs/contract.md.
 *
 * Privacy: a rating carries no link to the family (its id is derived from the booking, whose owner is
 * erased on account deletion); a suggestion keeps its text but loses its family link on deletion
 * (forgetSuggestions). Staff see a suggestion's family masked.
 */
import type {
  AdminSuggestion,
  Rating,
  Site,
  SiteCard,
  SiteGrade,
  Stats,
  Suggestion,
  SuggestionCategory,
  SuggestionStatus,
} from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import type { Deps } from '../deps';
import { keys } from '../keys';
import { maskPhone } from '../rules';
import { averageStars, maskName, median, rateRefusal, SUGGESTIONS_PER_DAY } from '../rules/voice';
import { addDays, shanghaiDate, shanghaiInstant } from '../time';
import { audit } from './audit';
import { BaseService } from './base';
import type { BookingDoc, CommunityDoc, GuardianDoc, RatingDoc, SiteDoc, SuggestionDoc } from './docs';
import { toAdminSite, toSite } from './docs';
import { notify } from './notify';

const LIST_LIMIT = 500;

export function toSuggestion(d: SuggestionDoc, siteNames: Map<string, string> = new Map()): Suggestion {
  return {
    id: d._id,
    category: d.category,
    text: d.text,
    status: d.status,
    createdAt: d.createdAt,
    ...(d.siteId ? { siteId: d.siteId, ...(siteNames.has(d.siteId) ? { siteName: siteNames.get(d.siteId) } : {}) } : {}),
    ...(d.reply ? { reply: d.reply, repliedAt: d.repliedAt } : {}),
  };
}

export const toRating = (d: RatingDoc): Rating => ({
  bookingId: d.bookingId,
  stars: d.stars,
  tags: d.tags,
  comment: d.comment,
  createdAt: d.createdAt,
  siteId: d.siteId,
  sessionDate: d.date,
});

/** Account deletion: the family's suggestions keep their text (anonymous) but lose every link to the family. */
export async function forgetSuggestions(deps: Deps, openid: string): Promise<number> {
  const mine = await deps.store.query<SuggestionDoc>('suggestions', { ownerOpenid: openid });
  if (!mine.length) return 0;
  // reply notices to the family name it (openid) and quote its text: they go with the family
  const notices = await deps.store.query('notifications', { suggestionId: { in: mine.map((s) => s._id) } });
  await deps.store.transaction(async (tx) => {
    for (const s of mine) await tx.update('suggestions', s._id, { set: { ownerOpenid: null, guardianId: null, subscribed: null } });
    for (const n of notices) await tx.delete('notifications', n._id);
    await tx.delete('counters', keys.suggestionsOfDay(openid, shanghaiDate(deps.clock.now())));
  });
  return mine.length;
}

export class VoiceService extends BaseService {
  constructor(deps: Deps) {
    super(deps);
  }

  private async siteNames(ids: Array<string | null>): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
    if (!wanted.length) return new Map();
    const sites = await this.store.query<SiteDoc>('sites', { _id: { in: wanted } });
    return new Map(sites.map((s) => [s._id, s.name]));
  }

  private async requireCommunity(id: string): Promise<CommunityDoc> {
    const c = await this.store.get<CommunityDoc>('communities', id);
    if (!c) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个社区');
    return c;
  }

  /** user.suggest: a registered family, at most SUGGESTIONS_PER_DAY per Shanghai calendar day. */
  async suggest(
    openid: string,
    input: { category: SuggestionCategory; text: string; siteId?: string; subscribe?: boolean },
  ): Promise<{ suggestion: Suggestion }> {
    const guardian = await this.requireGuardian(openid);
    let siteName: string | undefined;
    if (input.siteId) {
      const site = await this.store.get<SiteDoc>('sites', input.siteId);
      if (!site || site.communityId !== guardian.communityId)
        throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个场地', { field: 'siteId' });
      siteName = site.name;
    }
    const now = this.now();
    const nowIso = now.toISOString();
    const counterId = keys.suggestionsOfDay(openid, shanghaiDate(now));
    const doc: SuggestionDoc = {
      _id: this.deps.ids.next('sg'),
      communityId: guardian.communityId,
      siteId: input.siteId ?? null,
      category: input.category,
      text: input.text,
      status: 'open',
      ownerOpenid: openid,
      guardianId: guardian._id,
      createdAt: nowIso,
      ...(input.subscribe ? { subscribed: ['suggestion_reply' as const] } : {}),
    };
    await this.transact(async (uow) => {
      const day = await uow.get<{ _id: string; count: number }>('counters', counterId);
      const count = day?.count ?? 0;
      if (count >= SUGGESTIONS_PER_DAY) {
        throw new AppError(ErrorCode.RATE_LIMITED, `每天最多提交 ${SUGGESTIONS_PER_DAY} 条建议，请明天再来`, {
          limit: SUGGESTIONS_PER_DAY,
        });
      }
      uow.put('counters', { _id: counterId, count: count + 1 });
      uow.put('suggestions', doc);
    });
    return { suggestion: toSuggestion(doc, siteName ? new Map([[doc.siteId!, siteName]]) : undefined) };
  }

  /** user.mySuggestions: the caller's own suggestions with the replies, newest first. */
  async mySuggestions(openid: string): Promise<{ suggestions: Suggestion[] }> {
    const docs = await this.store.query<SuggestionDoc>(
      'suggestions',
      { ownerOpenid: openid },
      {
        orderBy: [{ field: 'createdAt', direction: 'desc' }],
        limit: LIST_LIMIT,
      },
    );
    const names = await this.siteNames(docs.map((d) => d.siteId));
    return { suggestions: docs.map((d) => toSuggestion(d, names)) };
  }

  private async toAdmin(docs: SuggestionDoc[]): Promise<AdminSuggestion[]> {
    const ids = [...new Set(docs.map((d) => d.guardianId).filter((x): x is string => Boolean(x)))];
    const guardians = ids.length ? await this.store.query<GuardianDoc>('guardians', { _id: { in: ids } }) : [];
    const byId = new Map(guardians.map((g) => [g._id, g]));
    const names = await this.siteNames(docs.map((d) => d.siteId));
    return docs.map((d) => {
      const g = d.guardianId ? byId.get(d.guardianId) : undefined;
      return {
        ...toSuggestion(d, names),
        communityId: d.communityId,
        family: g ? { guardianName: maskName(g.name), phoneMasked: maskPhone(g.phone) } : null,
      };
    });
  }

  /** admin.suggestions: the community's suggestions (open ones first, then newest), the family masked. */
  async suggestions(
    openid: string,
    input: { communityId: string; status?: SuggestionStatus },
  ): Promise<{ suggestions: AdminSuggestion[] }> {
    await this.requireStaff(openid, input.communityId, ['admin']);
    await this.requireCommunity(input.communityId);
    const docs = await this.store.query<SuggestionDoc>(
      'suggestions',
      {
        communityId: input.communityId,
        ...(input.status ? { status: input.status } : {}),
      },
      { orderBy: [{ field: 'createdAt', direction: 'desc' }], limit: LIST_LIMIT },
    );
    const ordered = [...docs.filter((d) => d.status === 'open'), ...docs.filter((d) => d.status !== 'open')];
    return { suggestions: await this.toAdmin(ordered) };
  }

  /** admin.replySuggestion: once per suggestion; the family gets a notice (when it still exists). */
  async replySuggestion(openid: string, input: { suggestionId: string; reply: string }): Promise<{ suggestion: AdminSuggestion }> {
    const found = await this.store.get<SuggestionDoc>('suggestions', input.suggestionId);
    if (!found) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这条建议');
    await this.requireStaff(openid, found.communityId, ['admin']);
    const nowIso = this.now().toISOString();
    const updated = await this.transact(async (uow) => {
      const cur = await uow.get<SuggestionDoc>('suggestions', input.suggestionId);
      if (!cur) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这条建议');
      if (cur.status === 'replied') throw new AppError(ErrorCode.CONFLICT, '这条建议已经回复过了');
      const next: SuggestionDoc = { ...cur, status: 'replied', reply: input.reply, repliedAt: nowIso, repliedBy: openid };
      uow.put('suggestions', next);
      if (cur.ownerOpenid) {
        notify(uow, this.deps, {
          kind: 'suggestion_replied',
          openid: cur.ownerOpenid,
          suggestionId: cur._id,
          communityId: cur.communityId,
          title: '社区回复了您的建议',
          body: input.reply,
          fields: { question: cur.text, reply: input.reply, repliedAt: nowIso },
        });
      }
      return next;
    });
    await audit(this.deps, openid, 'suggestion.reply', { communityId: found.communityId, suggestionId: found._id });
    return { suggestion: (await this.toAdmin([updated]))[0] };
  }

  /** booking.rate: the family's own attended visit, within the window, once. */
  async rate(openid: string, input: { bookingId: string; stars: number; tags?: string[]; comment?: string }): Promise<{ rating: Rating }> {
    const booking = await this.store.get<BookingDoc>('bookings', input.bookingId);
    if (!booking) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这次预约');
    if (booking.ownerOpenid !== openid) throw new AppError(ErrorCode.FORBIDDEN, '只能评价自己家庭的预约');
    const nowIso = this.now().toISOString();
    const doc: RatingDoc = {
      _id: keys.rating(booking._id),
      bookingId: booking._id,
      communityId: booking.communityId,
      siteId: booking.siteId,
      sessionId: booking.sessionId,
      date: booking.date,
      stars: input.stars,
      tags: [...new Set(input.tags ?? [])],
      comment: input.comment ?? '',
      createdAt: nowIso,
    };
    await this.transact(async (uow) => {
      const cur = await uow.get<BookingDoc>('bookings', booking._id);
      if (!cur || cur.ownerOpenid !== openid) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这次预约');
      if (await uow.get<RatingDoc>('ratings', doc._id)) throw new AppError(ErrorCode.CONFLICT, '这次服务已经评价过了');
      const refusal = rateRefusal(cur, nowIso);
      if (refusal) throw new AppError(ErrorCode.CONFLICT, refusal);
      uow.put('ratings', doc);
    });
    return { rating: toRating(doc) };
  }

  /** admin.setSiteGrade: the district inspects; community admins cannot grade. */
  async setSiteGrade(
    openid: string,
    input: { siteId: string; grade: SiteGrade; inspectedAt: string; note?: string },
  ): Promise<{ site: Site }> {
    if (!this.isDistrictAdmin(openid)) throw new AppError(ErrorCode.FORBIDDEN, '场地评级由区级管理员（区里检查）设定');
    const site = await this.store.get<SiteDoc>('sites', input.siteId);
    if (!site) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个场地');
    if (input.inspectedAt > shanghaiDate(this.now())) {
      throw new AppError(ErrorCode.INVALID_ARGUMENT, '检查日期不能晚于今天', { field: 'inspectedAt' });
    }
    const set = { grade: input.grade, inspectedAt: input.inspectedAt, gradeNote: input.note ?? null };
    await this.store.update('sites', site._id, { set });
    await audit(this.deps, openid, 'site.grade', {
      communityId: site.communityId,
      siteId: site._id,
      grade: input.grade,
      inspectedAt: input.inspectedAt,
    });
    return { site: toAdminSite({ ...site, ...set } as SiteDoc) };
  }

  /** booking.sites: what parents see when choosing (the caller's community unless one is named). */
  async sites(openid: string, input: { communityId?: string }): Promise<{ sites: SiteCard[] }> {
    const communityId = input.communityId ?? (await this.guardianOf(openid))?.communityId;
    if (!communityId) return { sites: [] };
    if (input.communityId) await this.requireCommunity(communityId);
    const [sites, ratings] = await Promise.all([
      this.store.query<SiteDoc>('sites', { communityId }, { orderBy: [{ field: 'createdAt' }] }),
      this.store.query<RatingDoc>('ratings', { communityId }),
    ]);
    return {
      sites: sites.map((s) => {
        const stars = ratings.filter((r) => r.siteId === s._id).map((r) => r.stars);
        const { capacity: _capacity, ...site } = toSite(s);
        return { ...site, rating: { average: averageStars(stars), count: stars.length } };
      }),
    };
  }

  /** admin.ratings: the community's ratings, newest first; nobody sees who rated. */
  async ratings(openid: string, input: { communityId: string; siteId?: string }): Promise<{ ratings: Rating[] }> {
    await this.requireStaff(openid, input.communityId, ['admin']);
    await this.requireCommunity(input.communityId);
    const docs = await this.store.query<RatingDoc>(
      'ratings',
      {
        communityId: input.communityId,
        ...(input.siteId ? { siteId: input.siteId } : {}),
      },
      { orderBy: [{ field: 'createdAt', direction: 'desc' }], limit: LIST_LIMIT },
    );
    return { ratings: docs.map(toRating) };
  }

  /**
   * admin.stats additions over [from, to] (Shanghai dates, inclusive): suggestions received in the range,
   * how many of those are replied and the median hours to the reply; ratings of visits in the range per site.
   */
  async stats(communityId: string, from: string, to: string): Promise<Pick<Stats, 'suggestions' | 'ratings'>> {
    const start = shanghaiInstant(from, '00:00').toISOString();
    const end = shanghaiInstant(addDays(to, 1), '00:00').toISOString();
    const [suggestions, ratings, sites] = await Promise.all([
      this.store.query<SuggestionDoc>('suggestions', { communityId, createdAt: { gte: start, lt: end } }),
      this.store.query<RatingDoc>('ratings', { communityId }),
      this.store.query<SiteDoc>('sites', { communityId }, { orderBy: [{ field: 'createdAt' }] }),
    ]);
    const replied = suggestions.filter((s) => s.status === 'replied' && s.repliedAt);
    const hours = replied.map((s) => (new Date(s.repliedAt!).getTime() - new Date(s.createdAt).getTime()) / 3_600_000);
    const med = median(hours);
    const inRange = ratings.filter((r) => r.date >= from && r.date <= to);
    return {
      suggestions: {
        received: suggestions.length,
        replied: replied.length,
        medianReplyHours: med === null ? null : Math.round(med * 10) / 10,
      },
      ratings: sites.map((s) => {
        const stars = inRange.filter((r) => r.siteId === s._id).map((r) => r.stars);
        return { siteId: s._id, siteName: s.name, average: averageStars(stars), count: stars.length };
      }),
    };
  }
}
