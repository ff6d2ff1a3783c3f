export default definePageConfig({
  navigationBarTitleText: '社区二维码',
})
