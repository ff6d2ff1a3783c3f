export default definePageConfig({
  navigationBarTitleText: '场地评级',
})
