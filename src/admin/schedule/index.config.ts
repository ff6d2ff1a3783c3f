export default definePageConfig({
  navigationBarTitleText: '排班生成',
})
