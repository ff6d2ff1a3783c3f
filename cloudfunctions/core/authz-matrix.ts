/**
 * Who may call what: every cloud-function action × caller role, as docs/contract.md "Roles" states it. A data
 * table kept next to the handlers; tests/http/authz-matrix.test.ts drives every cell over HTTP against a
 * world of two communities (A, the target, and B) and fails on any action without a row.
 *
 * Roles, seen from community A and the parent's family in A:
 *   anonymous       no token
 *   parent          the family that owns the child and bookings the payloads name
 *   otherParent     another family of community A
 *   worker          staff (worker) of community A
 *   otherWorker     staff (worker) of community B
 *   communityAdmin  staff (admin) of community A
 *   districtAdmin   BABYHOUSE_ADMIN_OPENIDS
 *
 * Cells:
 *   allow  succeeds (ok: true)
 *   own    succeeds, but answers only with the caller's own data or scope (nothing of the parent's family,
 *          and for admin.* / checkin.* listings nothing of community A unless the caller is its staff)
 *   deny   an error envelope: UNAUTHENTICATED for anonymous; otherwise FORBIDDEN, NOT_FOUND or
 *          NOT_REGISTERED (a caller without a family acting on a family's things); no data; nothing written
 */
import type { QualifiedAction } from '../shared/contract';

export const AUTHZ_ROLES = ['anonymous', 'parent', 'otherParent', 'worker', 'otherWorker', 'communityAdmin', 'districtAdmin'] as const;
export type AuthzRole = (typeof AUTHZ_ROLES)[number];
export type AuthzCell = 'allow' | 'own' | 'deny';
export type AuthzRow = Record<AuthzRole, AuthzCell>;

/** Helper: every role gets `rest`, except those listed. */
const row = (rest: AuthzCell, except: Partial<AuthzRow> = {}): AuthzRow =>
  ({ ...Object.fromEntries(AUTHZ_ROLES.map((r) => [r, rest])), anonymous: 'deny', ...except }) as AuthzRow;

/** admin.* of community A: its community admin and the district admin only. */
const communityAdminOnly = row('deny', { communityAdmin: 'allow', districtAdmin: 'allow' });
/** District-wide actions: the district admin only. */
const districtAdminOnly = row('deny', { districtAdmin: 'allow' });
/** checkin.* on community A's sessions and bookings: its staff (worker or admin) and the district admin. */
const staffOfA = row('deny', { worker: 'allow', communityAdmin: 'allow', districtAdmin: 'allow' });
/** A family's own child or booking: that family only (staff and admins are not the family). */
const familyOnly = row('deny', { parent: 'allow' });

export const AUTHZ_MATRIX: Record<QualifiedAction, AuthzRow> = {
  'admin.createCommunity': districtAdminOnly,
  'admin.listCommunities': row('own', { communityAdmin: 'allow', districtAdmin: 'allow' }),
  'admin.createSite': communityAdminOnly,
  'admin.listSites': communityAdminOnly,
  'admin.updateSite': communityAdminOnly,
  'admin.createSessions': communityAdminOnly,
  'admin.cancelSession': communityAdminOnly,
  'admin.addStaff': communityAdminOnly,
  'admin.getPolicy': communityAdminOnly,
  'admin.setPolicy': communityAdminOnly,
  'admin.communityQr': communityAdminOnly,
  'admin.stats': communityAdminOnly,
  'admin.exportCsv': communityAdminOnly,
  'admin.generateSchedule': communityAdminOnly,
  'admin.createInvite': communityAdminOnly,
  'admin.revokeInvite': communityAdminOnly,
  'admin.listStaff': communityAdminOnly,
  'admin.removeStaff': communityAdminOnly,
  'admin.outbox': communityAdminOnly,
  'admin.auditLog': communityAdminOnly,
  // the district view: the district admin only (a community admin sees its own community in admin.stats)
  'admin.setResidentChildren': districtAdminOnly,
  'admin.districtStats': districtAdminOnly,
  'admin.exportDistrictCsv': districtAdminOnly,
  'admin.setHoliday': districtAdminOnly,
  'admin.removeHoliday': districtAdminOnly,
  // the merged holiday calendar: any admin (community admins plan schedules with it)
  'admin.holidays': row('deny', { communityAdmin: 'allow', districtAdmin: 'allow' }),
  // residents' voice: the community's admin reads and replies; the district inspects and grades sites
  'admin.suggestions': communityAdminOnly,
  'admin.replySuggestion': communityAdminOnly,
  'admin.ratings': communityAdminOnly,
  'admin.setSiteGrade': districtAdminOnly,

  // anyone signed in may scan a community code and register their own family
  'user.resolveScene': row('allow'),
  'user.register': row('own'),
  'user.addChild': row('deny', { parent: 'allow', otherParent: 'own' }),
  'user.updateChild': familyOnly,
  'user.profile': row('own', { parent: 'allow' }),
  'user.deleteAccount': row('own', { parent: 'allow' }),
  // a staff invite is a one-time bearer credential: whoever signed in redeems it becomes staff of A
  'user.redeemInvite': row('allow'),
  // a registered family writes to its community (callers without a family: NOT_REGISTERED); each sees its own
  'user.suggest': row('deny', { parent: 'allow', otherParent: 'own' }),
  'user.mySuggestions': row('own', { parent: 'allow' }),

  // the schedule of a community is public to anyone signed in
  'booking.listSessions': row('allow'),
  'booking.book': familyOnly,
  'booking.cancel': familyOnly,
  'booking.mine': familyOnly,
  'booking.quota': familyOnly,
  // rating a visit: the family that attended it; a site's public card (grade, average): anyone signed in
  'booking.rate': familyOnly,
  'booking.sites': row('allow'),

  // staff of another community get their own community's day (nothing of A); families get nothing
  'checkin.sessions': row('deny', { worker: 'allow', communityAdmin: 'allow', districtAdmin: 'allow', otherWorker: 'own' }),
  'checkin.roster': staffOfA,
  'checkin.lookup': staffOfA,
  'checkin.checkIn': staffOfA,
  'checkin.checkOut': staffOfA,
  // offline actions are authorised one by one: staff of B get an answer whose actions on A's bookings all
  // failed (FORBIDDEN, nothing of A shown, nothing written); callers who are staff nowhere are refused
  'checkin.sync': row('deny', { worker: 'allow', communityAdmin: 'allow', districtAdmin: 'allow', otherWorker: 'own' }),

  // micro-courses: the catalogue for anyone signed in; progress is per caller
  'course.list': row('allow'),
  'course.detail': row('allow'),
  'course.progress': row('own', { parent: 'allow' }),
  'course.recent': row('own', { parent: 'allow' }),
};
