/**
 * The WeChat entry of every cloud function: identity from `cloud.getWXContext().OPENID` (never the
 * payload), the wx-server-sdk store adapter, WeChat openapi as the platform. A timer trigger event
 * runs the scheduled tasks. Bundled into each function by scripts/build-cloud.ts.
 */
import { migrateKinds } from './migrations';
import cloud from 'wx-server-sdk';
import { hmacSigner, randomIds, type Deps, type Platform } from './deps';
import { dispatch, toErrorEnvelope, type AnyActionTable } from './handler';
import { appSecret } from './secret';
import { createServices, type Services } from './services';
import { systemClock } from './time';
import { templateIdsFromEnv } from './templates';
import { createWxCloudStore } from '../store/wxcloud';

let ready: Promise<Services> | null = null;

/** The scheduled run's time budget when BABYHOUSE_TASK_BUDGET_MS is not set (admin's timeout is 20 s). */
export const DEFAULT_TASK_BUDGET_MS = 12_000;

function platform(): Platform {
  return {
    async miniProgramCode(scene, page) {
      const res = await cloud.openapi.wxacode.getUnlimited({ scene, page, checkPath: false, width: 430 });
      return Buffer.from(res.buffer);
    },
    async sendSubscribeMessage(openid, template, data) {
      await cloud.openapi.subscribeMessage.send({
        touser: openid,
        templateId: template,
        page: 'pages/bookings/index',
        data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, { value: v }])),
      });
    },
    async tempFileUrls(fileIds) {
      const res = (await cloud.getTempFileURL({ fileList: fileIds })) as { fileList: Array<{ fileID: string; tempFileURL: string }> };
      return Object.fromEntries(res.fileList.map((f: { fileID: string; tempFileURL: string }) => [f.fileID, f.tempFileURL]));
    },
  };
}

async function services(): Promise<Services> {
  cloud.init({ env: (cloud as unknown as { DYNAMIC_CURRENT_ENV: string }).DYNAMIC_CURRENT_ENV });
  const store = createWxCloudStore(cloud.database());
  const deps: Deps = {
    store,
    clock: systemClock,
    ids: randomIds,
    signer: hmacSigner(await appSecret(store, process.env.BABYHOUSE_SECRET)),
    config: {
      districtAdmins: (process.env.BABYHOUSE_ADMIN_OPENIDS || '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      publicUrl: process.env.BABYHOUSE_PUBLIC_URL || '',
      platform: 'wx',
      cloudMediaBase: process.env.BABYHOUSE_CLOUD_MEDIA_BASE || undefined,
      subscribeTemplates: templateIdsFromEnv(process.env),
    },
    platform: platform(),
    log: (m, e) => console.error(m, e),
  };
  // outbox delivery by WeChat subscription messages, one template per notice kind (DEPLOY.md)
  // a timer run stops starting new work well before the function's timeout (cloudbaserc.json)
  return createServices(deps, { scheduler: { budgetMs: Number(process.env.BABYHOUSE_TASK_BUDGET_MS) || DEFAULT_TASK_BUDGET_MS } });
}

export function wxMain(table: AnyActionTable) {
  return async function main(event: Record<string, unknown>): Promise<unknown> {
    try {
      ready ??= services().catch((e) => {
        ready = null;
        throw e;
      });
      const svc = await ready;
      const { OPENID } = cloud.getWXContext();
      // A timer trigger's event ({Type: 'Timer', TriggerName, Time}) comes with no user; a call from the
      // app always has an OPENID, so it cannot pose as the timer.
      if (event && event.Type === 'Timer' && !OPENID) {
        // the first timer run after a deploy writes service kinds into older data (idempotent; a marker skips it after)
        await migrateKinds(svc.deps.store, new Date().toISOString());
        return { ok: true, data: await svc.scheduler.runDue() };
      }
      const { userInfo: _injected, ...payload } = event ?? {};
      return await dispatch(table, payload, { openid: OPENID || null }, svc);
    } catch (err) {
      return toErrorEnvelope(err);
    }
  };
}
