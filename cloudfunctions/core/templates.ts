/**
 * WeChat subscription-message templates: one per notice kind, each with its own field map filled from
 * the notice. Values follow WeChat's documented keyword rules (subscribeMessage.send "参数值内容限制"):
 *   thing   ≤ 20 characters (汉字、数字、字母或符号)
 *   phrase  ≤ 5 汉字 only
 *   time    24-hour time, optionally with the date: "2026年11月27日 09:00"
 * and no value may be empty (WeChat answers 47003). A notice that cannot be rendered is never sent.
 *
 * The keywords each template must have are listed in DEPLOY.md (step 9); choose public-library
 * templates whose keyword list matches, or change `keywords` here.
 */
import type { ServiceKind } from '../shared/contract';

/** The templates (one per kind of message a family can subscribe to). */
export type TemplateKind = 'reminder' | 'booking_change' | 'waitlist_result' | 'suggestion_reply';
export const TEMPLATE_KINDS: readonly TemplateKind[] = ['reminder', 'booking_change', 'waitlist_result', 'suggestion_reply'];

/** The facts of a booking a notice is about (what the templates draw on). */
export interface BookingNoticeFields {
  /** The child's name (the family's own child; the notice goes only to that family). */
  child: string;
  /** Session date "YYYY-MM-DD" and local start / end "HH:mm" (Asia/Shanghai). */
  date: string;
  start: string;
  end: string;
  site: string;
  service?: ServiceKind;
  /** Why the session was cancelled (session_cancelled). */
  reason?: string;
}

export interface SuggestionNoticeFields {
  question: string;
  reply: string;
  /** ISO instant of the reply. */
  repliedAt: string;
}

export type NoticeKind = 'reminder' | 'waitlist_promoted' | 'waitlist_closed' | 'session_cancelled' | 'suggestion_replied';

/** Which template carries which notice kind. */
export const TEMPLATE_OF: Record<NoticeKind, TemplateKind> = {
  reminder: 'reminder',
  session_cancelled: 'booking_change',
  waitlist_promoted: 'waitlist_result',
  waitlist_closed: 'waitlist_result',
  suggestion_replied: 'suggestion_reply',
};

export type KeywordType = 'thing' | 'time' | 'phrase';
export interface Keyword {
  key: string;
  name: string;
  type: KeywordType;
}

export interface TemplateSpec {
  /** Name to look for in the public template library. */
  title: string;
  /** Environment variable holding the template id (cloud functions; the app's is TARO_APP_TMPL_*). */
  env: string;
  keywords: Keyword[];
}

export const TEMPLATES: Record<TemplateKind, TemplateSpec> = {
  reminder: {
    title: '预约提醒',
    env: 'BABYHOUSE_TMPL_REMINDER',
    keywords: [
      { key: 'thing1', name: '预约项目', type: 'thing' },
      { key: 'time2', name: '预约时间', type: 'time' },
      { key: 'thing3', name: '预约地点', type: 'thing' },
      { key: 'thing4', name: '温馨提示', type: 'thing' },
    ],
  },
  booking_change: {
    title: '预约取消通知',
    env: 'BABYHOUSE_TMPL_CHANGE',
    keywords: [
      { key: 'thing1', name: '预约项目', type: 'thing' },
      { key: 'time2', name: '预约时间', type: 'time' },
      { key: 'phrase3', name: '预约状态', type: 'phrase' },
      { key: 'thing4', name: '取消原因', type: 'thing' },
      { key: 'thing5', name: '备注', type: 'thing' },
    ],
  },
  waitlist_result: {
    title: '候补结果通知',
    env: 'BABYHOUSE_TMPL_WAITLIST',
    keywords: [
      { key: 'thing1', name: '预约项目', type: 'thing' },
      { key: 'time2', name: '预约时间', type: 'time' },
      { key: 'phrase3', name: '候补结果', type: 'phrase' },
      { key: 'thing4', name: '预约地点', type: 'thing' },
      { key: 'thing5', name: '备注', type: 'thing' },
    ],
  },
  suggestion_reply: {
    title: '留言回复通知',
    env: 'BABYHOUSE_TMPL_SUGGESTION',
    keywords: [
      { key: 'thing1', name: '留言内容', type: 'thing' },
      { key: 'thing2', name: '回复内容', type: 'thing' },
      { key: 'time3', name: '回复时间', type: 'time' },
    ],
  },
};

const SERVICE_LABEL: Record<string, string> = {
  temporary_care: '临时托',
  parenting_guidance: '育儿指导',
  parent_class: '家长课堂',
  festival_activity: '节日活动',
};

/** The notice as stored in the outbox (what rendering reads). */
export interface RenderableNotice {
  kind: string;
  fields?: object;
}

export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}

/** At most `n` characters (code points), an ellipsis marking a cut. */
export function thing(value: string, n = 20): string {
  const chars = Array.from(value.replace(/\s+/g, ' ').trim());
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : chars.join('');
}

/** "2026-11-27" + "09:00" → "2026年11月27日 09:00" (WeChat's time keyword with a date). */
export function wechatTime(date: string, hhmm: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})/.exec(hhmm);
  if (!m || !t) throw new RenderError(`时间格式不对：${date} ${hhmm}`);
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日 ${t[1]}:${t[2]}`;
}

/** An ISO instant as Shanghai local time in WeChat's format. */
export function wechatInstant(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RenderError(`时间格式不对：${iso}`);
  const local = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return wechatTime(local.slice(0, 10), local.slice(11, 16));
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function bookingValues(kind: string, f: Record<string, unknown>): Record<string, string> {
  const child = str(f.child);
  const what = `${child}的${SERVICE_LABEL[str(f.service) || 'temporary_care'] ?? '预约'}`;
  const when = wechatTime(str(f.date), str(f.start));
  switch (kind) {
    case 'reminder':
      return { thing1: thing(what), time2: when, thing3: thing(str(f.site)), thing4: '请带好签到码准时到场' };
    case 'session_cancelled':
      return {
        thing1: thing(what),
        time2: when,
        phrase3: '场次取消',
        thing4: thing(str(f.reason) || '场地安排调整'),
        thing5: '免费次数已退回',
      };
    case 'waitlist_promoted':
      return { thing1: thing(what), time2: when, phrase3: '候补成功', thing4: thing(str(f.site)), thing5: '已为您保留名额，请准时到场' };
    case 'waitlist_closed':
      return { thing1: thing(what), time2: when, phrase3: '候补未成功', thing4: thing(str(f.site)), thing5: '候补已截止，本次不扣次数' };
    default:
      throw new RenderError(`没有这种通知：${kind}`);
  }
}

/** The keyword values of a notice's template; throws RenderError if any value would break WeChat's rules. */
export function renderNotice(n: RenderableNotice): { template: TemplateKind; data: Record<string, string> } {
  const template = TEMPLATE_OF[n.kind as NoticeKind];
  if (!template) throw new RenderError(`没有这种通知：${n.kind}`);
  const f = (n.fields ?? {}) as Record<string, unknown>;
  const data =
    template === 'suggestion_reply'
      ? { thing1: thing(str(f.question)), thing2: thing(str(f.reply)), time3: wechatInstant(str(f.repliedAt)) }
      : bookingValues(n.kind, f);
  checkValues(template, data);
  return { template, data };
}

/** Every keyword of the template present, non-empty and within its type's rule; nothing else. */
export function checkValues(template: TemplateKind, data: Record<string, string>): void {
  const spec = TEMPLATES[template];
  const keys = Object.keys(data).sort();
  const expected = spec.keywords.map((k) => k.key).sort();
  if (keys.join() !== expected.join()) throw new RenderError(`字段不符：${keys.join()} ≠ ${expected.join()}`);
  for (const k of spec.keywords) {
    const v = data[k.key];
    if (!v || !v.trim()) throw new RenderError(`${k.key} 为空`);
    if (k.type === 'thing' && Array.from(v).length > 20) throw new RenderError(`${k.key} 超过 20 个字符`);
    if (k.type === 'phrase' && !/^[\u4e00-\u9fa5]{1,5}$/.test(v)) throw new RenderError(`${k.key} 应为 5 个以内汉字`);
    if (k.type === 'time' && !/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/.test(v)) throw new RenderError(`${k.key} 时间格式不对`);
  }
}

/** Template ids from the environment (cloud functions): BABYHOUSE_TMPL_*. */
export function templateIdsFromEnv(env: Record<string, string | undefined>): Partial<Record<TemplateKind, string>> {
  const ids: Partial<Record<TemplateKind, string>> = {};
  for (const kind of TEMPLATE_KINDS) {
    const id = env[TEMPLATES[kind].env]?.trim();
    if (id) ids[kind] = id;
  }
  return ids;
}
