/**
 * Deployment config as code: cloudbaserc.json (CloudBase CLI) declares every function's timeout, memory,
 * runtime, environment variables and the timer trigger; the generated config.json carries only the keys
 * WeChat reads from it. Checked against what the code actually reads.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { CLOUD_FUNCTIONS, functionConfig, readCloudbaseRc } from '../../scripts/build-cloud';
import { DEFAULT_TASK_BUDGET_MS } from '../../cloudfunctions/core/wx-main';
import { TEMPLATES } from '../../cloudfunctions/core/templates';

const ROOT = join(__dirname, '..', '..');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.ts$/.test(f) ? [p] : [];
  });

describe('cloudbaserc.json', () => {
  const rc = readCloudbaseRc();
  const byName = new Map(rc.functions.map((f) => [f.name, f]));

  it('declares every deployed function with a documented timeout, memory size and runtime', () => {
    expect(rc.version).toBe('2.0');
    expect(rc.functionRoot).toBe('./dist/cloudfunctions');
    expect([...byName.keys()].sort()).toEqual([...CLOUD_FUNCTIONS].sort());
    for (const f of rc.functions) {
      expect(f.handler).toBe('index.main');
      expect(f.installDependency).toBe(true);
      // the store retries a conflicting transaction for up to ~8 s before answering BUSY
      expect(f.timeout).toBeGreaterThanOrEqual(10);
      expect(f.timeout).toBeLessThanOrEqual(60);
      expect([128, 256, 512, 1024, 2048]).toContain(f.memorySize);
      expect(f.runtime).toBe('Nodejs16.13'); // the bundles target node16
    }
  });

  it('gives the timer function a budget well inside its timeout', () => {
    const admin = byName.get('admin')!;
    expect(admin.triggers).toEqual([{ name: 'scheduler', type: 'timer', config: '0 */1 * * * * *' }]);
    expect(admin.triggers![0].config.split(' ')).toHaveLength(7);
    const budget = Number(admin.envVariables.BABYHOUSE_TASK_BUDGET_MS);
    expect(budget).toBe(DEFAULT_TASK_BUDGET_MS);
    // the last item started inside the budget may take as long as a conflict-retried transaction (~8 s)
    expect(admin.timeout * 1000 - budget).toBeGreaterThanOrEqual(8000);
    for (const f of rc.functions) if (f.name !== 'admin') expect(f.triggers).toBeUndefined();
  });

  it('sets every environment variable the cloud code reads, on the functions that read it', () => {
    const read = new Set<string>();
    for (const file of sources(join(ROOT, 'cloudfunctions'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/process\.env\.(BABYHOUSE_[A-Z_]+)/g)) read.add(m[1]);
    }
    for (const t of Object.values(TEMPLATES)) read.add(t.env);
    const declared = new Set(rc.functions.flatMap((f) => Object.keys(f.envVariables)));
    expect([...read].filter((v) => !declared.has(v))).toEqual([]);
    for (const f of rc.functions) {
      expect(f.envVariables.BABYHOUSE_ADMIN_OPENIDS).toBe('{{env.BABYHOUSE_ADMIN_OPENIDS}}');
      expect(f.envVariables.BABYHOUSE_SECRET).toBe('{{env.BABYHOUSE_SECRET}}');
    }
    // the timer (admin) sends the notices: it needs every template id
    for (const t of Object.values(TEMPLATES)) expect(byName.get('admin')!.envVariables[t.env]).toBe(`{{env.${t.env}}}`);
    expect(byName.get('course')!.envVariables.BABYHOUSE_CLOUD_MEDIA_BASE).toBeDefined();
    // values come from the operator's .env files, never from the repository
    for (const f of rc.functions) {
      for (const [k, v] of Object.entries(f.envVariables)) if (k !== 'BABYHOUSE_TASK_BUDGET_MS') expect(v).toBe(`{{env.${k}}}`);
    }
  });

  it('config.json per function carries permissions and the trigger only (no undocumented timeout)', () => {
    for (const name of CLOUD_FUNCTIONS) {
      const config = functionConfig(name, rc) as Record<string, unknown>;
      expect(Object.keys(config).filter((k) => !['permissions', 'triggers'].includes(k))).toEqual([]);
    }
    expect(functionConfig('admin', rc)).toMatchObject({ triggers: byName.get('admin')!.triggers });
  });
});
