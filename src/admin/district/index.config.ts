export default definePageConfig({
  navigationBarTitleText: '区级总览',
})
