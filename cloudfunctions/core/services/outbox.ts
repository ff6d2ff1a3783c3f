/**
 * Outbox delivery: pending → sending (a lease) → sent / failed, at least once.
 *
 * - A notice is claimed in a transaction that re-reads it and writes it (status `sending`, attempts + 1,
 *   leaseUntil); two task runs can therefore never both hold it.
 * - It is marked `sent` only after the transport answered. A run killed between the claim and that mark
 *   leaves it `sending`; once its lease has expired a later run returns it to `pending` and sends it
 *   again with the same dedupeKey (at least once; a receiver can drop the repeat).
 * - A WeChat errcode that will not change on retry (user refused, bad parameters, bad template) fails the
 *   notice at once; other errors retry on later runs, up to MAX_DELIVERY_ATTEMPTS, with the errcode kept.
 * - A notice goes only to a family that accepted that notice's template when booking (booking.book
 *   `templates`, or the older `subscribe: true` for the reminder) or, for a suggestion's reply, when
 *   sending the suggestion (user.suggest `subscribe: true`); otherwise it is `skipped`.
 * - Rendering (core/templates.ts) happens before the claim: a notice that cannot be rendered is failed
 *   with errcode RENDER and never reaches WeChat.
 */
import type { Deps } from '../deps';
import { renderNotice, RenderError, TEMPLATE_OF, TEMPLATES, type NoticeKind, type TemplateKind } from '../templates';
import { BaseService } from './base';
import type { BookingDoc } from './docs';
import type { NotificationDoc } from './notify';
import type { Budget } from './budget';

/** What a transport is asked to deliver. */
export interface OutboxMessage {
  id: string;
  openid: string;
  kind: string;
  template: TemplateKind;
  data: Record<string, string>;
  /** The same on every attempt of one notice. */
  dedupeKey: string;
  attempt: number;
  title: string;
  body: string;
}

/** Delivers one message; throws (with `errCode` / `errcode` when WeChat gave one) if it was not delivered. */
export type Deliver = (m: OutboxMessage) => Promise<void>;

/** Thrown by a transport that will not deliver this kind of message at all (e.g. no template id configured). */
export class NotDeliverable extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_DELIVERY_ATTEMPTS = 3;
/** How long a claim holds: longer than any function's timeout, so a live sender never loses it. */
export const LEASE_MS = 120_000;
/** Notices read per query (the run stops earlier when its time budget runs out). */
export const OUTBOX_BATCH = 100;
/** WeChat errcodes a retry cannot fix: 43101 user refused, 47003 bad data, 40003 bad openid, 40037 bad template, 41030 bad page. */
export const PERMANENT_ERRCODES = new Set([43101, 47003, 40003, 40037, 41030]);

export interface DeliveryReport {
  delivered: number;
  failed: number;
  skipped: number;
  released: number;
  retried: number;
}

export function errcodeOf(e: unknown): number | string | undefined {
  const x = e as { errCode?: unknown; errcode?: unknown } | null;
  const c = x?.errCode ?? x?.errcode;
  return typeof c === 'number' || typeof c === 'string' ? c : undefined;
}

/** Did the family accept this template for the notice's booking? */
export function accepted(template: TemplateKind, booking: Partial<Pick<BookingDoc, 'subscribed' | 'reminderSubscribed'>> | null): boolean {
  if (!booking) return false;
  if (booking.subscribed?.includes(template)) return true;
  return template === 'reminder' && booking.reminderSubscribed === true;
}

export class OutboxService extends BaseService {
  constructor(
    deps: Deps,
    private readonly deliver?: Deliver,
  ) {
    super(deps);
  }

  /** Returns notices whose lease has expired to pending. */
  async releaseExpired(budget: Budget): Promise<number> {
    const nowIso = this.now().toISOString();
    const stale = await this.store.query<NotificationDoc>(
      'notifications',
      { status: 'sending', leaseUntil: { lte: nowIso } },
      { limit: OUTBOX_BATCH },
    );
    let released = 0;
    for (const s of stale) {
      if (!budget.canStart()) break;
      released += await budget.track(() =>
        this.store.transaction(async (tx) => {
          const cur = await tx.get<NotificationDoc>('notifications', s._id);
          if (!cur || cur.status !== 'sending' || !cur.leaseUntil || cur.leaseUntil > nowIso) return 0;
          await tx.update('notifications', s._id, { set: { status: 'pending', leaseUntil: null } });
          return 1;
        }),
      );
    }
    return released;
  }

  async run(budget: Budget): Promise<DeliveryReport> {
    const report: DeliveryReport = { delivered: 0, failed: 0, skipped: 0, released: 0, retried: 0 };
    if (!this.deliver) return report;
    report.released = await this.releaseExpired(budget);
    const pending = await this.store.query<NotificationDoc>(
      'notifications',
      { status: 'pending' },
      {
        limit: OUTBOX_BATCH,
        orderBy: [{ field: 'createdAt' }],
      },
    );
    for (const n of pending) {
      if (!budget.canStart()) break;
      await budget.track(() => this.deliverOne(n._id, report));
    }
    return report;
  }

  private async deliverOne(id: string, report: DeliveryReport): Promise<void> {
    const now = this.now();
    const nowIso = now.toISOString();
    const claim = await this.store.transaction(async (tx) => {
      const cur = await tx.get<NotificationDoc>('notifications', id);
      if (!cur || cur.status !== 'pending') return null;
      const template = TEMPLATE_OF[cur.kind as NoticeKind];
      // the subscription is accepted per booking, or (suggestion replies) per suggestion
      const subject = cur.bookingId
        ? await tx.get<BookingDoc>('bookings', cur.bookingId)
        : cur.suggestionId
          ? await tx.get<Pick<BookingDoc, '_id' | 'subscribed' | 'status'>>('suggestions', cur.suggestionId)
          : null;
      if (!template || !accepted(template, subject)) {
        await tx.update('notifications', id, { set: { status: 'skipped', errcode: 'NOT_SUBSCRIBED', leaseUntil: null } });
        return 'skipped' as const;
      }
      // a reminder written just as its booking ended (cancelled, session cancelled) is not sent
      if (cur.kind === 'reminder' && subject?.status !== 'confirmed') {
        await tx.update('notifications', id, { set: { status: 'skipped', errcode: 'STALE', leaseUntil: null } });
        return 'skipped' as const;
      }
      let rendered: ReturnType<typeof renderNotice>;
      try {
        rendered = renderNotice(cur);
      } catch (e) {
        if (!(e instanceof RenderError)) throw e;
        await tx.update('notifications', id, {
          set: { status: 'failed', failedAt: nowIso, errcode: 'RENDER', error: e.message.slice(0, 200) },
        });
        return 'failed' as const;
      }
      const attempt = (cur.attempts ?? 0) + 1;
      await tx.update('notifications', id, {
        set: { status: 'sending', attempts: attempt, leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() },
      });
      return { cur, attempt, ...rendered };
    });
    if (claim === null) return;
    if (claim === 'skipped') {
      report.skipped++;
      return;
    }
    if (claim === 'failed') {
      report.failed++;
      return;
    }

    const { cur, attempt, template, data } = claim;
    let outcome: { status: 'sent' } | { status: 'skipped' | 'failed' | 'pending'; errcode?: number | string; error: string };
    try {
      await this.deliver!({
        id,
        openid: cur.openid,
        kind: cur.kind,
        template,
        data,
        dedupeKey: cur.dedupeKey ?? id,
        attempt,
        title: cur.title,
        body: cur.body,
      });
      outcome = { status: 'sent' };
    } catch (e) {
      const error = String((e as Error)?.message ?? e).slice(0, 200);
      if (e instanceof NotDeliverable) outcome = { status: 'skipped', errcode: e.code, error };
      else {
        const errcode = errcodeOf(e);
        const permanent = typeof errcode === 'number' && PERMANENT_ERRCODES.has(errcode);
        outcome = { status: permanent || attempt >= MAX_DELIVERY_ATTEMPTS ? 'failed' : 'pending', errcode, error };
        this.deps.log?.('notification delivery failed', { id, errcode, error });
      }
    }
    const doneIso = this.now().toISOString();
    await this.store.transaction(async (tx) => {
      const now2 = await tx.get<NotificationDoc>('notifications', id);
      // only the holder of this attempt's claim records its outcome (a later claim has its own)
      if (!now2 || now2.status !== 'sending' || now2.attempts !== attempt) return;
      if (outcome.status === 'sent') {
        await tx.update('notifications', id, { set: { status: 'sent', sentAt: doneIso, leaseUntil: null } });
      } else {
        await tx.update('notifications', id, {
          set: {
            status: outcome.status,
            leaseUntil: null,
            error: outcome.error,
            errcode: outcome.errcode ?? null,
            ...(outcome.status === 'failed' ? { failedAt: doneIso } : {}),
          },
        });
      }
    });
    if (outcome.status === 'sent') report.delivered++;
    else if (outcome.status === 'failed') report.failed++;
    else if (outcome.status === 'skipped') report.skipped++;
    else report.retried++;
  }
}

/** WeChat subscription messages as the transport: the template id of the message's template from config. */
export function wechatDeliver(
  send: (openid: string, templateId: string, data: Record<string, string>) => Promise<void>,
  templateIds: Partial<Record<TemplateKind, string>>,
): Deliver {
  return async (m) => {
    const templateId = templateIds[m.template];
    if (!templateId) throw new NotDeliverable('NO_TEMPLATE', `未配置模板 ${TEMPLATES[m.template].env}`);
    await send(m.openid, templateId, m.data);
  };
}
