/**
 * Deterministic document ids. Limits live in counter documents that a transaction can read by id
 * (WeChat allows no queries inside a transaction).
 */
import { createHash } from 'crypto';
import type { ServiceKind } from '../shared/contract';

const h = (s: string, n = 24) => createHash('sha256').update(s).digest('hex').slice(0, n);

/** The short hash that stands for a caller in ids (requests, staff, progress) and in stored `callerHash`. */
export const openidHash = (openid: string) => h(openid, 16);

export const keys = {
  /** counters: seats of one session {booked, waitlisted, queue: bookingId[]} */
  seats: (sessionId: string) => `seats_${sessionId}`,
  /** counters: quota used by one child in one year for one service kind {used} */
  quota: (childId: string, year: number, kind: ServiceKind = 'temporary_care') => `quota_${childId}_${year}_${kind}`,
  /** counters: a family's one place in a session of a family kind {bookingId} (familyKey: the guardian's id) */
  familyPlace: (sessionId: string, familyKey: string) => `fam_${sessionId}_${h(familyKey, 16)}`,
  /** counters: the child's claims on time {items: [{bookingId, sessionId, startAt, endAt, status}]} */
  claims: (childId: string) => `claims_${childId}`,
  /** counters: the 6-digit check-in codes handed out in one session {items: [{code, bookingId}]} */
  shortCodes: (sessionId: string) => `codes_${sessionId}`,
  /** requests: one idempotency document per caller and requestId */
  request: (openid: string, requestId: string) => `req_${openidHash(openid)}_${requestId}`,
  /** syncActions: one record per caller and offline action id (checkin.sync applies each once) */
  syncAction: (openid: string, actionId: string) => `sa_${openidHash(openid)}_${actionId}`,
  /** guardians: one guardian (family) per WeChat openid */
  guardian: (openid: string) => `g_${h(openid)}`,
  /** staff: one record per community and openid */
  staff: (communityId: string, openid: string) => `st_${communityId}_${openidHash(openid)}`,
  /** suspensions: per child {noShows: startAt[], until} */
  suspension: (childId: string) => `sus_${childId}`,
  /** sessions: one per site, date, start time and kind (so re-creating a schedule is idempotent; care keeps the shorter id) */
  session: (siteId: string, date: string, start: string, kind: ServiceKind = 'temporary_care') =>
    `ses_${siteId}_${date.replace(/-/g, '')}_${start.replace(':', '')}${kind === 'temporary_care' ? '' : `_${kind}`}`,
  /** ratings: one per booking (so a second rating of the same visit is refused by the id) */
  rating: (bookingId: string) => `rt_${bookingId}`,
  /** counters: suggestions a family sent on one Shanghai day {count} */
  suggestionsOfDay: (openid: string, date: string) => `sugday_${h(openid, 16)}_${date.replace(/-/g, '')}`,
  progress: (openid: string, episodeId: string) => `pr_${openidHash(openid)}_${episodeId}`,
};
