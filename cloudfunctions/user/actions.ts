/** user.* — thin: validate, call UserService. */
import { z } from 'zod';
import { action, type ActionTable } from '../core/handler';
import { childInput, date, empty, guardianInput, id, name, pickup, plainText, shortText } from '../core/schemas';

export const userActions: ActionTable<'user'> = {
  resolveScene: action({
    input: z.object({ scene: shortText(64) }),
    run: ({ services, input }) => services.user.resolveScene(input.scene),
  }),
  register: action({
    input: z.object({
      communityCode: shortText(32),
      guardian: guardianInput,
      child: childInput,
      // checked by the service so that a missing or false consent answers CONSENT_REQUIRED
      consent: z.object({ policyVersion: z.unknown(), agreed: z.unknown() }).partial().nullish(),
    }),
    run: ({ services, openid, input }) =>
      services.user.register(openid, { ...input, consent: input.consent as { policyVersion?: string; agreed?: true } | null }),
  }),
  addChild: action({
    input: z.object({ child: childInput, communityCode: shortText(32).optional() }),
    run: ({ services, openid, input }) => services.user.addChild(openid, input),
  }),
  updateChild: action({
    input: z.object({ childId: id, pickups: z.array(pickup).max(6).optional(), birthDate: date.optional() }),
    run: ({ services, openid, input }) => services.user.updateChild(openid, input),
  }),
  profile: action({ input: empty, run: ({ services, openid }) => services.user.profile(openid) }),
  deleteAccount: action({ input: empty, run: ({ services, openid }) => services.user.deleteAccount(openid) }),
  /** A worker redeems a one-time staff invite (code typed, or the scanned QR's scene "i=CODE"). */
  redeemInvite: action({
    input: z.object({ code: shortText(64), name: name(20).optional() }),
    run: ({ services, openid, input }) => services.invites.redeem(openid, input),
  }),
  /** A family's suggestion to its community (at most 5 a Shanghai day → RATE_LIMITED). */
  suggest: action({
    input: z.object({
      category: z.enum(['service', 'course', 'site', 'other']),
      text: plainText(5, 500),
      siteId: id.optional(),
      subscribe: z.boolean().optional(),
    }),
    run: ({ services, openid, input }) => services.voice.suggest(openid, input),
  }),
  mySuggestions: action({ input: empty, run: ({ services, openid }) => services.voice.mySuggestions(openid) }),
};
