/**
 * Every notice kind, produced by the real services, rendered into its own WeChat template: the keys are
 * exactly the template's keywords, no value is empty, thing ≤ 20 characters, phrase ≤ 5 汉字, time as
 * "YYYY年M月D日 HH:mm". And a notice goes only to a family that accepted that notice's template.
 */
import { SchedulerService } from '../../cloudfunctions/core/services/scheduler';
import type { OutboxMessage } from '../../cloudfunctions/core/services/outbox';
import type { NotificationDoc } from '../../cloudfunctions/core/services/notify';
import {
  checkValues,
  renderNotice,
  RenderError,
  TEMPLATES,
  templateIdsFromEnv,
  thing,
  wechatInstant,
  wechatTime,
  type TemplateKind,
} from '../../cloudfunctions/core/templates';
import { ADMIN, givenScenario } from '../services/scenario';

const LONG_NAME = '欧阳娜娜娜娜娜娜娜娜娜娜'; // 12 characters: "<name>的临时托" is 16
const LONG_SITE = '黄浦区五里桥街道瑞金南路社区第一宝宝屋（二楼东侧活动室）';

function expectWeChatValid(m: OutboxMessage) {
  const spec = TEMPLATES[m.template];
  expect(Object.keys(m.data).sort()).toEqual(spec.keywords.map((k) => k.key).sort());
  for (const k of spec.keywords) {
    const v = m.data[k.key];
    expect(v.trim()).not.toBe('');
    if (k.type === 'thing') expect(Array.from(v).length).toBeLessThanOrEqual(20);
    if (k.type === 'phrase') expect(v).toMatch(/^[\u4e00-\u9fa5]{1,5}$/);
    if (k.type === 'time') expect(v).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
  }
}

describe('notice templates', () => {
  it('renders reminder, session cancelled, waitlist promoted and waitlist closed notices into their templates', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    await s.services.admin.createSite(ADMIN, { communityId: s.community.id, name: LONG_SITE, address: '瑞金南路1号', capacity: 40 });
    const sites = await s.store.query<{ _id: string; name: string }>('sites', { name: LONG_SITE });
    const mk = async (date: string, capacity: number) =>
      (await s.services.admin.createSessions(ADMIN, { siteId: sites[0]._id, dates: [date], start: '09:00', end: '11:00', capacity }))
        .sessions[0];
    const all = ['reminder', 'booking_change', 'waitlist_result'] as const;
    const book = (who: { openid: string; child: { id: string } }, sessionId: string, waitlist = false) =>
      s.services.booking.book(who.openid, {
        sessionId,
        childId: who.child.id,
        requestId: `rq-${Math.random().toString(36).slice(2, 12)}`,
        waitlist,
        templates: [...all],
      });

    // reminder: booked for 3-02, reminded from 3-01 18:00
    const reminded = await s.givenChild({ name: LONG_NAME });
    const tomorrow = await mk('2027-03-02', 5);
    await book(reminded, tomorrow.id);
    // session cancelled
    const cancelledFam = await s.givenChild({ name: '小满' });
    const doomed = await mk('2027-03-04', 5);
    await book(cancelledFam, doomed.id);
    await s.services.admin.cancelSession(ADMIN, { sessionId: doomed.id, reason: '场地临时停电需要检修线路，改期另行通知，敬请谅解' });
    // waitlist promoted, then waitlist closed
    const full = await mk('2027-03-05', 1);
    const holder = await s.givenChild();
    const promoted = await s.givenChild({ name: '豆豆' });
    const left = await s.givenChild({ name: '乐乐' });
    const held = await book(holder, full.id);
    await book(promoted, full.id, true);
    await s.services.booking.cancel(holder.openid, held.booking.id);
    const full2 = await mk('2027-03-06', 1);
    await book(holder, full2.id);
    await book(left, full2.id, true);

    s.setNow('2027-03-06T07:30:00+08:00'); // waitlist of 3-06 09:00 closed (2 h before)
    const sent: OutboxMessage[] = [];
    const scheduler = new SchedulerService(s.deps, async (m) => {
      sent.push(m);
    });
    s.setNow('2027-03-01T18:00:00+08:00');
    await scheduler.runDue();
    s.setNow('2027-03-06T07:30:00+08:00');
    await scheduler.runDue();

    // the reminded family's reminder, and the holder's reminder for 3-06 on the second run
    expect(sent.map((m) => m.kind).sort()).toEqual(['reminder', 'reminder', 'session_cancelled', 'waitlist_closed', 'waitlist_promoted']);
    const byKind = Object.fromEntries(sent.filter((m) => m.kind !== 'reminder' || m.openid === reminded.openid).map((m) => [m.kind, m]));
    for (const m of sent) expectWeChatValid(m);
    expect(byKind.reminder).toMatchObject({ template: 'reminder', data: { time2: '2027年3月2日 09:00', thing1: `${LONG_NAME}的临时托` } });
    expect(Array.from(byKind.reminder.data.thing3)).toHaveLength(20);
    expect(byKind.reminder.data.thing3.endsWith('…')).toBe(true);
    expect(byKind.session_cancelled).toMatchObject({
      template: 'booking_change',
      data: { thing1: '小满的临时托', time2: '2027年3月4日 09:00', phrase3: '场次取消' },
    });
    expect(byKind.session_cancelled.data.thing4.startsWith('场地临时停电')).toBe(true);
    expect(byKind.waitlist_promoted).toMatchObject({ template: 'waitlist_result', data: { thing1: '豆豆的临时托', phrase3: '候补成功' } });
    expect(byKind.waitlist_closed).toMatchObject({
      template: 'waitlist_result',
      data: { thing1: '乐乐的临时托', phrase3: '候补未成功', time2: '2027年3月6日 09:00' },
    });
  });

  it('sends a notice only to a family that accepted its template; the others are skipped, not sent', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    const session = await s.givenSession({ date: '2027-03-04' });
    const onlyReminder = await s.givenChild();
    const onlyChange = await s.givenChild();
    const legacy = await s.givenChild();
    await s.services.booking.book(onlyReminder.openid, {
      sessionId: session.id,
      childId: onlyReminder.child.id,
      requestId: 'rq-only-reminder',
      templates: ['reminder'],
    });
    await s.services.booking.book(onlyChange.openid, {
      sessionId: session.id,
      childId: onlyChange.child.id,
      requestId: 'rq-only-change',
      templates: ['booking_change'],
    });
    await s.services.booking.book(legacy.openid, {
      sessionId: session.id,
      childId: legacy.child.id,
      requestId: 'rq-legacy-sub',
      subscribe: true,
    });
    await s.services.admin.cancelSession(ADMIN, { sessionId: session.id, reason: '场地维修' });

    const sent: OutboxMessage[] = [];
    const report = await new SchedulerService(s.deps, async (m) => {
      sent.push(m);
    }).runDue();
    expect(sent.map((m) => m.openid)).toEqual([onlyChange.openid]);
    expect(report).toMatchObject({ delivered: 1, skipped: 2 });
    const notes = await s.store.query<NotificationDoc>('notifications', { kind: 'session_cancelled' });
    const statusOf = (openid: string) => notes.find((n) => n.openid === openid)?.status;
    expect(statusOf(onlyChange.openid)).toBe('sent');
    expect(statusOf(onlyReminder.openid)).toBe('skipped');
    expect(statusOf(legacy.openid)).toBe('skipped');
    expect(notes.find((n) => n.openid === legacy.openid)?.errcode).toBe('NOT_SUBSCRIBED');
  });

  it('the suggestion reply template is filled from its notice', () => {
    const { template, data } = renderNotice({
      kind: 'suggestion_replied',
      fields: {
        question: '希望周末也能开放宝宝屋，双职工家庭平时没有时间',
        reply: '已列入下季度排期，周六上午试开放',
        repliedAt: '2027-03-01T02:05:00.000Z',
      },
    });
    expect(template).toBe('suggestion_reply');
    expect(data).toEqual({
      thing1: '希望周末也能开放宝宝屋，双职工家庭平时…',
      thing2: '已列入下季度排期，周六上午试开放',
      time3: '2027年3月1日 10:05',
    });
    expectWeChatValid({ template, data } as OutboxMessage);
  });

  it('refuses to render a notice with a missing value instead of sending an empty one', () => {
    expect(() =>
      renderNotice({ kind: 'reminder', fields: { child: '小明', date: '2027-03-02', start: '09:00', end: '11:00', site: '' } }),
    ).toThrow(RenderError);
    expect(() => renderNotice({ kind: 'waitlist_promoted', fields: { child: '小明', site: '一号' } })).toThrow(/时间格式/);
    expect(() => renderNotice({ kind: 'booking_confirmed', fields: {} })).toThrow(RenderError);
    expect(() => checkValues('reminder', { thing1: 'a', time2: '2027-03-02 09:00', thing3: 'b', thing4: 'c' })).toThrow(/时间格式/);
  });

  it('formats values as WeChat documents them', () => {
    expect(wechatTime('2026-11-27', '09:00')).toBe('2026年11月27日 09:00');
    expect(wechatInstant('2026-12-31T16:30:00.000Z')).toBe('2027年1月1日 00:30');
    expect(thing('一二三四五六七八九十一二三四五六七八九十')).toBe('一二三四五六七八九十一二三四五六七八九十');
    expect(thing('一二三四五六七八九十一二三四五六七八九十一')).toBe('一二三四五六七八九十一二三四五六七八九…');
    expect(Array.from(thing('👶'.repeat(30)))).toHaveLength(20);
  });

  it('takes one template id per template from the environment', () => {
    const ids = templateIdsFromEnv({
      BABYHOUSE_TMPL_REMINDER: 'tmpl-r',
      BABYHOUSE_TMPL_CHANGE: ' tmpl-c ',
      BABYHOUSE_TMPL_WAITLIST: '',
      BABYHOUSE_TMPL_SUGGESTION: 'tmpl-s',
    });
    expect(ids).toEqual<Partial<Record<TemplateKind, string>>>({
      reminder: 'tmpl-r',
      booking_change: 'tmpl-c',
      suggestion_reply: 'tmpl-s',
    });
  });
});
