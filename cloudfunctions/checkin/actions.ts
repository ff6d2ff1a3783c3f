/** checkin.* — thin: validate, call CheckinService. */
import { z } from 'zod';
import { action, type ActionTable } from '../core/handler';
import { date, id, shortText } from '../core/schemas';

export const checkinActions: ActionTable = {
  sessions: action({
    input: z.object({ date: date.optional() }),
    run: ({ services, openid, input }) => services.checkin.sessions(openid, input.date),
  }),
  roster: action({
    input: z.object({ sessionId: id }),
    run: ({ services, openid, input }) => services.checkin.roster(openid, input.sessionId),
  }),
  checkIn: action({
    input: z.object({
      code: z.string().trim().min(1).max(128).optional(),
      bookingId: id.optional(),
      health: z.object({
        temperature: z.number().min(34).max(43).optional(),
        notes: z.string().max(200).optional(),
      }).optional(),
    }).refine((v) => Boolean(v.code) !== Boolean(v.bookingId), '请提供签到码或预约编号之一'),
    run: ({ services, openid, input }) => services.checkin.checkIn(openid, input),
  }),
  checkOut: action({
    input: z.object({ bookingId: id, pickupName: shortText(20) }),
    run: ({ services, openid, input }) => services.checkin.checkOut(openid, input),
  }),
};
