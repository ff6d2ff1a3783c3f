/**
 * Micro-courses: the catalogue, episode playback URLs, and watch progress credited on the server's
 * clock (rules/credit.ts). Progress lives in `progress`, one document per (viewer, episode) with the
 * deterministic id keys.progress(openid, episodeId); it carries `openid` so account deletion finds it.
 */
import type { CourseCategory, CourseStatsRow, CourseSummary, Episode, EpisodeProgress } from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import type { Deps } from '../deps';
import { seedCourses } from '../catalogue';
import { keys } from '../keys';
import { applyReport, type CreditState, type Interval } from '../rules/credit';
import { shanghaiDate } from '../time';
import { BaseService } from './base';
import type { CourseDoc, EpisodeDoc, GuardianDoc, ProgressDoc } from './docs';

export interface RecentItem {
  course: CourseSummary;
  episode: Episode;
  progress: EpisodeProgress;
  updatedAt: string;
}

const NO_PROGRESS: EpisodeProgress = { positionSec: 0, creditedSec: 0, completed: false };

export const toCourseSummary = (d: CourseDoc): CourseSummary => ({
  id: d._id,
  title: d.title,
  category: d.category,
  ageMinMonths: d.ageMinMonths,
  ageMaxMonths: d.ageMaxMonths,
  description: d.description,
  coverColor: d.coverColor,
  episodeCount: d.episodeCount,
});

export const toProgress = (d: Pick<CreditState, 'positionSec' | 'creditedSec' | 'completed'> | null | undefined): EpisodeProgress =>
  d ? { positionSec: Math.round(d.positionSec * 1000) / 1000, creditedSec: d.creditedSec, completed: d.completed } : { ...NO_PROGRESS };

const creditState = (d: ProgressDoc): CreditState => ({
  intervals: (d.intervals ?? []) as Interval[],
  positionSec: d.positionSec,
  lastReportAt: d.lastReportAt,
  creditedSec: d.creditedSec,
  completed: d.completed,
  completedAt: d.completedAt ?? null,
  allowanceSec: d.allowanceSec,
});

/**
 * Temporary URLs of cloud files, shared by every CourseService of the process (a warm cloud-function
 * instance keeps it). An entry is used until `refreshBeforeSec` before it expires, then fetched again.
 */
export class TempUrlCache {
  private readonly entries = new Map<string, { url: string; expiresAt: number }>();
  constructor(
    readonly ttlSec = 2 * 3600,
    readonly refreshBeforeSec = 15 * 60,
  ) {}
  fresh(fileId: string, nowMs: number): string | undefined {
    const e = this.entries.get(fileId);
    return e && e.expiresAt - this.refreshBeforeSec * 1000 > nowMs ? e.url : undefined;
  }
  /** A URL that has not expired yet (used when refreshing fails). */
  usable(fileId: string, nowMs: number): string | undefined {
    const e = this.entries.get(fileId);
    return e && e.expiresAt > nowMs ? e.url : undefined;
  }
  put(fileId: string, url: string, nowMs: number): void {
    this.entries.set(fileId, { url, expiresAt: nowMs + this.ttlSec * 1000 });
  }
  clear(): void {
    this.entries.clear();
  }
}

export const sharedTempUrls = new TempUrlCache();

/** Per store: the catalogue is seeded once per process (the local runtime also seeds it at start). */
const seeded = new WeakMap<object, Promise<void>>();

export interface CourseServiceOptions {
  tempUrls?: TempUrlCache;
}

/** WeChat's getTempFileURL takes at most 50 file ids per call. */
const TEMP_URL_BATCH = 50;

export class CourseService extends BaseService {
  private readonly cloudMediaBase: string;
  private readonly tempUrls: TempUrlCache;

  constructor(deps: Deps, options: CourseServiceOptions = {}) {
    super(deps);
    const base = deps.config.cloudMediaBase ?? '';
    this.cloudMediaBase = base.replace(/\/+$/, '');
    this.tempUrls = options.tempUrls ?? sharedTempUrls;
  }

  // ---- catalogue ----

  /** Makes sure the seeded catalogue is in the database (in WeChat nothing else seeds it). */
  private ensureCatalogue(): Promise<void> {
    let p = seeded.get(this.store);
    if (!p) {
      p = seedCourses(this.store).catch((e) => {
        seeded.delete(this.store);
        throw e;
      });
      seeded.set(this.store, p);
    }
    return p;
  }

  async list(_openid: string, input: { category?: CourseCategory } = {}): Promise<{ courses: CourseSummary[] }> {
    await this.ensureCatalogue();
    const docs = await this.store.query<CourseDoc>(
      'courses',
      { published: true, ...(input.category ? { category: input.category } : {}) },
      { orderBy: [{ field: 'order' }] },
    );
    return { courses: docs.map(toCourseSummary) };
  }

  private async course(courseId: string): Promise<CourseDoc> {
    await this.ensureCatalogue();
    const c = await this.store.get<CourseDoc>('courses', courseId);
    if (!c || c.published === false) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这门课程');
    return c;
  }

  private async episode(episodeId: string): Promise<EpisodeDoc> {
    await this.ensureCatalogue();
    const e = await this.store.get<EpisodeDoc>('episodes', episodeId);
    if (!e || e.published === false) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这一集课程');
    return e;
  }

  private async episodesOf(courseId: string): Promise<EpisodeDoc[]> {
    const docs = await this.store.query<EpisodeDoc>('episodes', { courseId }, { orderBy: [{ field: 'order' }] });
    return docs.filter((e) => e.published !== false);
  }

  async detail(openid: string, courseId: string): Promise<{ course: CourseSummary; episodes: Episode[] }> {
    const course = await this.course(courseId);
    const episodes = await this.episodesOf(courseId);
    const progress = await this.store.query<ProgressDoc>('progress', { openid, courseId });
    const byEpisode = new Map(progress.map((p) => [p.episodeId, p]));
    const urls = await this.videoUrls(episodes);
    return {
      course: toCourseSummary(course),
      episodes: episodes.map((e) => this.toEpisode(e, urls, byEpisode.get(e._id))),
    };
  }

  private toEpisode(e: EpisodeDoc, urls: Map<string, string>, p: ProgressDoc | null | undefined): Episode {
    const ref = this.videoRef(e);
    return { id: e._id, title: e.title, durationSec: e.durationSec, videoUrl: urls.get(ref) ?? ref, progress: toProgress(p) };
  }

  // ---- video URLs ----

  /** Where an episode's video lives: a cloud file id in WeChat, else the runtime's /media/ path. */
  videoRef(e: EpisodeDoc): string {
    if (e.cloudFileId) return e.cloudFileId;
    if (this.deps.config.platform === 'wx' && this.cloudMediaBase) return `${this.cloudMediaBase}/${e.media}`;
    return `/media/${encodeURIComponent(e.media)}`;
  }

  /**
   * Playable URLs for the episodes' videos. Cloud file ids are resolved to temporary URLs through the
   * platform (cached, refreshed before they expire); if that fails, an unexpired cached URL or the file
   * id itself is used (WeChat's <video> also plays cloud file ids).
   */
  async videoUrls(episodes: EpisodeDoc[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const nowMs = this.now().getTime();
    const missing: string[] = [];
    for (const e of episodes) {
      const ref = this.videoRef(e);
      if (out.has(ref) || missing.includes(ref)) continue;
      if (!ref.startsWith('cloud://')) {
        out.set(ref, ref);
        continue;
      }
      const cached = this.tempUrls.fresh(ref, nowMs);
      if (cached) out.set(ref, cached);
      else missing.push(ref);
    }
    const resolve = this.deps.platform?.tempFileUrls?.bind(this.deps.platform);
    for (let i = 0; i < missing.length; i += TEMP_URL_BATCH) {
      const batch = missing.slice(i, i + TEMP_URL_BATCH);
      let got: Record<string, string> = {};
      if (resolve) {
        try {
          got = await resolve(batch);
        } catch (err) {
          this.deps.log?.('tempFileUrls failed', err);
        }
      }
      for (const ref of batch) {
        const url = got[ref];
        if (url) {
          this.tempUrls.put(ref, url, nowMs);
          out.set(ref, url);
        } else {
          out.set(ref, this.tempUrls.usable(ref, nowMs) ?? ref);
        }
      }
    }
    return out;
  }

  // ---- progress ----

  /**
   * One progress report. Credit is decided by rules/credit.ts on the server's clock, read inside the
   * transaction so that concurrent reports are applied in the order they commit and none is lost.
   */
  async progress(openid: string, input: { episodeId: string; positionSec: number }): Promise<EpisodeProgress> {
    const episode = await this.episode(input.episodeId);
    const id = keys.progress(openid, episode._id);
    const state = await this.store.transaction(async (tx) => {
      const now = this.now();
      const nowIso = now.toISOString();
      const prev = await tx.get<ProgressDoc>('progress', id);
      const next = applyReport(prev ? creditState(prev) : null, { positionSec: input.positionSec, at: now }, episode.durationSec);
      let communityId = prev?.communityId ?? null;
      if (!communityId) communityId = (await tx.get<GuardianDoc>('guardians', keys.guardian(openid)))?.communityId ?? null;
      const completedDate = prev?.completedDate ?? (next.completed && next.completedAt ? shanghaiDate(new Date(next.completedAt)) : null);
      const fields = {
        intervals: next.intervals,
        positionSec: next.positionSec,
        lastReportAt: next.lastReportAt,
        creditedSec: next.creditedSec,
        completed: next.completed,
        completedAt: next.completedAt ?? null,
        allowanceSec: next.allowanceSec,
        completedDate,
        durationSec: episode.durationSec,
        communityId,
        updatedAt: nowIso,
      };
      if (prev) {
        await tx.update('progress', id, { set: fields });
      } else {
        const doc: ProgressDoc = {
          _id: id,
          openid,
          courseId: episode.courseId,
          episodeId: episode._id,
          startedAt: nowIso,
          startedDate: shanghaiDate(now),
          ...fields,
        };
        await tx.create('progress', doc);
      }
      return next;
    });
    return toProgress(state);
  }

  /**
   * "Continue watching": the most recently watched courses, each with the episode to watch next (the
   * unfinished one last watched, or the next unfinished episode after a completed one).
   */
  async recent(openid: string, input: { limit?: number } = {}): Promise<{ items: RecentItem[] }> {
    const limit = input.limit ?? 3;
    const docs = await this.store.query<ProgressDoc>(
      'progress',
      { openid },
      { orderBy: [{ field: 'updatedAt', direction: 'desc' }], limit: 50 },
    );
    const seen = new Set<string>();
    const picks: Array<{ course: CourseDoc; episode: EpisodeDoc; progress: ProgressDoc | null; updatedAt: string }> = [];
    for (const p of docs) {
      if (picks.length >= limit) break;
      if (seen.has(p.courseId)) continue;
      seen.add(p.courseId);
      const course = await this.store.get<CourseDoc>('courses', p.courseId);
      if (!course || course.published === false) continue;
      const episodes = await this.episodesOf(course._id);
      const last = episodes.findIndex((e) => e._id === p.episodeId);
      if (last < 0) continue;
      if (!p.completed) {
        picks.push({ course, episode: episodes[last], progress: p, updatedAt: p.updatedAt });
        continue;
      }
      const mine = new Map(docs.filter((d) => d.courseId === course._id).map((d) => [d.episodeId, d]));
      const order = [...episodes.slice(last + 1), ...episodes.slice(0, last)];
      const next = order.find((e) => !mine.get(e._id)?.completed);
      if (next) picks.push({ course, episode: next, progress: mine.get(next._id) ?? null, updatedAt: p.updatedAt });
    }
    const urls = await this.videoUrls(picks.map((x) => x.episode));
    return {
      items: picks.map((x) => {
        const episode = this.toEpisode(x.episode, urls, x.progress);
        return { course: toCourseSummary(x.course), episode, progress: episode.progress, updatedAt: x.updatedAt };
      }),
    };
  }

  // ---- statistics (admin.stats) ----

  /**
   * Course views and completions of one community's families between two Shanghai dates (inclusive):
   * views = episodes started in the period, completions = episodes completed in the period.
   */
  async stats(
    communityId: string,
    from: string,
    to: string,
  ): Promise<{ courseViews: number; courseCompletions: number; courses: CourseStatsRow[] }> {
    const docs = await this.store.query<ProgressDoc>('progress', { communityId });
    const courses = await this.store.query<CourseDoc>('courses', {}, { orderBy: [{ field: 'order' }] });
    const rows = new Map<string, CourseStatsRow & { viewerSet: Set<string> }>();
    for (const c of courses) {
      rows.set(c._id, {
        courseId: c._id,
        title: c.title,
        category: c.category,
        views: 0,
        viewers: 0,
        completions: 0,
        viewerSet: new Set(),
      });
    }
    const inRange = (d: string | null | undefined) => !!d && d >= from && d <= to;
    for (const p of docs) {
      const row = rows.get(p.courseId);
      if (!row) continue;
      if (inRange(p.startedDate)) {
        row.views += 1;
        row.viewerSet.add(p.openid);
      }
      if (p.completed && inRange(p.completedDate)) row.completions += 1;
    }
    const list = [...rows.values()].map(({ viewerSet, ...r }) => ({ ...r, viewers: viewerSet.size }));
    return {
      courseViews: list.reduce((n, r) => n + r.views, 0),
      courseCompletions: list.reduce((n, r) => n + r.completions, 0),
      courses: list,
    };
  }
}
