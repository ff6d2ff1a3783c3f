/**
 * Authorization matrix (docs/contract.md "Roles"): every action × every role against cloudfunctions/core/authz-matrix.ts,
 * over HTTP. Each payload also carries forged identity fields (`openid`, `OPENID`, `_openid`, `userInfo`)
 * naming the parent (user/booking/course) or the district admin (admin/checkin): they must be ignored.
 * A denied call must answer the contract's denial, leak nothing of the family and write nothing; after an
 * allowed call that changes things, the next cell gets a fresh world.
 */
import { AUTHZ_MATRIX, AUTHZ_ROLES, type AuthzCell, type AuthzRole } from '../../cloudfunctions/core/authz-matrix';
import { DEPLOYED_ACTIONS } from '../../cloudfunctions/core/functions';
import { givenWorld, provideTargets, templatesOf, type World } from '../support/actions';
import { errorEnvelopeProblem, replyCode } from '../support/contract';
import { DISTRICT_ADMIN, dumpDiff, givenRuntime, type TestRuntime } from '../support/world';

const DEPLOYED = DEPLOYED_ACTIONS;
/**
 * Actions whose allowed calls leave the world fit for the next cell (reads, and writes that neither
 * consume a target nor change anyone's role or family). After any other allowed call: a fresh world.
 */
const KEEPS_WORLD = new Set([
  'admin.listCommunities',
  'admin.listSites',
  'admin.getPolicy',
  'admin.communityQr',
  'admin.stats',
  'admin.exportCsv',
  'admin.listStaff',
  'admin.outbox',
  'admin.auditLog',
  'admin.createCommunity',
  'admin.createSite',
  'admin.createSessions',
  'admin.setPolicy',
  'admin.createInvite',
  'admin.generateSchedule',
  'admin.revokeInvite',
  'admin.setResidentChildren',
  'admin.districtStats',
  'admin.exportDistrictCsv',
  'admin.setHoliday',
  'admin.removeHoliday',
  'admin.holidays',
  'admin.suggestions',
  'admin.ratings',
  'admin.setSiteGrade',
  'user.suggest',
  'user.mySuggestions',
  'booking.sites',
  'user.resolveScene',
  'user.profile',
  'user.addChild',
  'user.updateChild',
  'booking.listSessions',
  'booking.mine',
  'booking.quota',
  'checkin.sessions',
  'checkin.roster',
  'course.list',
  'course.detail',
  'course.recent',
  'course.progress',
]);
const STAFF_OF_A: AuthzRole[] = ['worker', 'communityAdmin', 'districtAdmin'];

describe('authorization matrix', () => {
  let w: TestRuntime;
  beforeAll(async () => {
    w = await givenRuntime();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('has a row and a valid example payload for every deployed action', () => {
    expect(DEPLOYED.filter((k) => !AUTHZ_MATRIX[k])).toEqual([]);
    expect(DEPLOYED.filter((k) => templatesOf(k).length === 0)).toEqual([]);
    // no stale rows (the matrix is typed from the contract, so this holds at compile time too)
    expect(Object.keys(AUTHZ_MATRIX).sort()).toEqual([...DEPLOYED].sort());
  });

  it('every action × role answers as the matrix says, ignoring payload identities', async () => {
    const started = performance.now();
    const failures: string[] = [];
    const tally = { cells: 0, allowed: 0, denied: 0, worlds: 0, requests: 0 };
    const table: string[] = [];
    const timing: Array<[string, number]> = [];
    let world: World | null = null;
    const fresh = async () => {
      tally.worlds++;
      // the district admin is one openid across worlds: drop any family an earlier cell registered for it
      await w.api.ok('user', 'deleteAccount', {}, w.adminToken);
      world = await givenWorld(w);
      return world;
    };
    // "wrote nothing": compare data_version; keep one dump per database version for the diff
    let seen = { version: -1, dump: {} as ReturnType<TestRuntime['dump']> };
    const snapshot = () => {
      const version = w.dataVersion();
      if (version !== seen.version) seen = { version, dump: w.dump() };
      return seen;
    };

    for (const key of DEPLOYED) {
      const [fn, action] = key.split('.');
      const row = AUTHZ_MATRIX[key];
      if (!row) continue; // reported by the first test
      const line: string[] = [];
      const keyStarted = performance.now();
      for (const template of templatesOf(key)) {
        for (const role of AUTHZ_ROLES) {
          const wd: World = world ?? (await fresh());
          if (!(await provideTargets(wd, template))) {
            failures.push(`${key}: the world has no ${template.needs!.join('/')} to name`);
            continue;
          }
          const cell: AuthzCell = row[role];
          const caller = wd.callers[role];
          const forged = fn === 'admin' || fn === 'checkin' ? DISTRICT_ADMIN : wd.parent.openid;
          const params = template.params(wd.targets);
          const payload = {
            ...params,
            OPENID: forged,
            _openid: forged,
            userInfo: { openId: forged },
            ...('openid' in params ? {} : { openid: forged }),
          };
          const before = cell === 'deny' ? snapshot() : null;
          const r = await w.api.callRaw(fn, action, payload, caller?.token);
          tally.cells++;
          tally.requests++;
          const where = `${key} as ${role} (${cell})`;
          let got: string;
          if (cell === 'deny') {
            tally.denied++;
            const codes = role === 'anonymous' ? ['UNAUTHENTICATED'] : ['FORBIDDEN', 'NOT_FOUND', 'NOT_REGISTERED'];
            const problem = errorEnvelopeProblem(r, codes);
            if (problem) failures.push(`${where}: ${problem}`);
            if (w.dataVersion() !== before!.version) {
              const changed = dumpDiff(before!.dump, w.dump());
              failures.push(`${where}: a denied call wrote ${changed.length} rows: ${changed.slice(0, 3).join('; ')}`);
            }
            got = replyCode(r);
          } else {
            tally.allowed++;
            if (r.status !== 200 || r.body?.ok !== true) failures.push(`${where}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
            got = replyCode(r);
          }
          // what the reply may show
          const secrets = role === 'parent' ? [] : STAFF_OF_A.includes(role) ? [wd.parent.guardian.phone] : wd.familySecrets;
          const scoped = cell === 'own' && (fn === 'admin' || fn === 'checkin') && !STAFF_OF_A.includes(role) ? wd.communitySecrets : [];
          const leaked = [...secrets, ...scoped].filter((s) => r.text.includes(s));
          if (leaked.length) failures.push(`${where}: the reply shows ${leaked.join(', ')}`);
          line.push(`${role}=${got}`);
          if (cell !== 'deny' && !KEEPS_WORLD.has(key)) world = null;
        }
      }
      table.push(`${key.padEnd(24)} ${line.join(' ')}`);
      timing.push([key, Math.round(performance.now() - keyStarted)]);
    }
    const elapsed = Math.round(performance.now() - started);
    console.log(
      `authz matrix: ${tally.cells} cells (${tally.allowed} allowed, ${tally.denied} denied), ${tally.worlds} worlds, ` +
        `${failures.length} mismatches, ${elapsed} ms\n${table.join('\n')}\nslowest rows (ms): ${timing
          .sort((x, y) => y[1] - x[1])
          .slice(0, 8)
          .map(([k, ms]) => `${k} ${ms}`)
          .join(', ')}`,
    );
    expect(failures).toEqual([]);
  }, 240_000);
});
