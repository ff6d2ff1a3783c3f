export default definePageConfig({
  navigationBarTitleText: '宝宝屋信息',
})
