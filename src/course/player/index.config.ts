export default definePageConfig({
  navigationBarTitleText: '看课程',
})
