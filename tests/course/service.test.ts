/**
 * CourseService beyond HTTP: WeChat video URLs (cloud file ids → temporary URLs through the platform,
 * cached and refreshed before they expire), the seeded catalogue (idempotent, fast, upgradable), and
 * the committed sample videos.
 */
import { readFileSync, statSync } from 'fs';
import { join } from 'path';
import { createServices } from '../../cloudfunctions/core/services';
import { TempUrlCache } from '../../cloudfunctions/core/services/course';
import type { EpisodeDoc } from '../../cloudfunctions/core/services/docs';
import { CATALOGUE_VERSION, COURSES, MEDIA_FILES, catalogueDocs, seedCourses } from '../../cloudfunctions/core/catalogue';
import { hmacSigner, randomIds, type Deps, type Platform } from '../../cloudfunctions/core/deps';
import { ControllableClock } from '../../cloudfunctions/core/time';
import { openSqliteStore } from '../../cloudfunctions/store/sqlite';
import type { Store } from '../../cloudfunctions/store/port';
import { CourseService } from '../../cloudfunctions/core/services/course';

const BASE = 'cloud://prod-1a2b.7072-prod-1a2b-1300000000/media';
const T0 = new Date('2030-03-04T09:00:00+08:00');

/** A fake WeChat platform: numbered temporary URLs, with a call log and a switch to fail. */
function givenFakePlatform() {
  const calls: string[][] = [];
  let n = 0;
  let failing = false;
  const platform: Platform = {
    async tempFileUrls(ids) {
      calls.push(ids);
      if (failing) throw new Error('getTempFileURL: network');
      n += 1;
      return Object.fromEntries(ids.map((id) => [id, `https://tmp.example.com/${id.split('/').pop()}?sign=${n}`]));
    },
  };
  return {
    platform,
    calls,
    fail: (v: boolean) => {
      failing = v;
    },
  };
}

async function givenWxCourses(opts: { platform?: Platform } = {}) {
  const store = openSqliteStore(':memory:');
  const clock = new ControllableClock();
  clock.set(T0);
  const deps: Deps = {
    store,
    clock,
    ids: randomIds,
    signer: hmacSigner('s'),
    platform: opts.platform,
    config: { districtAdmins: [], publicUrl: '', platform: 'wx', cloudMediaBase: `${BASE}/` },
  };
  const tempUrls = new TempUrlCache(2 * 3600, 15 * 60);
  const course = new CourseService(deps, { tempUrls });
  return {
    store,
    clock,
    course,
    advanceMinutes: (m: number) => clock.set(new Date(clock.now().getTime() + m * 60_000)),
    close: () => store.close(),
  };
}

describe('videos in WeChat: cloud file ids resolved to temporary URLs', () => {
  it('resolves every cloud file id of a course in one batch, and serves later requests from the cache', async () => {
    const fake = givenFakePlatform();
    const w = await givenWxCourses({ platform: fake.platform });
    const { episodes } = await w.course.detail('viewer', 'c_finger_clap');
    expect(episodes.map((e) => e.videoUrl)).toEqual([
      'https://tmp.example.com/finger-rhyme.mp4?sign=1',
      'https://tmp.example.com/hand-play.mp4?sign=1',
      'https://tmp.example.com/finger-rhyme.mp4?sign=1',
    ]);
    expect(fake.calls).toEqual([[`${BASE}/finger-rhyme.mp4`, `${BASE}/hand-play.mp4`]]);
    w.advanceMinutes(60);
    await w.course.detail('viewer', 'c_finger_clap');
    expect(fake.calls).toHaveLength(1);
    await w.close();
  });

  it('refreshes a URL before it expires (2 h validity, refreshed in its last 15 min)', async () => {
    const fake = givenFakePlatform();
    const w = await givenWxCourses({ platform: fake.platform });
    await w.course.detail('viewer', 'c_family_science');
    w.advanceMinutes(104);
    expect((await w.course.detail('viewer', 'c_family_science')).episodes[0].videoUrl).toMatch(/sign=1$/);
    w.advanceMinutes(2); // 106 min: within 15 min of expiry
    expect((await w.course.detail('viewer', 'c_family_science')).episodes[0].videoUrl).toMatch(/sign=2$/);
    expect(fake.calls).toHaveLength(2);
    await w.close();
  });

  it('when refreshing fails it keeps an unexpired URL, else falls back to the file id (WeChat <video> plays it)', async () => {
    const fake = givenFakePlatform();
    const w = await givenWxCourses({ platform: fake.platform });
    await w.course.detail('viewer', 'c_family_science');
    fake.fail(true);
    w.advanceMinutes(110);
    expect((await w.course.detail('viewer', 'c_family_science')).episodes[0].videoUrl).toMatch(/sign=1$/);
    w.advanceMinutes(20); // expired
    expect((await w.course.detail('viewer', 'c_family_science')).episodes[0].videoUrl).toBe(`${BASE}/parent-talk.mp4`);
    fake.fail(false);
    expect((await w.course.detail('viewer', 'c_family_science')).episodes[0].videoUrl).toMatch(/^https:\/\/tmp\.example\.com\//);
    await w.close();
  });

  it('an episode with its own cloudFileId uses it; batches stay within 50 ids', async () => {
    const fake = givenFakePlatform();
    const w = await givenWxCourses({ platform: fake.platform });
    await w.course.list('viewer');
    await w.store.update('episodes', 'e_art_doodle_2', { set: { cloudFileId: 'cloud://prod-1a2b.x/real/rain.mp4' } });
    const { episodes } = await w.course.detail('viewer', 'c_art_doodle');
    expect(episodes[1].videoUrl).toBe('https://tmp.example.com/rain.mp4?sign=1');
    const many = Array.from({ length: 120 }, (_, i) => ({ _id: `x${i}`, media: `m${i}.mp4` }) as EpisodeDoc);
    await w.course.videoUrls(many);
    expect(fake.calls.slice(1).map((c) => c.length)).toEqual([50, 50, 20]);
    await w.close();
  });

  it('without a platform in WeChat mode the cloud file id itself is the URL', async () => {
    const w = await givenWxCourses();
    const { episodes } = await w.course.detail('viewer', 'c_game_home');
    expect(episodes[0].videoUrl).toBe(`${BASE}/family-game.mp4`);
    await w.close();
  });

  it('locally the videos are /media/ paths of the runtime', async () => {
    const store = openSqliteStore(':memory:');
    const clock = new ControllableClock();
    const services = createServices({
      store,
      clock,
      ids: randomIds,
      signer: hmacSigner('s'),
      config: { districtAdmins: [], publicUrl: 'http://localhost:3000', platform: 'local' },
    });
    const { episodes } = await services.course.detail('viewer', 'c_game_home');
    expect(episodes.map((e) => e.videoUrl)).toEqual(['/media/family-game.mp4', '/media/hand-play.mp4', '/media/family-game.mp4']);
    await store.close();
  });
});

describe('seeded catalogue', () => {
  const counts = async (s: Store) => ({
    courses: await s.count('courses', {}),
    episodes: await s.count('episodes', {}),
    published: await s.count('courses', { published: true }),
  });

  it('is seeded once: re-seeding is one read and changes nothing', async () => {
    const store = openSqliteStore(':memory:');
    await seedCourses(store);
    const first = await counts(store);
    expect(first.courses).toBe(COURSES.length);
    expect(first.episodes).toBe(COURSES.reduce((n, c) => n + c.episodes.length, 0));
    const before = JSON.stringify(await store.query('episodes', {}));
    const t = Date.now();
    for (let i = 0; i < 20; i++) await seedCourses(store);
    expect(Date.now() - t).toBeLessThan(200);
    expect(await counts(store)).toEqual(first);
    expect(JSON.stringify(await store.query('episodes', {}))).toBe(before);
    await store.close();
  });

  it('concurrent first seeding (two starts at once) ends with one catalogue', async () => {
    const store = openSqliteStore(':memory:');
    await Promise.all([seedCourses(store), seedCourses(store), seedCourses(store)]);
    expect((await counts(store)).courses).toBe(COURSES.length);
    await store.close();
  });

  it('a new catalogue version updates the documents, keeps fields it does not own, and hides dropped courses', async () => {
    const store = openSqliteStore(':memory:');
    await seedCourses(store);
    await store.update('meta', 'catalogue', { set: { version: 'old' } });
    await store.update('episodes', 'e_finger_clap_1', { set: { title: '旧标题', cloudFileId: 'cloud://x/y.mp4' } });
    await store.create('courses', {
      _id: 'c_dropped',
      title: '旧课程',
      category: 'finger_rhyme',
      published: true,
      seeded: true,
      order: 99,
    });
    await seedCourses(store);
    expect(await store.get('episodes', 'e_finger_clap_1')).toMatchObject({
      title: COURSES[0].episodes[0].title,
      cloudFileId: 'cloud://x/y.mp4',
    });
    expect(await store.get('courses', 'c_dropped')).toMatchObject({ published: false });
    expect(await store.get('meta', 'catalogue')).toMatchObject({ version: CATALOGUE_VERSION });
    await store.close();
  });

  it('every course is suitable for a range of ages in months and has several episodes', () => {
    const { courses, episodes } = catalogueDocs();
    for (const c of courses) {
      expect(c.ageMinMonths).toBeGreaterThanOrEqual(0);
      expect(c.ageMaxMonths).toBeLessThanOrEqual(72);
      expect(episodes.filter((e) => e.courseId === c._id).length).toBeGreaterThanOrEqual(3);
    }
    expect(new Set(episodes.map((e) => e._id)).size).toBe(episodes.length);
  });
});

/** The movie header's duration (mvhd) of an MP4 file, in seconds. */
function mp4Duration(buf: Buffer): number {
  const find = (start: number, end: number, type: string): number => {
    for (let p = start; p + 8 <= end;) {
      const size = buf.readUInt32BE(p);
      if (buf.toString('latin1', p + 4, p + 8) === type) return p;
      if (size < 8) break;
      p += size;
    }
    return -1;
  };
  const moov = find(0, buf.length, 'moov');
  const mvhd = find(moov + 8, moov + buf.readUInt32BE(moov), 'mvhd');
  const version = buf[mvhd + 8];
  const timescale = buf.readUInt32BE(mvhd + (version === 1 ? 28 : 20));
  const duration = version === 1 ? Number(buf.readBigUInt64BE(mvhd + 32)) : buf.readUInt32BE(mvhd + 24);
  return duration / timescale;
}

describe('sample videos (server/media, made by scripts/make-videos.sh)', () => {
  it.each(Object.entries(MEDIA_FILES))('%s is a small fast-start MP4 of the catalogued duration', (file, seconds) => {
    const path = join(__dirname, '..', '..', 'server', 'media', file);
    expect(statSync(path).size).toBeLessThan(150 * 1024);
    const buf = readFileSync(path);
    expect(buf.toString('latin1', 4, 8)).toBe('ftyp');
    // +faststart: the movie header comes before the media data
    expect(buf.indexOf('moov', 0, 'latin1')).toBeLessThan(buf.indexOf('mdat', 0, 'latin1'));
    expect(buf.indexOf('avc1', 0, 'latin1')).toBeGreaterThan(0);
    expect(mp4Duration(buf)).toBeCloseTo(seconds, 1);
  });
});
