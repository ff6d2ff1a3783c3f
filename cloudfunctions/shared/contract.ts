/**
 * The public contract (docs/contract.md) as TypeScript types: shapes, and the function → action → params/data
 * map that both the cloud handlers and the client gateway are typed from.
 */

/** What a session offers (docs/contract.md "Service kinds"); a stored session or counter without one is temporary_care. */
export type ServiceKind = 'temporary_care' | 'parenting_guidance' | 'parent_class' | 'festival_activity';
export const SERVICE_KINDS = [
  'temporary_care',
  'parenting_guidance',
  'parent_class',
  'festival_activity',
] as const satisfies readonly ServiceKind[];
/** Kinds the whole family attends: one booking per family per session, made through one of its children. */
export const FAMILY_KINDS: readonly ServiceKind[] = ['parent_class', 'festival_activity'];
/** One kind's policy: yearly free sessions per child (null = no quota) and the age range on the session date. */
export interface KindPolicy {
  yearlyFree: number | null;
  minAgeMonths: number;
  maxAgeMonths: number;
}
export type KindPolicies = Record<ServiceKind, KindPolicy>;

export type BookingStatus =
  'confirmed' | 'waitlisted' | 'cancelled' | 'late_cancelled' | 'session_cancelled' | 'checked_in' | 'checked_out' | 'no_show';

export type CourseCategory = 'finger_rhyme' | 'creative_art' | 'parent_child_game' | 'family_education';

export type StaffRole = 'worker' | 'admin';

export interface Policy {
  yearlyFreeSessions: number;
  minAgeMonths: number;
  maxAgeMonths: number; // exclusive
  bookingOpensDaysBefore: number;
  bookingClosesMinutesBefore: number;
  maxUpcomingBookings: number;
  freeCancelHoursBefore: number;
  waitlistClosesHoursBefore: number;
  checkinOpensMinutesBefore: number;
  noShowGraceMinutes: number;
  noShowLimit: number;
  noShowWindowDays: number;
  suspensionDays: number;
  /**
   * Per kind (the server always fills it; temporary_care mirrors yearlyFreeSessions / minAgeMonths /
   * maxAgeMonths). maxUpcomingBookings applies to each kind separately.
   */
  kinds?: KindPolicies;
}
/** The flat, numeric policy values. */
export type PolicyValues = Omit<Policy, 'kinds'>;

export interface Community {
  id: string;
  name: string;
  district: string;
  code: string;
}
/** What parents need to find and use a site; every field but the first five is optional and admin-edited. */
export interface SiteInfo {
  /** The site's telephone (landline or mobile). */
  tel?: string;
  hours?: string;
  bring?: string;
  notice?: string;
  latitude?: number;
  longitude?: number;
}
export interface Site extends SiteInfo {
  id: string;
  communityId: string;
  name: string;
  address: string;
  capacity: number;
  /** The district's inspection grade (亮牌公示): A 优秀, B 良好, C 合格, and the inspection date. */
  grade?: SiteGrade;
  inspectedAt?: string;
  gradeNote?: string;
}
export type SiteGrade = 'A' | 'B' | 'C';
/** A site as parents see it when choosing: details, grade and the average rating (null while fewer than 3 ratings). */
export interface SiteCard extends SiteInfo {
  id: string;
  communityId: string;
  name: string;
  address: string;
  grade?: SiteGrade;
  inspectedAt?: string;
  rating: { average: number | null; count: number };
}
export type SuggestionCategory = 'service' | 'course' | 'site' | 'other';
export type SuggestionStatus = 'open' | 'replied';
export interface Suggestion {
  id: string;
  category: SuggestionCategory;
  text: string;
  status: SuggestionStatus;
  createdAt: string;
  siteId?: string;
  siteName?: string;
  reply?: string;
  repliedAt?: string;
}
/** A suggestion as the community admin sees it: the family masked (null once the family deleted its account). */
export interface AdminSuggestion extends Suggestion {
  communityId: string;
  family: { guardianName: string; phoneMasked: string } | null;
}
/** The tags a parent can tap on the rating sheet (others up to 10 characters are accepted too). */
export const RATING_TAGS = ['老师耐心', '环境干净', '活动丰富', '需要改进'] as const;
export interface Rating {
  bookingId: string;
  stars: number;
  tags: string[];
  comment: string;
  createdAt: string;
  siteId?: string;
  sessionDate?: string;
}
export interface Session {
  id: string;
  siteId: string;
  communityId: string;
  date: string;
  start: string;
  end: string;
  capacity: number;
  booked: number;
  remaining: number;
  waitlisted: number;
  status: 'open' | 'cancelled';
  kind?: ServiceKind;
  siteName?: string;
  cancelReason?: string;
  /** A cancelled session's cancellation job: `running` until every booking is released and notified. */
  cancellation?: { status: 'running' | 'done'; refunded: number; startedAt?: string; finishedAt?: string };
  /** What the session is, who runs it (e.g. 区早教中心 王老师). */
  title?: string;
  description?: string;
  host?: string;
  /** booking.listSessions: when booking opens and closes (ISO instants), and the last instant a cancellation is free. */
  opensAt?: string;
  closesAt?: string;
  freeCancelUntil?: string;
}
/** The drop-off health check; a fever admitted anyway carries the worker's reason. */
export interface BookingHealth {
  temperature?: number;
  notes?: string;
  feverOverrideReason?: string;
}
export interface Booking {
  id: string;
  status: BookingStatus;
  sessionId: string;
  childId: string;
  checkinCode: string;
  createdAt: string;
  kind?: ServiceKind;
  /** 6 digits, unique among the session's bookings (the QR keeps `checkinCode`). */
  shortCode?: string;
  session?: Session;
  childName?: string;
  health?: BookingHealth;
  pickupName?: string;
  checkedInAt?: string;
  checkedOutAt?: string;
  /**
   * Recorded offline and synced later (checkin.sync): checkedInAt / checkedOutAt are the worker's claimed
   * times, these the server times the sync arrived.
   */
  checkedInReceivedAt?: string;
  checkedOutReceivedAt?: string;
  /** booking.mine: the family's rating of this visit, once given. */
  rating?: { stars: number; tags: string[]; comment: string; createdAt: string };
  /** booking.mine: the last instant this visit can still be rated (checked in: 14 days after the session's end). */
  rateUntil?: string;
  /** Waitlisted: 1 = next in line. */
  queuePosition?: number;
}
export interface Quota {
  year: number;
  used: number;
  limit: number;
  remaining: number;
  kind?: ServiceKind;
}
/** One kind's quota of a child (user.profile `quotas`: one per kind that has a quota). */
export interface KindQuota extends Quota {
  kind: ServiceKind;
}
export interface Guardian {
  id: string;
  name: string;
  phone: string;
  relation: string;
  communityId: string;
}
export interface Pickup {
  name: string;
  relation: string;
  phone?: string;
}
export interface Child {
  id: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  communityId: string;
  pickups: Pickup[];
}
/** The dates between which the child is of age for temporary care: from `from`, until the day before `until`. */
export interface AgeWindow {
  from: string;
  until: string;
}
export interface ChildWithQuota extends Child {
  quota: Quota;
  quotas?: KindQuota[];
  ageWindow?: AgeWindow;
  hasBookings?: boolean;
}
export interface RoleGrant {
  role: StaffRole | 'district_admin';
  communityId: string | null;
}
export interface RosterEntry {
  /** The booking's 6-digit code: a worker's phone matches a typed code against its saved roster when offline. */
  shortCode?: string;
  bookingId: string;
  child: { id: string; name: string; ageMonths: number };
  guardian: { name: string; phoneMasked: string };
  status: BookingStatus;
  pickups?: Pickup[];
  guardians?: Array<{ name: string; relation: string }>;
}
/** One check-in or check-out recorded on a worker's phone while offline (checkin.sync). */
export interface OfflineAction {
  /** Client action id, 8–64 chars of [A-Za-z0-9_-]: applied once per caller and id. */
  id: string;
  type: 'checkIn' | 'checkOut';
  bookingId: string;
  /** The phone's time of the action (ISO-8601 with offset). */
  at: string;
  health?: BookingHealth;
  /** checkOut: the guardian or authorised pickup who took the child. */
  pickupName?: string;
}
export interface OfflineActionResult {
  id: string;
  ok: boolean;
  booking?: Booking;
  error?: { code: string; message: string; details?: Record<string, unknown> };
  /** ok, but the booking was already in that state by another action (e.g. a colleague's check-in): nothing recorded twice. */
  duplicate?: boolean;
}
export interface Staff {
  communityId: string;
  openid: string;
  role: StaffRole;
}
export interface Stats {
  sessions: number;
  bookings: number;
  attended: number;
  noShows: number;
  utilisation: number;
  cancelledSessions?: number;
  capacity?: number;
  seated?: number;
  lateCancelled?: number;
  cancelled?: number;
  sessionCancelled?: number;
  waitlisted?: number;
  attendanceRate?: number;
  noShowRate?: number;
  uniqueChildren?: number;
  /** Sessions not ended yet (已排期) and their seats taken; `sessions`, `capacity` and the rates cover ended sessions only. */
  scheduledSessions?: number;
  scheduledBookings?: number;
  pastSeated?: number;
  quotaUsed?: number;
  /** Residents' voice in the range: suggestions received / replied, median hours from suggestion to reply. */
  suggestions?: { received: number; replied: number; medianReplyHours: number | null };
  /** Ratings of visits in the range, per site (average null while fewer than 3). */
  ratings?: Array<{ siteId: string; siteName: string; average: number | null; count: number }>;
  /** Micro-courses in the range: episodes started and completed, and one row per course. */
  courseViews?: number;
  courseCompletions?: number;
  courses?: CourseStatsRow[];
  /** How many children used n free sessions within the range. */
  quotaUse?: Array<{ used: number; children: number }>;
  daily?: Array<{ date: string; sessions: number; capacity: number; booked: number; attended: number; noShows: number }>;
  bySession?: Array<{
    sessionId: string;
    date: string;
    start: string;
    end: string;
    siteName: string;
    status: 'open' | 'cancelled';
    cancelReason?: string;
    capacity: number;
    booked: number;
    attended: number;
    noShows: number;
    lateCancelled: number;
    utilisation: number;
    scheduled?: boolean;
    kind?: ServiceKind;
    title?: string;
    host?: string;
  }>;
  /** The core numbers per kind (every kind, zeros included). */
  byKind?: Record<ServiceKind, KindStats>;
  [extra: string]: unknown;
}
/** One kind's numbers in admin.stats `byKind`, by the totals' definitions (sessions and utilisation: ended sessions). */
export interface KindStats {
  sessions: number;
  /** Sessions of the kind that have not ended yet (已排期). */
  scheduledSessions?: number;
  bookings: number;
  attended: number;
  noShows: number;
  utilisation: number;
}
/** Describes a session of a kind other than plain care (admin.createSessions / admin.generateSchedule). */
export interface SessionDetails {
  kind?: ServiceKind;
  title?: string;
  description?: string;
  host?: string;
}
/** admin.setPolicy `kinds`: any kinds, any of their values. */
export type KindPolicyPatch = Partial<Record<ServiceKind, Partial<KindPolicy>>>;
export interface CourseStatsRow {
  courseId: string;
  title: string;
  category: CourseCategory;
  /** Episodes started in the period (one per viewer and episode). */
  views: number;
  /** Distinct viewers (families) who started an episode of the course in the period. */
  viewers: number;
  /** Episodes completed in the period. */
  completions: number;
}
/** admin.generateSchedule: a date the weekday rule asked for but that was left out (e.g. 国庆节放假). */
export interface SkippedDate {
  date: string;
  reason: string;
  /** Where the holiday came from: the official calendar (or its fixed statutory dates) or a district override. */
  source?: HolidaySource;
  name?: string;
}
export type HolidayKind = 'holiday' | 'workday';
export type HolidaySource = 'calendar' | 'override';
export interface HolidayDay {
  date: string;
  kind: HolidayKind;
  name: string;
  source: HolidaySource;
}
/** One community's row of admin.districtStats (the totals have the same keys). */
export interface DistrictRow {
  communityId: string | null;
  name: string;
  district: string;
  sites: number;
  sessions: number;
  bookings: number;
  attended: number;
  utilisation: number | null;
  noShows: number;
  registeredChildren: number;
  residentChildren: number | null;
  guidanceCoverage: number | null;
  /** Children with at least one attended parenting_guidance session in the range. */
  guidedChildren: number;
}
export interface DistrictMonth {
  month: string;
  sessions: number;
  bookings: number;
  attended: number;
}
export interface Invite {
  code: string;
  communityId: string;
  role: StaffRole;
  createdAt: string;
  expiresAt: string;
  status: 'pending' | 'redeemed' | 'expired' | 'revoked';
}
export interface StaffMember extends Staff {
  name?: string;
  createdAt?: string;
}
export interface OutboxEntry {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  sentAt: string | null;
  failedAt?: string;
  bookingId?: string;
  /** Delivery state: pending → sending → sent / failed; skipped when the family did not subscribe to its template. */
  status?: 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';
  attempts?: number;
  /** WeChat errcode (or RENDER / NOT_SUBSCRIBED / NO_TEMPLATE) of the last failed or skipped attempt. */
  errcode?: number | string;
}
export interface AuditEntry {
  id: string;
  action: string;
  actor: string;
  actorName?: string;
  actorRole?: string;
  at: string;
  details: Record<string, unknown>;
}
export interface CourseSummary {
  id: string;
  title: string;
  category: CourseCategory;
  ageMinMonths: number;
  ageMaxMonths: number;
  description?: string;
  coverColor?: string;
  episodeCount?: number;
}
export interface EpisodeProgress {
  positionSec: number;
  creditedSec: number;
  completed: boolean;
}
export interface Episode {
  id: string;
  title: string;
  durationSec: number;
  videoUrl: string;
  progress: EpisodeProgress;
}
/** "Continue watching": a recently watched course and the episode to watch next. */
export interface RecentCourseItem {
  course: CourseSummary;
  episode: Episode;
  progress: EpisodeProgress;
  updatedAt: string;
}

export interface GuardianInput {
  name: string;
  phone: string;
  relation: string;
}
export interface ChildInput {
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
}
export interface ConsentInput {
  policyVersion: string;
  agreed: true;
}

/** function → action → { params, data } */
export interface Api {
  admin: {
    createCommunity: { params: { name: string; district: string }; data: { community: Community } };
    createSite: { params: { communityId: string; name: string; address: string; capacity: number }; data: { site: Site } };
    createSessions: {
      params: { siteId: string; dates: string[]; start: string; end: string; capacity?: number } & SessionDetails;
      data: { sessions: Session[] };
    };
    cancelSession: { params: { sessionId: string; reason: string }; data: { session: Session; refunded: number } };
    addStaff: { params: { communityId: string; openid: string; role: StaffRole; name?: string }; data: { staff: Staff } };
    setPolicy: { params: { communityId: string } & Partial<PolicyValues> & { kinds?: KindPolicyPatch }; data: { policy: Policy } };
    communityQr: { params: { communityId: string }; data: { scene: string; path: string; url: string; pngBase64: string } };
    stats: { params: { communityId: string; from: string; to: string }; data: { stats: Stats } };
    listCommunities: { params: Record<string, never>; data: { communities: Community[] } };
    listSites: { params: { communityId: string }; data: { sites: Site[] } };
    /** Edit a site's details for parents (address, tel, hours, what to bring, notice, map point); '' clears a text. */
    updateSite: {
      params: { siteId: string; name?: string; address?: string; capacity?: number } & SiteInfo;
      data: { site: Site };
    };
    getPolicy: { params: { communityId: string }; data: { policy: Policy } };
    generateSchedule: {
      params: {
        siteId: string;
        from: string;
        to: string;
        weekdays: number[];
        start: string;
        end: string;
        capacity?: number;
        skipHolidays?: boolean;
        followWorkdays?: boolean;
        dryRun?: boolean;
      } & SessionDetails;
      data: {
        sessions: Session[];
        dates: string[];
        skipped: SkippedDate[];
        makeupWorkdays: string[];
        created: number;
        existing: number;
        unknownYears: number[];
      };
    };
    exportCsv: { params: { communityId: string; from: string; to: string }; data: { filename: string; csv: string } };
    createInvite: {
      params: { communityId: string; role?: StaffRole };
      data: { invite: Invite; scene: string; path: string; url: string; pngBase64: string };
    };
    revokeInvite: { params: { communityId: string; code: string }; data: { invite: Invite } };
    listStaff: { params: { communityId: string }; data: { staff: StaffMember[]; invites: Invite[] } };
    removeStaff: { params: { communityId: string; openid: string }; data: { removed: boolean; staff: StaffMember | null } };
    outbox: { params: { communityId: string; limit?: number }; data: { notifications: OutboxEntry[] } };
    /**
     * readOnly: false leaves out entries that only record a look (查看名单). Entries naming a child or a
     * session get details.childName (masked, e.g. 王*明) and details.sessionText.
     */
    auditLog: { params: { communityId: string; limit?: number; readOnly?: boolean }; data: { entries: AuditEntry[] } };
    setResidentChildren: {
      params: { communityId: string; year: number; count: number };
      data: { residentChildren: { communityId: string; year: number; count: number } };
    };
    districtStats: {
      params: { from: string; to: string; district?: string };
      data: { communities: DistrictRow[]; totals: DistrictRow; months: DistrictMonth[]; from: string; to: string };
    };
    exportDistrictCsv: { params: { from: string; to: string; district?: string }; data: { filename: string; csv: string } };
    setHoliday: {
      params: { date: string; kind: HolidayKind; name?: string };
      data: { holiday: { date: string; kind: HolidayKind; name: string } };
    };
    removeHoliday: { params: { date: string }; data: { removed: true } };
    holidays: { params: { year: number }; data: { days: HolidayDay[]; calendarKnown: boolean } };
    suggestions: { params: { communityId: string; status?: SuggestionStatus }; data: { suggestions: AdminSuggestion[] } };
    replySuggestion: { params: { suggestionId: string; reply: string }; data: { suggestion: AdminSuggestion } };
    /** District admin only: the inspection grade of a site. */
    setSiteGrade: { params: { siteId: string; grade: SiteGrade; inspectedAt: string; note?: string }; data: { site: Site } };
    ratings: { params: { communityId: string; siteId?: string }; data: { ratings: Rating[] } };
  };
  user: {
    resolveScene: { params: { scene: string }; data: { community: Community } };
    register: {
      params: { communityCode: string; guardian: GuardianInput; child: ChildInput; consent: ConsentInput };
      data: { guardian: Guardian; child: Child };
    };
    addChild: { params: { child: ChildInput; communityCode?: string }; data: { child: Child } };
    /** birthDate: a correction, accepted only before the child's first booking. */
    updateChild: { params: { childId: string; pickups?: Pickup[]; birthDate?: string }; data: { child: Child } };
    profile: {
      params: Record<string, never>;
      data: {
        guardian: Guardian | null;
        children: ChildWithQuota[];
        roles: RoleGrant[];
        community?: Community | null;
        /** The family's community policy and sites (the client shows these numbers, never its own). */
        policy?: Policy;
        sites?: Site[];
      };
    };
    deleteAccount: { params: Record<string, never>; data: { deleted: true } };
    redeemInvite: { params: { code: string; name?: string }; data: { staff: StaffMember; community: Community } };
    /** `subscribe`: the family accepted the suggestion-reply notice in WeChat's dialog. */
    suggest: {
      params: { category: SuggestionCategory; text: string; siteId?: string; subscribe?: boolean };
      data: { suggestion: Suggestion };
    };
    mySuggestions: { params: Record<string, never>; data: { suggestions: Suggestion[] } };
  };
  booking: {
    listSessions: {
      params: { communityId?: string; from?: string; to?: string; kind?: ServiceKind };
      data: { sessions: Session[]; policy?: Policy };
    };
    book: {
      params: {
        sessionId: string;
        childId: string;
        requestId: string;
        waitlist?: boolean;
        /** The parent accepted a reminder the day before (weapp: requestSubscribeMessage from the tap). */
        subscribe?: boolean;
        /** The subscription templates accepted in that dialog (one notice of each may then go to this booking's family). */
        templates?: Array<'reminder' | 'booking_change' | 'waitlist_result'>;
      };
      /** quota: the kind's quota after booking; null for a kind without a quota. */
      data: { booking: Booking; quota: Quota | null };
    };
    cancel: { params: { bookingId: string }; data: { booking: Booking; refunded: boolean; quota: Quota | null } };
    mine: { params: { childId?: string }; data: { bookings: Booking[] } };
    /** kind: default temporary_care; a kind without a quota answers {quota: null}. */
    quota: { params: { childId: string; year?: number; kind?: ServiceKind }; data: { quota: Quota | null } };
    rate: { params: { bookingId: string; stars: number; tags?: string[]; comment?: string }; data: { rating: Rating } };
    sites: { params: { communityId?: string }; data: { sites: SiteCard[] } };
  };
  checkin: {
    sessions: { params: { date?: string }; data: { sessions: Session[] } };
    roster: { params: { sessionId: string }; data: { roster: RosterEntry[]; session?: Session; feverCelsius?: number } };
    /** Read-only: the child's card for a code (QR code or 6 digits) before the health check. */
    lookup: {
      params: { code: string; sessionId?: string };
      data: { entry: RosterEntry; session: Session; feverCelsius: number };
    };
    checkIn: {
      params: { code?: string; bookingId?: string; sessionId?: string; health?: BookingHealth };
      data: { booking: Booking };
    };
    checkOut: { params: { bookingId: string; pickupName: string }; data: { booking: Booking } };
    /** Offline check-ins/outs, 1–200, applied in the order given; one result per action (see docs/contract.md). */
    sync: { params: { actions: OfflineAction[] }; data: { results: OfflineActionResult[] } };
  };
  course: {
    list: { params: { category?: CourseCategory }; data: { courses: CourseSummary[] } };
    detail: { params: { courseId: string }; data: { course: CourseSummary; episodes: Episode[] } };
    progress: { params: { episodeId: string; positionSec: number }; data: EpisodeProgress };
    recent: { params: { limit?: number }; data: { items: RecentCourseItem[] } };
  };
}

export type FunctionName = keyof Api;
export type ActionName<F extends FunctionName> = keyof Api[F] & string;
export type Params<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { params: infer P } ? P : never;
export type Data<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { data: infer D } ? D : never;

/**
 * `Api` above is the one list of functions and actions. The server's action tables, the authz matrix, the
 * client gateway and the test clients are all typed from it: an action missing from a table, a table
 * with an action the contract lacks, or a `run` that answers another shape is a compile error.
 */
export const FUNCTION_NAMES = ['user', 'booking', 'checkin', 'admin', 'course'] as const satisfies readonly FunctionName[];
// FUNCTION_NAMES lists every function of Api (a compile error otherwise)
const _allFunctionsListed: Exclude<FunctionName, (typeof FUNCTION_NAMES)[number]> extends never ? true : never = true;
void _allFunctionsListed;

/** A caller's params argument: optional when the action has no required params. */
export type ParamsArg<F extends FunctionName, A extends ActionName<F>> =
  Record<string, never> extends Params<F, A> ? [params?: Params<F, A>] : [params: Params<F, A>];

/** 'booking.book', 'admin.stats', … — every action of the contract by its qualified name. */
export type QualifiedAction = { [F in FunctionName]: `${F}.${ActionName<F>}` }[FunctionName];
/** The data of an action named by its qualified name, e.g. DataOf<'booking.book'>. */
export type DataOf<K extends QualifiedAction> = K extends `${infer F extends FunctionName}.${infer A}`
  ? A extends ActionName<F>
    ? Data<F, A>
    : never
  : never;
/** The params of an action named by its qualified name, e.g. ParamsOf<'booking.book'>. */
export type ParamsOf<K extends QualifiedAction> = K extends `${infer F extends FunctionName}.${infer A}`
  ? A extends ActionName<F>
    ? Params<F, A>
    : never
  : never;
