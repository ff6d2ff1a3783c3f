export default definePageConfig({
  navigationBarTitleText: '居民建议',
})
