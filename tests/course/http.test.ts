/**
 * course.* over the public HTTP contract (docs/contract.md) on an in-process runtime: the seeded catalogue,
 * playable media, and watch credit computed from the SERVER's clock (moved with /dev/clock), never
 * from anything the client sends.
 */
import { givenRuntime, type TestRuntime, type Person } from '../support/world';
import { COURSES, MEDIA_FILES } from '../../cloudfunctions/core/catalogue';
import type { EpisodeProgress } from '../../cloudfunctions/shared/contract';

const CATEGORIES = ['finger_rhyme', 'creative_art', 'parent_child_game', 'family_education'] as const;

let w: TestRuntime;
beforeAll(async () => {
  w = await givenRuntime();
});
afterAll(async () => {
  await w?.close();
});

/** A viewer and a way to report progress at server instants relative to the scenario's T0 (seconds). */
async function givenViewer(person?: Person) {
  const me = person ?? (await w.person());
  const start = w.now.getTime();
  return {
    ...me,
    /** Moves the server clock to T0+atSec, then reports `positionSec` (plus anything else a client might send). */
    async report(
      episodeId: string,
      positionSec: number,
      atSec?: number,
      extra: Record<string, unknown> = {},
    ): Promise<{ status: number; body: any }> {
      if (atSec !== undefined) await w.setClock(new Date(start + atSec * 1000));
      return w.api.callRaw('course', 'progress', { episodeId, positionSec, ...extra }, me.token);
    },
    detail(courseId: string) {
      return w.api.ok('course', 'detail', { courseId }, me.token);
    },
  };
}

/** Each test starts from a fresh instant far from the others, so reports of different tests never mix. */
let epoch = 0;
async function freshClock() {
  epoch += 1;
  await w.setClock(new Date(Date.parse('2030-03-04T09:00:00+08:00') + epoch * 86_400_000));
}
beforeEach(freshClock);

const firstCourse = COURSES[0];
const ep1 = 'e_finger_clap_1'; // 24 s
const ep2 = 'e_finger_clap_2'; // 30 s

describe('catalogue', () => {
  it('lists at least two courses per category with age ranges in months and Chinese titles', async () => {
    const me = await w.person();
    const { courses } = await w.api.ok('course', 'list', {}, me.token);
    for (const cat of CATEGORIES) expect(courses.filter((c) => c.category === cat).length).toBeGreaterThanOrEqual(2);
    for (const c of courses) {
      expect(c.title).toMatch(/[\u4e00-\u9fff]/);
      expect(Number.isInteger(c.ageMinMonths) && Number.isInteger(c.ageMaxMonths)).toBe(true);
      expect(c.ageMaxMonths).toBeGreaterThan(c.ageMinMonths);
      expect(c.episodeCount).toBeGreaterThanOrEqual(3);
    }
  });

  it('filters by category', async () => {
    const me = await w.person();
    for (const cat of CATEGORIES) {
      const { courses } = await w.api.ok('course', 'list', { category: cat }, me.token);
      expect(courses.length).toBeGreaterThanOrEqual(2);
      expect(courses.every((c) => c.category === cat)).toBe(true);
    }
  });

  it('rejects an unknown category, and needs a login', async () => {
    const me = await w.person();
    const bad = await w.api.callRaw('course', 'list', { category: 'cooking' }, me.token);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const anon = await w.api.call('course', 'list', {});
    expect(anon.status).toBe(401);
  });

  it('course detail lists episodes with playable videos served by the runtime (with Range support)', async () => {
    const v = await givenViewer();
    const { course, episodes } = await v.detail(firstCourse.id);
    expect(course).toMatchObject({ id: firstCourse.id, title: firstCourse.title, category: 'finger_rhyme' });
    expect(episodes.map((e) => e.title)).toEqual(firstCourse.episodes.map((e) => e.title));
    for (const e of episodes) {
      expect(e.progress).toEqual({ positionSec: 0, creditedSec: 0, completed: false });
      expect(e.videoUrl).toMatch(/^\/media\/[a-z-]+\.mp4$/);
      expect(e.durationSec).toBe(MEDIA_FILES[e.videoUrl.slice('/media/'.length) as keyof typeof MEDIA_FILES]);
    }
    const whole = await w.api.raw({ method: 'GET', path: episodes[0].videoUrl });
    expect(whole.status).toBe(200);
    const part = await w.api.raw({ method: 'GET', path: episodes[0].videoUrl, headers: { range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
  });

  it('unknown course or episode → NOT_FOUND', async () => {
    const me = await w.person();
    const c = await w.api.call('course', 'detail', { courseId: 'c_nope' }, me.token);
    expect(c.status).toBe(404);
    expect(c.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((c.body as any).error.message).toMatch(/[\u4e00-\u9fff]/);
    const e = await w.api.call('course', 'progress', { episodeId: 'e_nope_1', positionSec: 3 }, me.token);
    expect(e.status).toBe(404);
    expect(e.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('rejects bad positions', async () => {
    const me = await w.person();
    for (const positionSec of [-1, 24 * 3600 + 1, '10', null]) {
      const r = await w.api.callRaw('course', 'progress', { episodeId: ep1, positionSec }, me.token);
      expect(r.status).toBe(400);
    }
    const missing = await w.api.callRaw('course', 'progress', { episodeId: ep1 }, me.token);
    expect(missing.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('credit is computed from server time', () => {
  it('with the server clock standing still, a client claiming steady playback earns nothing beyond the grace', async () => {
    const v = await givenViewer();
    await v.report(ep1, 0, 0);
    let last: EpisodeProgress | undefined;
    for (let pos = 10; pos <= 24; pos += 10) {
      // the client even claims its own timestamps and credit: ignored
      const r = await v.report(ep1, pos, undefined, {
        at: new Date(Date.now() + pos * 1000).toISOString(),
        creditedSec: 999,
        completed: true,
      });
      last = (r.body as any).data;
    }
    expect(last!.creditedSec).toBe(0);
    expect(last!.completed).toBe(false);
  });

  it('the same reports spaced by the server clock earn credit and complete the episode', async () => {
    const v = await givenViewer();
    await v.report(ep1, 0, 0);
    await v.report(ep1, 10, 10);
    await v.report(ep1, 20, 20);
    const r = await v.report(ep1, 24, 24);
    expect(r.body).toEqual({ ok: true, data: { positionSec: 24, creditedSec: 24, completed: true } });
  });

  it('seeking to the end does not complete the episode', async () => {
    const v = await givenViewer();
    await v.report(ep2, 0, 0);
    await v.report(ep2, 5, 5);
    const r = await v.report(ep2, 30, 8); // jump 25 s in 3 s of wall time
    expect(r.body.data).toEqual({ positionSec: 30, creditedSec: 5, completed: false });
  });

  it('the token bucket on the server clock: 2 s to start, +1.5 s per second, never a jump over 15 s', async () => {
    const v = await givenViewer();
    const long = 'e_family_science_1'; // 36 s
    await v.report(long, 0, 0);
    expect((await v.report(long, 11, 6)).body.data.creditedSec).toBe(11); // 2 + 6 × 1.5
    expect((await v.report(long, 26.01, 16)).body.data.creditedSec).toBe(11); // 15.01 s: over the cap, a seek
    expect((await v.report(long, 36, 26)).body.data.creditedSec).toBe(20.99); // 26.01 → 36 after 10 s
  });

  it('12 reports 2 s apart fired at once earn only the allowance: no 25 ms completion, none in admin.stats', async () => {
    const c = await w.givenCommunity();
    const fam = await w.givenParentWithChild(c);
    const v = await givenViewer(fam);
    await v.report(ep1, 0); // 24 s episode
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => v.report(ep1, (i + 1) * 2)));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const best = Math.max(...replies.map((r) => r.body.data.creditedSec));
    expect(best).toBeLessThanOrEqual(2);
    expect(replies.some((r) => r.body.data.completed)).toBe(false);
    const { episodes } = await v.detail(firstCourse.id);
    expect(episodes.find((e) => e.id === ep1)!.progress.completed).toBe(false);
    const { stats } = await w.api.ok('admin', 'stats', { communityId: c.id, from: w.today(), to: w.today() }, w.adminToken);
    expect(stats.courseCompletions).toBe(0);
    expect(stats.courseViews).toBe(1);
  });

  it('a server clock moved backwards earns nothing', async () => {
    const v = await givenViewer();
    await v.report(ep2, 0, 100);
    const r = await v.report(ep2, 10, 90);
    expect(r.body.data).toMatchObject({ creditedSec: 0, positionSec: 10 });
  });

  it('the course page shows progress, and resumes at the last reported position', async () => {
    const v = await givenViewer();
    await v.report(ep2, 0, 0);
    await v.report(ep2, 10, 10);
    await v.report(ep2, 13, 13);
    const { episodes } = await v.detail(firstCourse.id);
    expect(episodes.find((e) => e.id === ep2)!.progress).toEqual({ positionSec: 13, creditedSec: 13, completed: false });
    expect(episodes.find((e) => e.id === ep1)!.progress).toEqual({ positionSec: 0, creditedSec: 0, completed: false });
  });

  it('progress is per viewer: another family sees none of it', async () => {
    const a = await givenViewer();
    await a.report(ep2, 0, 0);
    await a.report(ep2, 10, 10);
    const b = await givenViewer();
    const { episodes } = await b.detail(firstCourse.id);
    expect(episodes.find((e) => e.id === ep2)!.progress.creditedSec).toBe(0);
  });

  it('concurrent reports do not lose credit (progress updates are transactional)', async () => {
    const v = await givenViewer();
    const episodes = COURSES.flatMap((c) => c.episodes.map((_, i) => `${c.id.replace(/^c_/, 'e_')}_${i + 1}`));
    await Promise.all(episodes.map((id) => v.report(id, 0)));
    await w.setClock(new Date(w.now.getTime() + 10_000));
    // two reports of one episode at once: 0→10 and 0→11. Whatever order they commit in, [0, 11] is credited.
    await Promise.all(episodes.flatMap((id) => [v.report(id, 10), v.report(id, 11)]));
    const credited = await Promise.all(episodes.map(async (id) => (await v.report(id, 11)).body.data.creditedSec));
    expect(credited).toEqual(episodes.map(() => 11));
  });
});

describe('continue watching', () => {
  it('lists the course last watched with the unfinished episode, then the next one once completed', async () => {
    const v = await givenViewer();
    const none = await w.api.ok('course', 'recent', {}, v.token);
    expect(none.items).toEqual([]);
    await v.report(ep1, 0, 0);
    await v.report(ep1, 10, 10);
    let { items } = await w.api.ok('course', 'recent', {}, v.token);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      course: { id: firstCourse.id },
      episode: { id: ep1, videoUrl: expect.stringMatching(/^\/media\//) },
      progress: { positionSec: 10, creditedSec: 10, completed: false },
    });
    await v.report(ep1, 20, 20);
    await v.report(ep1, 24, 24);
    ({ items } = await w.api.ok('course', 'recent', {}, v.token));
    expect(items[0]).toMatchObject({ course: { id: firstCourse.id }, episode: { id: ep2 }, progress: { creditedSec: 0 } });
  });
});

describe('statistics and account deletion', () => {
  it('admin.stats counts course views and completions per course for the community', async () => {
    const c = await w.givenCommunity();
    const fam = await w.givenParentWithChild(c);
    const v = await givenViewer(fam);
    await v.report(ep1, 0, 0);
    await v.report(ep1, 10, 10);
    await v.report(ep1, 20, 20);
    await v.report(ep1, 24, 24);
    await v.report(ep2, 0, 25);
    const outsider = await givenViewer(); // not registered in the community: not counted
    await outsider.report(ep1, 0);
    const today = w.today();
    const { stats } = await w.api.ok('admin', 'stats', { communityId: c.id, from: today, to: today }, w.adminToken);
    expect(stats).toMatchObject({ courseViews: 2, courseCompletions: 1 });
    const row = stats.courses?.find((r: { courseId: string }) => r.courseId === firstCourse.id);
    expect(row).toMatchObject({ title: firstCourse.title, views: 2, viewers: 1, completions: 1 });
    const other = stats.courses?.find((r: { courseId: string }) => r.courseId !== firstCourse.id);
    expect(other).toMatchObject({ views: 0, completions: 0 });
  });

  it("account deletion deletes the family's watch progress", async () => {
    const c = await w.givenCommunity();
    const fam = await w.givenParentWithChild(c);
    const v = await givenViewer(fam);
    await v.report(ep1, 0, 0);
    await v.report(ep1, 10, 10);
    expect(Object.values(w.dump().progress ?? {}).some((b) => b.includes(fam.openid))).toBe(true);
    await w.api.ok('user', 'deleteAccount', {}, fam.token);
    expect(Object.values(w.dump().progress ?? {}).some((b) => b.includes(fam.openid))).toBe(false);
    const { episodes } = await v.detail(firstCourse.id);
    expect(episodes[0].progress.creditedSec).toBe(0);
  });
});
