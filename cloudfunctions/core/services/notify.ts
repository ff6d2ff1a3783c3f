/**
 * Notifications go to an outbox (the `notifications` collection) in the same transaction as the change
 * they announce; the scheduled task delivers them (SchedulerService: pending → sending → sent / failed).
 * Each notice carries the facts its WeChat template is filled from (core/templates.ts).
 */
import type { Deps } from '../deps';
import type { BookingNoticeFields, NoticeKind, SuggestionNoticeFields } from '../templates';
import type { SessionDoc } from './docs';
import type { UnitOfWork } from './ledger';

interface NoticeBase {
  openid: string;
  title: string;
  body: string;
  bookingId?: string;
  communityId?: string;
}

export type Notice =
  | (NoticeBase & { kind: Exclude<NoticeKind, 'suggestion_replied'>; bookingId: string; fields: BookingNoticeFields })
  | (NoticeBase & { kind: 'suggestion_replied'; suggestionId: string; fields: SuggestionNoticeFields });

/** Outbox delivery states. */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface NotificationDoc {
  _id: string;
  openid: string;
  kind: string;
  title: string;
  body: string;
  fields?: object;
  bookingId?: string;
  suggestionId?: string;
  communityId?: string;
  createdAt: string;
  status: DeliveryStatus;
  /** Delivery attempts so far (each claim counts one). */
  attempts: number;
  /** While `sending`: until when the claim holds; after it the notice returns to pending. */
  leaseUntil: string | null;
  /** Stays the same across attempts: a receiver can drop a repeat of an at-least-once redelivery. */
  dedupeKey: string;
  sentAt: string | null;
  failedAt?: string;
  /** WeChat errcode of the last failed attempt (or a local code such as RENDER). */
  errcode?: number | string;
  error?: string;
  [field: string]: unknown;
}

/** The booking facts a booking notice's template is filled from. */
export function bookingFields(
  session: Pick<SessionDoc, 'date' | 'start' | 'end' | 'siteName' | 'kind'>,
  child: string,
  extra: { reason?: string } = {},
): BookingNoticeFields {
  return {
    child,
    date: session.date,
    start: session.start,
    end: session.end,
    site: session.siteName,
    ...(session.kind ? { service: session.kind } : {}),
    ...(extra.reason ? { reason: extra.reason } : {}),
  };
}

export function notify(uow: UnitOfWork, deps: Deps, notice: Notice): void {
  const id = deps.ids.next('nt');
  uow.put<NotificationDoc>('notifications', {
    _id: id,
    ...notice,
    createdAt: deps.clock.now().toISOString(),
    status: 'pending',
    attempts: 0,
    leaseUntil: null,
    dedupeKey: id,
    sentAt: null,
  });
}
