/** The stored document shapes (what the store holds) and their mapping to the contract's shapes. */
import type {
  Booking,
  BookingHealth,
  BookingStatus,
  Child,
  Community,
  CourseCategory,
  Guardian,
  KindPolicyPatch,
  Pickup,
  PolicyValues,
  Quota,
  ServiceKind,
  Session,
  Site,
  SiteGrade,
  SiteInfo,
  StaffRole,
  SuggestionCategory,
  SuggestionStatus,
} from '../../shared/contract';
import type { Doc } from '../../store/port';
import { kindOf } from '../rules/policy';
import type { CreditState } from '../rules/credit';
import type { TemplateKind } from '../templates';

export interface CommunityDoc extends Doc {
  name: string;
  district: string;
  code: string;
  createdAt: string;
}
export interface SiteDoc extends Doc, SiteInfo {
  communityId: string;
  name: string;
  address: string;
  capacity: number;
  createdAt: string;
  grade?: SiteGrade;
  inspectedAt?: string;
  gradeNote?: string;
}
/** A resident's suggestion; `ownerOpenid` / `guardianId` become null when the family deletes its account (the text stays). */
export interface SuggestionDoc extends Doc {
  communityId: string;
  siteId: string | null;
  category: SuggestionCategory;
  text: string;
  status: SuggestionStatus;
  ownerOpenid: string | null;
  guardianId: string | null;
  createdAt: string;
  reply?: string;
  repliedAt?: string;
  repliedBy?: string;
  /** The family accepted the suggestion-reply notice (WeChat subscription). */
  subscribed?: TemplateKind[];
}
/** A visit's rating: `_id` = keys.rating(bookingId); no family link (nobody sees who rated). */
export interface RatingDoc extends Doc {
  bookingId: string;
  communityId: string;
  siteId: string;
  sessionId: string;
  date: string;
  stars: number;
  tags: string[];
  comment: string;
  createdAt: string;
}
export interface SessionDoc extends Doc {
  siteId: string;
  communityId: string;
  siteName: string;
  date: string;
  start: string;
  end: string;
  startAt: string;
  endAt: string;
  capacity: number;
  status: 'open' | 'cancelled';
  cancelReason?: string;
  createdAt: string;
  /** The cancellation job (services/cancellation.ts): running until every booking is released. */
  cancelJob?: 'running' | 'done';
  cancelRefunded?: number;
  cancelledAt?: string;
  cancelFinishedAt?: string;
  /** Absent on sessions stored before kinds existed: read with kindOf (temporary_care). */
  kind?: ServiceKind;
  title?: string;
  description?: string;
  host?: string;
}
export interface SeatsDoc extends Doc {
  sessionId: string;
  booked: number;
  waitlisted: number;
  queue: string[];
  /** Statistics tally (ledger.ts tallyDelta); present when `tallied`. */
  tallied?: boolean;
  held?: number;
  attended?: number;
  noShows?: number;
}
export interface ResidentsDoc extends Doc {
  communityId: string;
  year: number;
  count: number;
  updatedAt: string;
  updatedBy: string;
}
export interface HolidayDoc extends Doc {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  createdAt: string;
  createdBy: string;
}
export interface StaffDoc extends Doc {
  communityId: string;
  openid: string;
  role: StaffRole;
  createdAt: string;
}
/** Flat values (temporary_care's among them) and, for the other kinds, only what an admin set. */
export interface PolicyDoc extends Doc, Partial<PolicyValues> {
  communityId: string;
  kinds?: KindPolicyPatch;
}
export interface GuardianDoc extends Doc {
  openid: string;
  name: string;
  phone: string;
  relation: string;
  communityId: string;
  createdAt: string;
}
export interface ChildDoc extends Doc {
  guardianId: string;
  ownerOpenid: string;
  communityId: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  pickups: Pickup[];
  createdAt: string;
  /** Set when account deletion begins: no booking or check-in accepts the child from then on. */
  deletingAt?: string;
}
export interface BookingDoc extends Doc {
  status: BookingStatus;
  sessionId: string;
  childId: string;
  communityId: string;
  siteId: string;
  ownerOpenid: string | null;
  date: string;
  year: number;
  startAt: string;
  endAt: string;
  checkinCode: string;
  createdAt: string;
  updatedAt: string;
  requestId?: string;
  /** The session's kind (absent on bookings stored before kinds existed: read with kindOf). */
  kind?: ServiceKind;
  /** Family kinds: the id of the family's place document in this session (keys.familyPlace). */
  familyPlace?: string;
  /** 6 digits, unique among the session's bookings: read aloud or typed at the door. */
  shortCode?: string;
  health?: BookingHealth;
  checkedInAt?: string;
  checkedOutAt?: string;
  pickupName?: string;
  /** Offline actions (checkin.sync): when the sync arrived; checkedInAt / checkedOutAt hold the claimed times. */
  checkedInReceivedAt?: string;
  checkedOutReceivedAt?: string;
  promotedAt?: string;
  reminderSentAt?: string;
  /** The parent asked for a reminder the day before (booking.book `subscribe: true`). */
  reminderSubscribed?: boolean;
  /** Subscription templates the parent accepted when booking (core/templates.ts); a notice needs its template here. */
  subscribed?: TemplateKind[];
}
export interface ShortCodesDoc extends Doc {
  sessionId: string;
  items: Array<{ code: string; bookingId: string }>;
}
export interface ClaimItem {
  bookingId: string;
  sessionId: string;
  startAt: string;
  endAt: string;
  status: BookingStatus;
  kind?: ServiceKind;
}
export interface ClaimsDoc extends Doc {
  childId: string;
  items: ClaimItem[];
}
export interface QuotaDoc extends Doc {
  childId: string;
  year: number;
  kind?: ServiceKind;
  used: number;
}
/** A family's one place in a session of a family kind: the booking that holds it. */
export interface FamilyPlaceDoc extends Doc {
  sessionId: string;
  bookingId: string;
  childId: string;
}
export interface RequestDoc extends Doc {
  callerHash: string;
  requestId: string;
  sessionId: string;
  childId: string;
  response: unknown;
  createdAt: string;
}
/**
 * checkin.sync: the first answer to one offline action of one caller (keys.syncAction). Only the outcome is
 * kept (no names, no health data); a replay answers with the booking as it is now.
 */
export interface SyncActionDoc extends Doc {
  callerHash: string;
  actionId: string;
  type: 'checkIn' | 'checkOut';
  bookingId: string;
  at: string;
  ok: boolean;
  duplicate?: boolean;
  error?: { code: string; message: string };
  createdAt: string;
}
export interface SuspensionDoc extends Doc {
  childId: string;
  noShows: string[];
  until: string | null;
}

export const toCommunity = (d: CommunityDoc): Community => ({ id: d._id, name: d.name, district: d.district, code: d.code });
const SITE_INFO: Array<keyof SiteInfo> = ['tel', 'hours', 'bring', 'notice', 'latitude', 'longitude'];
export const toSite = (d: SiteDoc): Site => ({
  id: d._id,
  communityId: d.communityId,
  name: d.name,
  address: d.address,
  capacity: d.capacity,
  ...(d.grade ? { grade: d.grade, inspectedAt: d.inspectedAt } : {}),
  ...Object.fromEntries(SITE_INFO.filter((k) => d[k] !== undefined && d[k] !== null && d[k] !== '').map((k) => [k, d[k]])),
});

/** A site as admins see it: with the district's inspection note. */
export const toAdminSite = (d: SiteDoc): Site => ({ ...toSite(d), ...(d.grade && d.gradeNote ? { gradeNote: d.gradeNote } : {}) });

export function toSession(d: SessionDoc, seats: SeatsDoc | null): Session {
  const booked = seats?.booked ?? 0;
  return {
    id: d._id,
    siteId: d.siteId,
    communityId: d.communityId,
    date: d.date,
    start: d.start,
    end: d.end,
    capacity: d.capacity,
    booked,
    remaining: Math.max(0, d.capacity - booked),
    waitlisted: seats?.waitlisted ?? 0,
    status: d.status,
    kind: kindOf(d),
    siteName: d.siteName,
    ...(d.cancelReason ? { cancelReason: d.cancelReason } : {}),
    ...(d.cancelJob
      ? {
          cancellation: {
            status: d.cancelJob,
            refunded: d.cancelRefunded ?? 0,
            ...(d.cancelledAt ? { startedAt: d.cancelledAt } : {}),
            ...(d.cancelFinishedAt ? { finishedAt: d.cancelFinishedAt } : {}),
          },
        }
      : {}),
    ...(d.title ? { title: d.title } : {}),
    ...(d.description ? { description: d.description } : {}),
    ...(d.host ? { host: d.host } : {}),
  };
}

export function toBooking(d: BookingDoc): Booking {
  return {
    id: d._id,
    status: d.status,
    sessionId: d.sessionId,
    childId: d.childId,
    checkinCode: d.checkinCode,
    createdAt: d.createdAt,
    kind: kindOf(d),
    ...(d.shortCode ? { shortCode: d.shortCode } : {}),
    ...(d.checkedInAt ? { checkedInAt: d.checkedInAt } : {}),
    ...(d.checkedOutAt ? { checkedOutAt: d.checkedOutAt } : {}),
    ...(d.checkedInReceivedAt ? { checkedInReceivedAt: d.checkedInReceivedAt } : {}),
    ...(d.checkedOutReceivedAt ? { checkedOutReceivedAt: d.checkedOutReceivedAt } : {}),
    ...(d.health ? { health: d.health } : {}),
    ...(d.pickupName ? { pickupName: d.pickupName } : {}),
  };
}

export const toGuardian = (d: GuardianDoc): Guardian => ({
  id: d._id,
  name: d.name,
  phone: d.phone,
  relation: d.relation,
  communityId: d.communityId,
});
export const toChild = (d: ChildDoc): Child => ({
  id: d._id,
  name: d.name,
  gender: d.gender,
  birthDate: d.birthDate,
  communityId: d.communityId,
  pickups: d.pickups ?? [],
});

/** The quota shape; a kind other than temporary_care is named (care keeps the original four keys). */
export function toQuota(year: number, used: number, limit: number, kind?: ServiceKind): Quota {
  return { year, used, limit, remaining: Math.max(0, limit - used), ...(kind && kind !== 'temporary_care' ? { kind } : {}) };
}

// ---- micro-courses ----

export interface CourseDoc extends Doc {
  title: string;
  category: CourseCategory;
  ageMinMonths: number;
  /** exclusive */
  ageMaxMonths: number;
  description: string;
  coverColor: string;
  order: number;
  episodeCount: number;
  totalSec: number;
  published: boolean;
  seeded?: boolean;
}

export interface EpisodeDoc extends Doc {
  courseId: string;
  title: string;
  order: number;
  durationSec: number;
  /** File name of the video in the media folder (server/media locally, <cloud media base> in WeChat). */
  media: string;
  /** An explicit cloud-storage file id (cloud://…) for this episode; wins over `media`. */
  cloudFileId?: string | null;
  published?: boolean;
  seeded?: boolean;
}

export interface ProgressDoc extends Doc, CreditState {
  openid: string;
  courseId: string;
  episodeId: string;
  durationSec: number;
  /** The viewer's community when known (for admin statistics); null for viewers not registered yet. */
  communityId: string | null;
  startedAt: string;
  /** Shanghai dates, for statistics by date range. */
  startedDate: string;
  completedDate: string | null;
  updatedAt: string;
}
