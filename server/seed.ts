/** Seed data: the micro-course catalogue (every fresh database) and a demo community (`npm start`). */
import type { Store } from '../cloudfunctions/store/port';
import type { Services } from '../cloudfunctions/core/services';
import { addDays, shanghaiDate } from '../cloudfunctions/core/time';
import { seedCourses } from '../cloudfunctions/core/catalogue';

export async function seedCatalogue(store: Store): Promise<void> {
  await seedCourses(store);
}

export const DEMO = {
  districtAdmin: 'demo-admin',
  communityAdmin: 'demo-community-admin',
  worker: 'demo-worker',
  parent: 'demo-parent',
};

/** A demo community modelled on Fengxian's 奉浦宝宝屋 (Tue/Thu 9:00–11:00, 40 places). Idempotent. */
export async function seedDemo(services: Services): Promise<void> {
  const store = services.deps.store;
  if ((await store.count('communities', {})) > 0) return;
  const admin = DEMO.districtAdmin;
  if (!services.deps.config.districtAdmins.includes(admin)) services.deps.config.districtAdmins.push(admin);
  const { community } = await services.admin.createCommunity(admin, { name: '奉浦社区', district: '上海市奉贤区' });
  const { site } = await services.admin.createSite(admin, {
    communityId: community.id,
    name: '奉浦宝宝屋',
    address: '奉贤区奉浦街道社区服务中心一楼',
    capacity: 40,
  });
  const today = shanghaiDate(services.deps.clock.now());
  const dates: string[] = [];
  for (let i = 0; i < 28; i++) {
    const d = addDays(today, i);
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (weekday === 2 || weekday === 4) dates.push(d);
  }
  await services.admin.createSessions(admin, { siteId: site.id, dates, start: '09:00', end: '11:00' });
  await services.admin.createSessions(admin, {
    siteId: site.id,
    dates: [addDays(today, 1), addDays(today, 2)],
    start: '14:00',
    end: '16:00',
    capacity: 20,
  });
  await services.admin.updateSite(admin, {
    siteId: site.id,
    tel: '021-57101234',
    hours: '周一至周五 8:30–17:00（节假日休息）',
    bring: '换洗衣物一套、水杯、尿不湿、孩子喜欢的安抚物',
    notice: '入园请提前 10 分钟到，老师会为孩子量体温。',
    latitude: 30.9134,
    longitude: 121.4747,
  });
  await services.admin.addStaff(admin, { communityId: community.id, openid: DEMO.worker, role: 'worker', name: '李老师' });
  await services.admin.addStaff(admin, { communityId: community.id, openid: DEMO.communityAdmin, role: 'admin', name: '张主任' });
  const birth = addDays(today, -600); // about 20 months old
  await services.user.register(DEMO.parent, {
    communityCode: community.code,
    guardian: { name: '王奶奶', phone: '13800138000', relation: '奶奶' },
    child: { name: '小明', gender: 'M', birthDate: birth },
    consent: { policyVersion: '2026-11', agreed: true },
  });
  console.log(`[babyhouse] demo community ${community.name} (code ${community.code}) seeded`);
}
