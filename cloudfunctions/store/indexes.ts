/**
 * The secondary indexes of every collection, one list for both adapters:
 *  - store/sqlite.ts creates them as expression indexes (direction is ignored there),
 *  - scripts/create-indexes.ts prints / creates them on the WeChat cloud database.
 * Each entry names the query that needs it (cloudfunctions/core/services). See INDEXES.md.
 *
 * Uniqueness: every invariant of the rules (one seat counter per session, one quota counter per
 * child/year/kind, one claim list per child, one idempotency document per request, one community
 * per code, one guardian per openid, one staff record per community and openid) is carried by a
 * deterministic `_id` (core/keys.ts), i.e. by the primary key, inside transactions. So no rule
 * depends on a secondary unique index; `communities.code` is declared unique as a safety net only.
 */
import type { Collection } from './port';

export interface IndexSpec {
  collection: Collection;
  /** Stable name, `<field>_<field>…` (WeChat index names must be unique per collection). */
  name: string;
  fields: Array<{ field: string; direction: 1 | -1 }>;
  unique?: boolean;
  /** The query that needs it. */
  why: string;
}

const idx = (collection: Collection, spec: string, why: string, unique = false): IndexSpec => {
  const fields = spec
    .split(',')
    .map((s) => s.trim())
    .map((s) => (s.startsWith('-') ? { field: s.slice(1), direction: -1 as const } : { field: s, direction: 1 as const }));
  return { collection, name: fields.map((f) => f.field).join('_'), fields, unique, why };
};

export const INDEX_SPECS: IndexSpec[] = [
  idx('communities', 'code', 'user.resolveScene / register: community by code', true),
  idx('communities', 'createdAt', 'admin: list communities'),
  idx('sites', 'communityId, createdAt', 'admin: sites of a community'),
  idx('sessions', 'communityId, date', 'booking.listSessions, admin.stats: sessions of a community in a date range'),
  idx('sessions', 'date, start', 'checkin.sessions: sessions of a day'),
  idx('staff', 'openid', 'roles of the caller'),
  idx('staff', 'communityId, createdAt', 'admin: staff of a community'),
  idx('children', 'ownerOpenid, createdAt', 'user.profile: children of a family'),
  idx('bookings', 'sessionId', 'checkin.roster, admin.cancelSession: bookings of a session'),
  idx('bookings', 'ownerOpenid', 'booking.mine, account deletion: bookings of a family'),
  idx(
    'bookings',
    'status, endAt',
    'scheduler: confirmed bookings that ended (no-shows), confirmed bookings of today and tomorrow (reminders); waitlisted bookings',
  ),
  idx('bookings', 'communityId, date', 'admin.stats: bookings of a community in a date range'),
  idx('bookings', 'kind, date', 'admin.districtStats: attended guidance bookings in a date range (coverage)'),
  idx('children', 'communityId', 'admin.districtStats: registered children of a community (count)'),
  idx('residents', 'year', 'admin.districtStats: resident 0–3 children of every community for a year'),
  idx('holidays', 'date', 'holiday overrides of a date range (schedule generation, admin.holidays)'),
  idx('notifications', 'status, createdAt', 'outbox: pending notifications, oldest first'),
  idx('notifications', 'status, leaseUntil', 'outbox: sending notifications whose lease expired'),
  idx('notifications', 'communityId, -createdAt', 'admin outbox, newest first'),
  idx('audit', 'communityId, -at', 'admin audit log, newest first'),
  idx('invites', 'communityId, -createdAt', 'admin: invites of a community'),
  idx('courses', 'published, order', 'course.list'),
  idx('episodes', 'courseId, order', 'course.detail'),
  idx('progress', 'openid, -updatedAt', 'course progress of a family, latest first'),
  idx('progress', 'communityId', 'admin: course statistics of a community'),
  idx('consents', 'openid', 'account deletion / consent history'),
  idx('suggestions', 'ownerOpenid, -createdAt', 'user.mySuggestions, account deletion: suggestions of a family, newest first'),
  idx('suggestions', 'communityId, -createdAt', 'admin.suggestions, admin.stats: suggestions of a community'),
  idx('ratings', 'communityId, -createdAt', 'admin.ratings, booking.sites, admin.stats: ratings of a community'),
];
