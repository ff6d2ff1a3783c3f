/**
 * tools/fake-clouddb for one jest suite, reached through the real wx-server-sdk: started before the
 * suite (collections created), stopped after it, the environment restored.
 */
import { ensureCollections, type WxDatabase } from '../../cloudfunctions/store/wxcloud';
import { sdkEnv, startFakeCloudDb, type FakeCloudDbOptions, type RunningFakeCloudDb } from '../../tools/fake-clouddb/server';

export interface FakeCloudDbSuite {
  /** The running fake (its `db` has reset(), stats and the isolation mode). */
  readonly fake: RunningFakeCloudDb;
  /** The wx-server-sdk database pointed at it. */
  readonly db: WxDatabase;
}

export function fakeCloudDbSuite(opts: FakeCloudDbOptions = {}): FakeCloudDbSuite {
  const suite = {} as { fake: RunningFakeCloudDb; db: WxDatabase };
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    suite.fake = await startFakeCloudDb(opts);
    Object.assign(process.env, sdkEnv(suite.fake.url));
    const cloud = require('wx-server-sdk');
    // keepalive off: pooled sockets pile up 'connect' listeners under heavy concurrency; 60 s timeout:
    // the SDK's default 15 s is too tight on a busy machine
    cloud.init({ env: 'test', keepalive: false, timeout: 60000 });
    suite.db = cloud.database();
    await ensureCollections(suite.db);
  });
  afterAll(async () => {
    await suite.fake?.close();
    process.env = savedEnv;
  });
  return suite;
}
