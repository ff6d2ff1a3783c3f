export default definePageConfig({
  navigationBarTitleText: '微课程',
  enablePullDownRefresh: true,
})
