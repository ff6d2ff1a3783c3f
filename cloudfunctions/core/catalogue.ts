/**
 * The micro-course catalogue seeded into every database (docs/contract.md: "A fresh database is seeded with the
 * micro-course catalogue"): 欢乐手指谣, 创想艺术, 亲子游戏 and 家庭共育, at least two courses each.
 *
 * Videos: every episode names a sample file made by scripts/make-videos.sh and committed under
 * server/media/. Locally it is served at /media/<file>; in WeChat the same file is uploaded to cloud
 * storage and the service resolves `<cloud media base>/<file>` (or an episode's own `cloudFileId`)
 * to a temporary URL (see services/course.ts).
 *
 * `seedCourses` runs on every start: one read when the stored catalogue version matches, otherwise it
 * creates or updates the catalogue documents in one transaction (safe if two processes start at once).
 */
import { createHash } from 'crypto';
import type { Store, TxOps } from '../store/port';
import type { CourseDoc, EpisodeDoc } from './services/docs';

/** Sample files in server/media/ and their exact durations (seconds). */
export const MEDIA_FILES = {
  'finger-rhyme.mp4': 24,
  'hand-play.mp4': 30,
  'creative-art.mp4': 28,
  'colour-play.mp4': 32,
  'family-game.mp4': 26,
  'parent-talk.mp4': 36,
} as const;
export type MediaFile = keyof typeof MEDIA_FILES;

interface SeedEpisode {
  title: string;
  file: MediaFile;
}
/** A course as seeded: its stored fields (ages in months, the maximum exclusive) and its episodes. */
type SeedCourse = Pick<CourseDoc, 'title' | 'category' | 'ageMinMonths' | 'ageMaxMonths' | 'description' | 'coverColor'> & {
  id: string;
  episodes: SeedEpisode[];
};

export const COURSES: SeedCourse[] = [
  {
    id: 'c_finger_clap',
    title: '小手拍拍',
    category: 'finger_rhyme',
    ageMinMonths: 12,
    ageMaxMonths: 24,
    coverColor: '#F97316',
    description: '边念儿歌边动手指，锻炼宝宝的小手和语言。每节只要几分钟，跟着做就行。',
    episodes: [
      { title: '一根手指点点点', file: 'finger-rhyme.mp4' },
      { title: '小手拍拍', file: 'hand-play.mp4' },
      { title: '五只小鸭', file: 'finger-rhyme.mp4' },
    ],
  },
  {
    id: 'c_finger_change',
    title: '手指变变变',
    category: 'finger_rhyme',
    ageMinMonths: 18,
    ageMaxMonths: 36,
    coverColor: '#EA580C',
    description: '大拇哥、二拇弟……用手指变出小动物，认识数字和身体。',
    episodes: [
      { title: '大拇哥 二拇弟', file: 'finger-rhyme.mp4' },
      { title: '手指变变变', file: 'hand-play.mp4' },
      { title: '小蜗牛爬呀爬', file: 'hand-play.mp4' },
      { title: '数一数 手指操', file: 'finger-rhyme.mp4' },
    ],
  },
  {
    id: 'c_art_doodle',
    title: '涂鸦小画家',
    category: 'creative_art',
    ageMinMonths: 18,
    ageMaxMonths: 36,
    coverColor: '#0D9488',
    description: '用手指和蜡笔自由涂画，认识颜色。在家用一张纸就能玩。',
    episodes: [
      { title: '手指点点画', file: 'creative-art.mp4' },
      { title: '彩色的雨', file: 'colour-play.mp4' },
      { title: '圆圈变变变', file: 'creative-art.mp4' },
    ],
  },
  {
    id: 'c_art_clay',
    title: '彩泥和拼贴',
    category: 'creative_art',
    ageMinMonths: 24,
    ageMaxMonths: 48,
    coverColor: '#0891B2',
    description: '搓、捏、撕、贴，动动小手做手工，发展精细动作和想象力。',
    episodes: [
      { title: '搓一个彩泥球', file: 'colour-play.mp4' },
      { title: '撕纸贴画', file: 'creative-art.mp4' },
      { title: '树叶拼贴', file: 'colour-play.mp4' },
    ],
  },
  {
    id: 'c_game_crawl',
    title: '爬爬钻钻感统游戏',
    category: 'parent_child_game',
    ageMinMonths: 12,
    ageMaxMonths: 24,
    coverColor: '#2563EB',
    description: '用枕头、纸箱在家搭出小山洞，和宝宝一起爬一爬、钻一钻。',
    episodes: [
      { title: '钻山洞', file: 'family-game.mp4' },
      { title: '小球滚滚', file: 'family-game.mp4' },
      { title: '翻过枕头山', file: 'family-game.mp4' },
    ],
  },
  {
    id: 'c_game_home',
    title: '家里的亲子游戏',
    category: 'parent_child_game',
    ageMinMonths: 24,
    ageMaxMonths: 36,
    coverColor: '#4F46E5',
    description: '躲猫猫、木头人、传球接力，不用玩具也能玩的亲子小游戏。',
    episodes: [
      { title: '躲猫猫', file: 'family-game.mp4' },
      { title: '一二三 木头人', file: 'hand-play.mp4' },
      { title: '传球接力', file: 'family-game.mp4' },
    ],
  },
  {
    id: 'c_family_settle',
    title: '入托不哭：分离焦虑应对',
    category: 'family_education',
    ageMinMonths: 12,
    ageMaxMonths: 48,
    coverColor: '#9333EA',
    description: '宝宝第一次去宝宝屋会哭吗？老师讲讲怎样帮孩子适应临时托育。',
    episodes: [
      { title: '认识分离焦虑', file: 'parent-talk.mp4' },
      { title: '告别的小仪式', file: 'parent-talk.mp4' },
      { title: '接回家后的陪伴', file: 'parent-talk.mp4' },
    ],
  },
  {
    id: 'c_family_science',
    title: '科学育儿小课堂',
    category: 'family_education',
    ageMinMonths: 0,
    ageMaxMonths: 72,
    coverColor: '#C026D3',
    description: '睡眠、吃饭、居家安全、看屏幕……祖辈和父母都关心的育儿问题。',
    episodes: [
      { title: '宝宝睡得好', file: 'parent-talk.mp4' },
      { title: '吃饭不追喂', file: 'parent-talk.mp4' },
      { title: '居家安全小检查', file: 'parent-talk.mp4' },
      { title: '屏幕时间怎么管', file: 'parent-talk.mp4' },
    ],
  },
];

export const episodeId = (courseId: string, index: number) => `${courseId.replace(/^c_/, 'e_')}_${index + 1}`;

/** The documents the catalogue consists of (what seedCourses writes). */
export function catalogueDocs(): { courses: CourseDoc[]; episodes: EpisodeDoc[] } {
  const courses: CourseDoc[] = [];
  const episodes: EpisodeDoc[] = [];
  COURSES.forEach((c, order) => {
    const totalSec = c.episodes.reduce((n, e) => n + MEDIA_FILES[e.file], 0);
    courses.push({
      _id: c.id,
      title: c.title,
      category: c.category,
      ageMinMonths: c.ageMinMonths,
      ageMaxMonths: c.ageMaxMonths,
      description: c.description,
      coverColor: c.coverColor,
      order,
      episodeCount: c.episodes.length,
      totalSec,
      published: true,
      seeded: true,
    });
    c.episodes.forEach((e, i) => {
      episodes.push({
        _id: episodeId(c.id, i),
        courseId: c.id,
        title: e.title,
        order: i,
        durationSec: MEDIA_FILES[e.file],
        media: e.file,
        published: true,
        seeded: true,
      });
    });
  });
  return { courses, episodes };
}

export const CATALOGUE_VERSION = createHash('sha256').update(JSON.stringify(catalogueDocs())).digest('hex').slice(0, 16);

async function upsert(tx: TxOps, collection: string, doc: { _id: string }): Promise<void> {
  const existing = await tx.get(collection, doc._id);
  if (!existing) return tx.create(collection, doc);
  const { _id, ...fields } = doc;
  // fields the catalogue does not own (e.g. a cloudFileId an admin set) are kept
  await tx.update(collection, _id, { set: fields });
}

export async function seedCourses(store: Store): Promise<void> {
  const meta = await store.get<{ _id: string; version?: string }>('meta', 'catalogue');
  if (meta?.version === CATALOGUE_VERSION) return;
  const { courses, episodes } = catalogueDocs();
  const current = new Set(courses.map((c) => c._id));
  const currentEpisodes = new Set(episodes.map((e) => e._id));
  const stale = (await store.query<CourseDoc>('courses', { seeded: true })).filter((c) => !current.has(c._id));
  const staleEpisodes = (await store.query<EpisodeDoc>('episodes', { seeded: true })).filter((e) => !currentEpisodes.has(e._id));
  await store.transaction(async (tx) => {
    const again = await tx.get<{ _id: string; version?: string }>('meta', 'catalogue');
    if (again?.version === CATALOGUE_VERSION) return;
    for (const c of courses) await upsert(tx, 'courses', c);
    for (const e of episodes) await upsert(tx, 'episodes', e);
    // documents a previous catalogue version seeded and this one dropped are hidden, not deleted
    for (const c of stale) await tx.update('courses', c._id, { set: { published: false } });
    for (const e of staleEpisodes) await tx.update('episodes', e._id, { set: { published: false } });
    if (again) await tx.update('meta', 'catalogue', { set: { version: CATALOGUE_VERSION } });
    else await tx.create('meta', { _id: 'catalogue', version: CATALOGUE_VERSION });
  });
}
