export default definePageConfig({
  navigationBarTitleText: '宝宝屋管理',
})
