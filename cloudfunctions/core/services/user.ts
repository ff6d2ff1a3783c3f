/** Families: QR landing, registration with guardian consent first, children, profile, account deletion. */
import type {
  Child,
  ChildInput,
  ChildWithQuota,
  Community,
  ConsentInput,
  Guardian,
  GuardianInput,
  Pickup,
  Policy,
  RoleGrant,
  Site,
} from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import { keys, openidHash } from '../keys';
import { addMonths, isRegistrableAge } from '../rules';
import { shanghaiDate, shanghaiYear } from '../time';
import { BaseService } from './base';
import type { BookingService } from './booking';
import type { BookingDoc, ChildDoc, ClaimsDoc, CommunityDoc, GuardianDoc, SiteDoc } from './docs';
import { toChild, toCommunity, toGuardian, toSite } from './docs';
import type { Deps } from '../deps';
import { forgetSuggestions } from './voice';
import { keepContinuity, restoreContinuity } from './continuity';

/** Scenes look like "c=CODE" (≤ 32 chars, WeChat's limit); a bare code is accepted too. */
export function sceneToCode(scene: string): string {
  let decoded = scene;
  try {
    decoded = decodeURIComponent(scene);
  } catch {
    // broken percent-encoding (a damaged scan): use as given; an unknown code answers NOT_FOUND
  }
  decoded = decoded.trim();
  const m = /(?:^|[&?])c=([A-Za-z0-9]+)/.exec(decoded);
  return (m ? m[1] : decoded).toUpperCase();
}

export class UserService extends BaseService {
  constructor(
    deps: Deps,
    private readonly bookings: BookingService,
  ) {
    super(deps);
  }

  async communityByCode(code: string): Promise<CommunityDoc> {
    const [doc] = await this.store.query<CommunityDoc>('communities', { code: code.toUpperCase() }, { limit: 1 });
    if (!doc) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个社区，请确认二维码是否正确');
    return doc;
  }

  async resolveScene(scene: string): Promise<{ community: Community }> {
    return { community: toCommunity(await this.communityByCode(sceneToCode(scene))) };
  }

  private checkChild(child: ChildInput): void {
    if (!isRegistrableAge(child.birthDate, shanghaiDate(this.now()))) {
      throw new AppError(ErrorCode.INVALID_ARGUMENT, '宝宝屋登记面向 0–6 岁的孩子，请检查出生日期', { field: 'child.birthDate' });
    }
  }

  async register(
    openid: string,
    input: {
      communityCode: string;
      guardian: GuardianInput;
      child: ChildInput;
      consent?: Partial<ConsentInput> | null;
    },
  ): Promise<{ guardian: Guardian; child: Child }> {
    const version = input.consent?.policyVersion;
    if (!input.consent || input.consent.agreed !== true || typeof version !== 'string' || !version.trim()) {
      throw new AppError(ErrorCode.CONSENT_REQUIRED);
    }
    if (version.length > 40) throw new AppError(ErrorCode.INVALID_ARGUMENT, '同意的规则版本号不正确', { field: 'consent.policyVersion' });
    const community = await this.communityByCode(input.communityCode);
    this.checkChild(input.child);
    const nowIso = this.now().toISOString();
    const guardianId = keys.guardian(openid);
    return this.store.transaction(async (tx) => {
      // consent is recorded first, before any child record (PIPL Art. 31)
      await tx.create('consents', {
        _id: this.deps.ids.next('cs'),
        guardianId,
        openid,
        policyVersion: input.consent!.policyVersion,
        agreedAt: nowIso,
      });
      const existing = await tx.get<GuardianDoc>('guardians', guardianId);
      const guardian: GuardianDoc = {
        _id: guardianId,
        openid,
        name: input.guardian.name,
        phone: input.guardian.phone,
        relation: input.guardian.relation,
        communityId: existing?.communityId ?? community._id,
        createdAt: existing?.createdAt ?? nowIso,
      };
      if (existing)
        await tx.update('guardians', guardianId, { set: { name: guardian.name, phone: guardian.phone, relation: guardian.relation } });
      else await tx.create('guardians', guardian);
      const child = await this.createChildTx(tx, guardian, input.child, community._id, nowIso);
      return { guardian: toGuardian(guardian), child: toChild(child) };
    });
  }

  /** Creates the child unless the family already has one with the same name and birth date (a retry). */
  private async createChildTx(
    tx: import('../../store/port').TxOps,
    guardian: GuardianDoc,
    input: ChildInput,
    communityId: string,
    nowIso: string,
  ): Promise<ChildDoc> {
    const indexId = `kids_${guardian._id}`;
    const index = await tx.get<{ _id: string; items: Array<{ id: string; name: string; birthDate: string }> }>('counters', indexId);
    const same = index?.items.find((i) => i.name === input.name && i.birthDate === input.birthDate);
    if (same) {
      const existing = await tx.get<ChildDoc>('children', same.id);
      if (existing) return existing;
    }
    if ((index?.items.length ?? 0) >= 6) throw new AppError(ErrorCode.INVALID_ARGUMENT, '一个家庭最多登记 6 个孩子');
    const child: ChildDoc = {
      _id: this.deps.ids.next('ch'),
      guardianId: guardian._id,
      ownerOpenid: guardian.openid,
      communityId,
      name: input.name,
      gender: input.gender,
      birthDate: input.birthDate,
      pickups: [],
      createdAt: nowIso,
    };
    await tx.create('children', child);
    // the same child deleted earlier with this guardian phone: its year's quota and suspension come back
    await restoreContinuity(tx, this.deps, child, guardian.phone, this.now());
    const items = [...(index?.items ?? []), { id: child._id, name: child.name, birthDate: child.birthDate }];
    if (index) await tx.update('counters', indexId, { set: { items } });
    else await tx.create('counters', { _id: indexId, items });
    return child;
  }

  async addChild(openid: string, input: { child: ChildInput; communityCode?: string }): Promise<{ child: Child }> {
    const guardian = await this.requireGuardian(openid);
    const communityId = input.communityCode ? (await this.communityByCode(input.communityCode))._id : guardian.communityId;
    this.checkChild(input.child);
    const nowIso = this.now().toISOString();
    const child = await this.store.transaction((tx) => this.createChildTx(tx, guardian, input.child, communityId, nowIso));
    return { child: toChild(child) };
  }

  async updateChild(openid: string, input: { childId: string; pickups?: Pickup[]; birthDate?: string }): Promise<{ child: Child }> {
    const child = await this.ownChild(openid, input.childId);
    if (input.birthDate && input.birthDate !== child.birthDate) {
      this.checkChild({ name: child.name, gender: child.gender, birthDate: input.birthDate });
      const birthDate = input.birthDate;
      const [booked] = await this.store.query<BookingDoc>('bookings', { childId: child._id }, { limit: 1 });
      if (booked)
        throw new AppError(ErrorCode.CONFLICT, '孩子已有预约记录，出生日期不能再修改；如填错请联系社区工作人员', { field: 'birthDate' });
      await this.store.transaction(async (tx) => {
        const claims = await tx.get<{ _id: string; items: unknown[] }>('counters', keys.claims(child._id));
        if (claims && claims.items.length > 0)
          throw new AppError(ErrorCode.CONFLICT, '孩子已有预约记录，出生日期不能再修改；如填错请联系社区工作人员', { field: 'birthDate' });
        await tx.update('children', child._id, { set: { birthDate } });
        const indexId = `kids_${child.guardianId}`;
        const index = await tx.get<{ _id: string; items: Array<{ id: string; name: string; birthDate: string }> }>('counters', indexId);
        if (index)
          await tx.update('counters', indexId, { set: { items: index.items.map((i) => (i.id === child._id ? { ...i, birthDate } : i)) } });
      });
      child.birthDate = birthDate;
    }
    if (input.pickups) {
      if (input.pickups.length > 6) throw new AppError(ErrorCode.INVALID_ARGUMENT, '最多登记 6 位接送人');
      await this.store.update('children', child._id, { set: { pickups: input.pickups } });
      child.pickups = input.pickups;
    }
    return { child: toChild(child) };
  }

  async profile(openid: string): Promise<{
    guardian: Guardian | null;
    children: ChildWithQuota[];
    roles: RoleGrant[];
    community: Community | null;
    policy?: Policy;
    sites?: Site[];
  }> {
    const [guardian, roles] = await Promise.all([this.guardianOf(openid), this.roles(openid)]);
    const year = shanghaiYear(this.now());
    const children = guardian
      ? await this.store.query<ChildDoc>('children', { ownerOpenid: openid }, { orderBy: [{ field: 'createdAt' }] })
      : [];
    const policy = guardian ? await this.policy(guardian.communityId) : undefined;
    const withQuota = await Promise.all(
      children.map(async (c) => {
        const claims = await this.store.get<{ _id: string; items: unknown[] }>('counters', keys.claims(c._id));
        const [booked] = claims?.items.length ? [true] : await this.store.query<BookingDoc>('bookings', { childId: c._id }, { limit: 1 });
        const p = c.communityId === guardian?.communityId && policy ? policy : await this.policy(c.communityId);
        return {
          ...toChild(c),
          quota: await this.bookings.quotaOf(c._id, year, c.communityId),
          quotas: await this.bookings.quotasOf(c._id, year, p),
          ageWindow: { from: addMonths(c.birthDate, p.minAgeMonths), until: addMonths(c.birthDate, p.maxAgeMonths) },
          hasBookings: Boolean(booked),
        };
      }),
    );
    const community = guardian ? await this.store.get<CommunityDoc>('communities', guardian.communityId) : null;
    const sites = guardian
      ? await this.store.query<SiteDoc>('sites', { communityId: guardian.communityId }, { orderBy: [{ field: 'createdAt' }] })
      : [];
    return {
      guardian: guardian ? toGuardian(guardian) : null,
      children: withQuota,
      roles,
      community: community ? toCommunity(community) : null,
      ...(policy ? { policy, sites: sites.map(toSite) } : {}),
    };
  }

  /**
   * Deletes the family: upcoming bookings are cancelled (seats freed, waitlist promoted), guardian and
   * child personal data and consents are deleted; bookings stay only as anonymous facts for statistics.
   */
  async deleteAccount(openid: string): Promise<{ deleted: true }> {
    const guardian = await this.guardianOf(openid);
    const now = this.now();
    const nowIso = now.toISOString();
    const children = await this.store.query<ChildDoc>('children', { ownerOpenid: openid });
    // 1) refuse while a child is in care; otherwise mark the children as leaving. From this commit on no
    //    booking or check-in transaction accepts them (each reads the child inside its transaction; the
    //    claims document is written here too, so that concurrent bookings conflict on every backend).
    await this.store.transaction(async (tx) => {
      for (const c of children) {
        const claims = await tx.get<ClaimsDoc>('counters', keys.claims(c._id));
        if (claims?.items.some((i) => i.status === 'checked_in')) {
          throw new AppError(ErrorCode.CONFLICT, `${c.name} 正在托育中（已签到、未签退），请接回孩子后再注销`, { childId: c._id });
        }
        await tx.update('children', c._id, { set: { deletingAt: nowIso } });
        if (claims) await tx.update('counters', claims._id, { set: { deletingAt: nowIso } });
        else await tx.create('counters', { _id: keys.claims(c._id), childId: c._id, items: [] });
      }
    });
    // 2) end every live booking: upcoming ones as the family would cancel them (seats freed, waitlist
    //    promoted); one whose session has begun without the child as a late cancellation
    const bookings = await this.store.query<BookingDoc>('bookings', { ownerOpenid: openid });
    for (const b of bookings) {
      if (b.status === 'confirmed' || b.status === 'waitlisted') {
        await this.bookings.cancelForDeletion(b._id, await this.policy(b.communityId), now);
      }
    }
    // 3) delete the personal data; bookings stay as anonymous facts; only the keyed continuity record is kept
    const [consents, progress, notifications, requests, healthAudit] = await Promise.all([
      this.store.query('consents', { openid }),
      this.store.query('progress', { openid }),
      this.store.query('notifications', { openid }),
      this.store.query('requests', { callerHash: openidHash(openid) }),
      // staff's check-in records stay, without the health note a fever admission carried
      children.length ? this.store.query('audit', { childId: { in: children.map((c) => c._id) } }) : Promise.resolve([]),
    ]);
    await this.store.transaction(async (tx) => {
      for (const c of children) {
        if (guardian) await keepContinuity(tx, this.deps, c, guardian.phone, now);
        await tx.delete('suspensions', keys.suspension(c._id));
        await tx.delete('children', c._id);
      }
      for (const b of bookings) {
        await tx.update('bookings', b._id, { set: { ownerOpenid: null, requestId: null, pickupName: null, health: null } });
      }
      for (const c of consents) await tx.delete('consents', c._id);
      for (const p of progress) await tx.delete('progress', p._id);
      for (const n of notifications) await tx.delete('notifications', n._id);
      for (const r of requests) await tx.delete('requests', r._id);
      for (const a of healthAudit) if (a.feverOverrideReason) await tx.update('audit', a._id, { set: { feverOverrideReason: null } });
      if (guardian) {
        await tx.delete('guardians', guardian._id);
        await tx.delete('counters', `kids_${guardian._id}`);
      }
    });
    // suggestions stay as anonymous text; ratings never carried the family
    await forgetSuggestions(this.deps, openid);
    return { deleted: true };
  }
}
