/** booking.* — thin: validate, call BookingService. */
import { z } from 'zod';
import { action, type ActionTable } from '../core/handler';
import { date, id, plainText, requestId, serviceKind } from '../core/schemas';

export const bookingActions: ActionTable<'booking'> = {
  listSessions: action({
    input: z.object({ communityId: id.optional(), from: date.optional(), to: date.optional(), kind: serviceKind.optional() }),
    run: ({ services, openid, input }) => services.booking.listSessions(openid, input),
  }),
  book: action({
    input: z.object({
      sessionId: id,
      childId: id,
      requestId,
      waitlist: z.boolean().optional(),
      subscribe: z.boolean().optional(),
      // the subscription templates the parent accepted in the dialog of this tap
      templates: z
        .array(z.enum(['reminder', 'booking_change', 'waitlist_result']))
        .max(3)
        .optional(),
    }),
    run: ({ services, openid, input }) => services.booking.book(openid, input),
  }),
  cancel: action({
    input: z.object({ bookingId: id }),
    run: ({ services, openid, input }) => services.booking.cancel(openid, input.bookingId),
  }),
  mine: action({
    input: z.object({ childId: id.optional() }),
    run: ({ services, openid, input }) => services.booking.mine(openid, input.childId),
  }),
  quota: action({
    input: z.object({ childId: id, year: z.number().int().min(2000).max(2100).optional(), kind: serviceKind.optional() }),
    run: ({ services, openid, input }) => services.booking.quota(openid, input.childId, input.year, input.kind),
  }),
  /** The family rates an attended visit once: 1–5 stars, up to 5 short tags, an optional comment. */
  rate: action({
    input: z.object({
      bookingId: id,
      stars: z.number().int().min(1).max(5),
      tags: z.array(plainText(1, 10)).max(5).optional(),
      comment: z.union([z.literal(''), plainText(1, 200)]).optional(),
    }),
    run: ({ services, openid, input }) => services.voice.rate(openid, input),
  }),
  /** The sites of a community as parents see them: details, the district's grade, the average rating. */
  sites: action({
    input: z.object({ communityId: id.optional() }),
    run: ({ services, openid, input }) => services.voice.sites(openid, input),
  }),
};
