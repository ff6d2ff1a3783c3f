/**
 * Staff onboarding without typing openids: an admin creates a one-time invite (a short code and its QR
 * code); the worker scans or types it once (user.redeemInvite) and becomes staff of that community.
 * Also the staff list and removal.
 *
 * An invite is one document with a deterministic id (`inv_<CODE>`), so redemption is a by-id
 * read-check-write inside one transaction: single use even when two people redeem at once.
 */
import QRCode from 'qrcode';
import type { Community, Invite, StaffMember, StaffRole } from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import { StoreError, type Doc } from '../../store/port';
import type { Deps } from '../deps';
import { keys } from '../keys';
import type { AdminService } from './admin';
import { audit, changesOf } from './audit';
import { BaseService } from './base';
import type { CommunityDoc, StaffDoc } from './docs';
import { toCommunity } from './docs';

export const INVITE_HOURS = 72;
export const INVITE_CODE_LENGTH = 8;
/** The page a scanned invite opens (admin subpackage); the scene is `i=<CODE>` (≤ 32 chars). */
export const INVITE_PAGE = 'admin/join/index';

export interface InviteDoc extends Doc {
  code: string;
  communityId: string;
  role: StaffRole;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  redeemedBy: string | null;
  redeemedAt: string | null;
  revokedAt?: string | null;
}

const inviteId = (code: string) => `inv_${code}`;

/** What people type or scan: "abcd efgh", "ABCD-EFGH", "i=ABCDEFGH" or a URL ending in ?code=… */
export function normalizeInviteCode(input: string): string {
  let decoded = input.trim();
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // not URI-encoded: use as typed
  }
  const m = /(?:^|[?&])(?:i|code)=([A-Za-z0-9 -]+)/.exec(decoded);
  return (m ? m[1] : decoded).replace(/[\s-]/g, '').toUpperCase();
}

export function inviteStatus(doc: InviteDoc, now: Date): Invite['status'] {
  if (doc.revokedAt) return 'revoked';
  if (doc.redeemedBy) return 'redeemed';
  return now.toISOString() >= doc.expiresAt ? 'expired' : 'pending';
}

const toInvite = (d: InviteDoc, now: Date): Invite => ({
  code: d.code,
  communityId: d.communityId,
  role: d.role,
  createdAt: d.createdAt,
  expiresAt: d.expiresAt,
  status: inviteStatus(d, now),
});

export class InviteService extends BaseService {
  constructor(
    deps: Deps,
    private readonly admin: AdminService,
  ) {
    super(deps);
  }

  async createInvite(
    openid: string,
    input: { communityId: string; role?: StaffRole },
  ): Promise<{
    invite: Invite;
    scene: string;
    path: string;
    url: string;
    pngBase64: string;
  }> {
    await this.admin.requireAdmin(openid, input.communityId);
    const now = this.now();
    const role = input.role ?? 'worker';
    let doc: InviteDoc | null = null;
    for (let attempt = 0; attempt < 5 && !doc; attempt++) {
      const code = this.deps.ids.code(INVITE_CODE_LENGTH);
      const candidate: InviteDoc = {
        _id: inviteId(code),
        code,
        communityId: input.communityId,
        role,
        createdBy: openid,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + INVITE_HOURS * 3600_000).toISOString(),
        redeemedBy: null,
        redeemedAt: null,
      };
      try {
        await this.store.create('invites', candidate);
        doc = candidate;
      } catch (e) {
        if (!(e instanceof StoreError && e.kind === 'EXISTS')) throw e;
      }
    }
    if (!doc) throw new AppError(ErrorCode.BUSY);
    const scene = `i=${doc.code}`;
    const path = `${INVITE_PAGE}?scene=${encodeURIComponent(scene)}`;
    const url = `${this.deps.config.publicUrl.replace(/\/$/, '')}/#/${INVITE_PAGE}?code=${doc.code}`;
    let png: Buffer;
    if (this.deps.config.platform === 'wx' && this.deps.platform?.miniProgramCode) {
      png = await this.deps.platform.miniProgramCode(scene, INVITE_PAGE);
    } else {
      png = await QRCode.toBuffer(url, { type: 'png', width: 480, margin: 2, errorCorrectionLevel: 'M' });
    }
    await audit(this.deps, openid, 'invite.create', {
      communityId: input.communityId,
      target: { inviteCode: doc.code },
      changes: changesOf(null, { role, expiresAt: doc.expiresAt }),
    });
    return { invite: toInvite(doc, now), scene, path, url, pngBase64: png.toString('base64') };
  }

  /** The worker's side: the caller becomes staff of the invite's community. Single use, expiring. */
  async redeem(openid: string, input: { code: string; name?: string }): Promise<{ staff: StaffMember; community: Community }> {
    const code = normalizeInviteCode(input.code);
    if (!/^[A-Z0-9]{4,16}$/.test(code)) throw new AppError(ErrorCode.INVALID_CODE, '邀请码无效，请核对后重新输入');
    const now = this.now();
    const nowIso = now.toISOString();
    const { staff, communityId } = await this.store.transaction(async (tx) => {
      const inv = await tx.get<InviteDoc>('invites', inviteId(code));
      if (!inv || inv.revokedAt) throw new AppError(ErrorCode.INVALID_CODE, '邀请码无效，请核对后重新输入');
      const staffId = keys.staff(inv.communityId, openid);
      const existing = await tx.get<StaffDoc & { name?: string }>('staff', staffId);
      if (inv.redeemedBy) {
        // a retry by the same person answers the same; anyone else is refused
        if (inv.redeemedBy === openid && existing) return { staff: existing, communityId: inv.communityId };
        throw new AppError(ErrorCode.INVALID_CODE, '邀请码已被使用，请向管理员重新索取');
      }
      if (nowIso >= inv.expiresAt) throw new AppError(ErrorCode.INVALID_CODE, '邀请码已过期，请向管理员重新索取');
      if (!(await tx.get<CommunityDoc>('communities', inv.communityId))) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个社区');
      // never demote: an admin redeeming a worker invite stays admin
      const role: StaffRole = existing?.role === 'admin' ? 'admin' : inv.role;
      const name = input.name?.trim() || existing?.name;
      const doc: StaffDoc & { name?: string; invitedBy: string } = {
        _id: staffId,
        communityId: inv.communityId,
        openid,
        role,
        createdAt: existing?.createdAt ?? nowIso,
        invitedBy: inv.createdBy,
        ...(name ? { name } : {}),
      };
      if (existing) await tx.update('staff', staffId, { set: { role, invitedBy: inv.createdBy, ...(name ? { name } : {}) } });
      else await tx.create('staff', doc);
      await tx.update('invites', inv._id, { set: { redeemedBy: openid, redeemedAt: nowIso } });
      return { staff: doc, communityId: inv.communityId };
    });
    const community = await this.store.get<CommunityDoc>('communities', communityId);
    await audit(this.deps, openid, 'invite.redeem', {
      communityId,
      target: { inviteCode: code, staffOpenid: openid },
      changes: changesOf(null, { role: staff.role, name: (staff as { name?: string }).name ?? null }),
    });
    return { staff: toStaffMember(staff as StaffDoc & { name?: string }), community: toCommunity(community!) };
  }

  async listStaff(openid: string, communityId: string): Promise<{ staff: StaffMember[]; invites: Invite[] }> {
    await this.admin.requireAdmin(openid, communityId);
    const now = this.now();
    const staff = await this.store.query<StaffDoc & { name?: string }>('staff', { communityId }, { orderBy: [{ field: 'createdAt' }] });
    const invites = await this.store.query<InviteDoc>(
      'invites',
      { communityId },
      { orderBy: [{ field: 'createdAt', direction: 'desc' }], limit: 50 },
    );
    return {
      staff: staff.map(toStaffMember),
      invites: invites.map((d) => toInvite(d, now)).filter((i) => i.status === 'pending'),
    };
  }

  /** Removes a staff member (idempotent: removing someone who is not staff answers removed: false). */
  async removeStaff(
    openid: string,
    input: { communityId: string; openid: string },
  ): Promise<{ removed: boolean; staff: StaffMember | null }> {
    await this.admin.requireAdmin(openid, input.communityId);
    if (input.openid === openid && !this.isDistrictAdmin(openid)) {
      throw new AppError(ErrorCode.CONFLICT, '不能移除自己；请让其他管理员操作');
    }
    const id = keys.staff(input.communityId, input.openid);
    const existing = await this.store.get<StaffDoc & { name?: string }>('staff', id);
    if (!existing) return { removed: false, staff: null };
    await this.store.delete('staff', id);
    await audit(this.deps, openid, 'staff.remove', {
      communityId: input.communityId,
      target: { staffOpenid: input.openid },
      staffName: existing.name ?? null,
      changes: { role: { from: existing.role, to: null } },
    });
    return { removed: true, staff: toStaffMember(existing) };
  }

  /** Makes a pending invite unusable (e.g. a code shown to the wrong person). */
  async revokeInvite(openid: string, input: { communityId: string; code: string }): Promise<{ invite: Invite }> {
    await this.admin.requireAdmin(openid, input.communityId);
    const code = normalizeInviteCode(input.code);
    const now = this.now();
    const inv = await this.store.transaction(async (tx) => {
      const d = await tx.get<InviteDoc>('invites', inviteId(code));
      if (!d || d.communityId !== input.communityId) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个邀请码');
      if (d.redeemedBy) throw new AppError(ErrorCode.CONFLICT, '邀请码已被使用，不能作废；如需取消权限请移除该工作人员');
      const revokedAt = d.revokedAt ?? now.toISOString();
      await tx.update('invites', d._id, { set: { revokedAt } });
      return { ...d, revokedAt };
    });
    await audit(this.deps, openid, 'invite.revoke', {
      communityId: input.communityId,
      target: { inviteCode: code },
      changes: changesOf({ revokedAt: null }, { revokedAt: inv.revokedAt }),
    });
    return { invite: toInvite(inv, now) };
  }
}

function toStaffMember(d: StaffDoc & { name?: string }): StaffMember {
  return {
    communityId: d.communityId,
    openid: d.openid,
    role: d.role,
    createdAt: d.createdAt,
    ...(d.name ? { name: d.name } : {}),
  };
}
