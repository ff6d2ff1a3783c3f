/**
 * Collections and indexes of the WeChat cloud database (cloudfunctions/store/indexes.ts, INDEXES.md).
 *
 *   npx tsx scripts/create-indexes.ts                 # print the plan (table + UpdateTable JSON bodies)
 *   npx tsx scripts/create-indexes.ts --json          # only the JSON bodies
 *   npx tsx scripts/create-indexes.ts --create-collections --env <envId>
 *        creates the missing collections through wx-server-sdk (db.createCollection). Credentials:
 *        TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY in the environment (or run it inside a cloud
 *        function). With TCB_CONTEXT_CNFG pointing at tools/fake-clouddb it runs offline.
 *   npx tsx scripts/create-indexes.ts --apply --env <envId>
 *        also creates the missing indexes with @cloudbase/manager-node (not a project dependency:
 *        `npx -p @cloudbase/manager-node …` or install it where you run this), same credentials.
 *
 * Without manager-node, paste the printed bodies into the CloudBase console (数据库 → 索引管理) or
 * `tcb api tcb UpdateTable --body '<body>'`.
 */
import { COLLECTIONS } from '../cloudfunctions/store/port';
import { INDEX_SPECS, IndexSpec } from '../cloudfunctions/store/indexes';
import { ensureCollections } from '../cloudfunctions/store/wxcloud';

type UpdateTableIndex = {
  IndexName: string;
  MgoKeySchema: { MgoIndexKeys: Array<{ Name: string; Direction: '1' | '-1' }>; MgoIsUnique: boolean };
};

function toCloudBase(spec: IndexSpec): UpdateTableIndex {
  return {
    IndexName: spec.name,
    MgoKeySchema: {
      MgoIndexKeys: spec.fields.map((f) => ({ Name: f.field, Direction: f.direction === 1 ? '1' : '-1' })),
      MgoIsUnique: Boolean(spec.unique),
    },
  };
}

/** UpdateTable bodies, one per collection that has secondary indexes. */
export function updateTableBodies(): Array<{ TableName: string; CreateIndexes: UpdateTableIndex[] }> {
  return COLLECTIONS.map((c) => ({
    TableName: c as string,
    CreateIndexes: INDEX_SPECS.filter((s) => s.collection === c).map(toCloudBase),
  })).filter((b) => b.CreateIndexes.length > 0);
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const flags = new Set(process.argv.slice(2));
  const env = arg('--env') ?? process.env.TCB_ENV;

  if (flags.has('--json')) {
    console.log(JSON.stringify(updateTableBodies(), null, 2));
    return;
  }

  console.log(`Collections (${COLLECTIONS.length}): ${COLLECTIONS.join(', ')}\n`);
  console.log('Indexes (besides _id):');
  for (const s of INDEX_SPECS) {
    const keys = s.fields.map((f) => `${f.field} ${f.direction === 1 ? 'asc' : 'desc'}`).join(', ');
    console.log(`  ${s.collection}.${s.name}${s.unique ? ' UNIQUE' : ''}  (${keys})  — ${s.why}`);
  }
  console.log('\nUpdateTable bodies:');
  for (const body of updateTableBodies()) console.log(JSON.stringify(body));

  if (flags.has('--create-collections') || flags.has('--apply')) {
    const cloud = require('wx-server-sdk');
    cloud.init({ env });
    const created = await ensureCollections(cloud.database());
    console.log(`\ncollections created: ${created.length ? created.join(', ') : 'none (all existed)'}`);
  }

  if (flags.has('--apply')) {
    let CloudBase: any;
    try {
      CloudBase = require('@cloudbase/manager-node');
    } catch {
      console.error('\n--apply needs @cloudbase/manager-node (not installed). Indexes not created; use the bodies above.');
      process.exitCode = 1;
      return;
    }
    const app = new CloudBase({
      secretId: process.env.TENCENTCLOUD_SECRETID,
      secretKey: process.env.TENCENTCLOUD_SECRETKEY,
      envId: env,
    });
    for (const spec of INDEX_SPECS) {
      const exists = await app.database.checkIndexExists(spec.collection, spec.name);
      if (exists?.Exists) {
        console.log(`  = ${spec.collection}.${spec.name}`);
        continue;
      }
      await app.database.updateCollection(spec.collection, { CreateIndexes: [toCloudBase(spec)] });
      console.log(`  + ${spec.collection}.${spec.name}`);
    }
  }
}

if ((require as unknown as { main?: unknown }).main === module) {
  main().then(
    () => process.exit(process.exitCode ?? 0), // the SDK keeps sockets open
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
