/** checkin.* — thin: validate, call CheckinService. */
import { z } from 'zod';
import { action, type ActionTable } from '../core/handler';
import { date, id, isoInstant, requestId, shortText } from '../core/schemas';

/** A 6-digit code is unique within its session only, so it comes with the session it was typed for. */
const shortCodeHasSession = (v: { code?: string; sessionId?: string }) => !/^\s*\d{6}\s*$/.test(v.code ?? '') || Boolean(v.sessionId);
const SHORT_CODE_NEEDS_SESSION = '输入 6 位签到码时请先选择场次';

const health = z.object({
  temperature: z.number().min(34).max(43).optional(),
  notes: z.string().max(200).optional(),
  feverOverrideReason: z.string().trim().max(200).optional(),
});

/** One offline action: a check-in (with its health check) or a check-out (to a named pickup). */
const offlineAction = z.discriminatedUnion('type', [
  z.object({ id: requestId, type: z.literal('checkIn'), bookingId: id, at: isoInstant, health: health.optional() }),
  z.object({ id: requestId, type: z.literal('checkOut'), bookingId: id, at: isoInstant, pickupName: shortText(20) }),
]);

/** At most this many offline actions per checkin.sync call (the client sends smaller batches). */
export const MAX_SYNC_ACTIONS = 200;

export const checkinActions: ActionTable<'checkin'> = {
  sessions: action({
    input: z.object({ date: date.optional() }),
    run: ({ services, openid, input }) => services.checkin.sessions(openid, input.date),
  }),
  roster: action({
    input: z.object({ sessionId: id }),
    run: ({ services, openid, input }) => services.checkin.roster(openid, input.sessionId),
  }),
  lookup: action({
    input: z
      .object({ code: z.string().trim().min(1).max(128), sessionId: id.optional() })
      .refine(shortCodeHasSession, SHORT_CODE_NEEDS_SESSION),
    run: ({ services, openid, input }) => services.checkin.lookup(openid, input),
  }),
  checkIn: action({
    input: z
      .object({
        code: z.string().trim().min(1).max(128).optional(),
        bookingId: id.optional(),
        sessionId: id.optional(),
        health: health.optional(),
      })
      .refine((v) => Boolean(v.code) !== Boolean(v.bookingId), '请提供签到码或预约编号之一')
      .refine(shortCodeHasSession, SHORT_CODE_NEEDS_SESSION),
    run: ({ services, openid, input }) => services.checkin.checkIn(openid, input),
  }),
  checkOut: action({
    input: z.object({ bookingId: id, pickupName: shortText(20) }),
    run: ({ services, openid, input }) => services.checkin.checkOut(openid, input),
  }),
  sync: action({
    input: z.object({ actions: z.array(offlineAction).min(1).max(MAX_SYNC_ACTIONS) }),
    run: ({ services, openid, input }) => services.checkin.sync(openid, input.actions),
  }),
};
