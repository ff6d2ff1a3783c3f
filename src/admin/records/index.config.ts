export default definePageConfig({
  navigationBarTitleText: '通知与日志',
})
