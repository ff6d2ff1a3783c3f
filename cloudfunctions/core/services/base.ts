/** Lookups every service needs: the community policy, the caller's roles, ownership checks. */
import type { Policy, RoleGrant, StaffRole } from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import type { Deps } from '../deps';
import { keys } from '../keys';
import { DEFAULT_POLICY, POLICY_KEYS, resolveKinds } from '../rules/policy';
import type { ChildDoc, GuardianDoc, PolicyDoc, StaffDoc } from './docs';
import { withUnitOfWork, type UnitOfWork } from './ledger';

/** The community's policy: its stored values over the defaults (docs/domain.md). */
export function policyOf(doc: PolicyDoc | null): Policy {
  const flat = { ...DEFAULT_POLICY };
  if (doc) for (const k of POLICY_KEYS) if (typeof doc[k] === 'number') flat[k] = doc[k] as number;
  return { ...flat, kinds: resolveKinds(flat, doc?.kinds) };
}

export class BaseService {
  constructor(protected readonly deps: Deps) {}

  protected get store() {
    return this.deps.store;
  }

  protected now(): Date {
    return this.deps.clock.now();
  }

  /** One store transaction through a unit of work that commits when `work` returns (see withUnitOfWork). */
  protected transact<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return this.store.transaction((tx) => withUnitOfWork(tx, work));
  }

  async policy(communityId: string): Promise<Policy> {
    return policyOf(await this.store.get<PolicyDoc>('policies', communityId));
  }

  isDistrictAdmin(openid: string): boolean {
    return this.deps.config.districtAdmins.includes(openid);
  }

  async roles(openid: string): Promise<RoleGrant[]> {
    const staff = await this.store.query<StaffDoc>('staff', { openid });
    const grants: RoleGrant[] = staff.map((s) => ({ role: s.role, communityId: s.communityId }));
    if (this.isDistrictAdmin(openid)) grants.unshift({ role: 'district_admin', communityId: null });
    return grants;
  }

  /** Throws FORBIDDEN unless the caller has one of `roles` in the community (district admins always do). */
  async requireStaff(openid: string, communityId: string, roles: StaffRole[]): Promise<void> {
    if (this.isDistrictAdmin(openid)) return;
    const staff = await this.store.get<StaffDoc>('staff', keys.staff(communityId, openid));
    if (!staff || !roles.includes(staff.role)) throw new AppError(ErrorCode.FORBIDDEN);
  }

  /** Communities where the caller has one of `roles`; null means all (district admin). */
  async staffCommunities(openid: string, roles: StaffRole[]): Promise<string[] | null> {
    if (this.isDistrictAdmin(openid)) return null;
    const staff = await this.store.query<StaffDoc>('staff', { openid });
    return staff.filter((s) => roles.includes(s.role)).map((s) => s.communityId);
  }

  async guardianOf(openid: string): Promise<GuardianDoc | null> {
    return this.store.get<GuardianDoc>('guardians', keys.guardian(openid));
  }

  async requireGuardian(openid: string): Promise<GuardianDoc> {
    const g = await this.guardianOf(openid);
    if (!g) throw new AppError(ErrorCode.NOT_REGISTERED);
    return g;
  }

  /** The caller's own child, or NOT_FOUND / FORBIDDEN — never another family's data. */
  async ownChild(openid: string, childId: string): Promise<ChildDoc> {
    const child = await this.store.get<ChildDoc>('children', childId);
    if (!child) throw new AppError(ErrorCode.NOT_FOUND, '没有找到这个孩子');
    if (child.ownerOpenid !== openid) throw new AppError(ErrorCode.FORBIDDEN, '只能操作自己家庭的孩子');
    return child;
  }
}
