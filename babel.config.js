// babel-preset-taro 更多选项和默认值：
// https://docs.taro.zone/docs/next/babel-config
//
// The mini-program runs on WeChat's JS engines, old ones included (iOS 9 JavaScriptCore, Android 5
// system engines): the weapp build is transpiled down to what they parse (Taro's own default targets,
// which package.json's browserslist — meant for the H5 build and node — would otherwise override).
// project.config.json keeps DevTools' own ES6 transform (es6/enhance) off: the code is already
// transpiled, and tests/weapp/syntax.test.ts scans dist/weapp for anything newer than ES5.
const WEAPP_TARGETS = { ios: '9', android: '5' }

module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
        ...(process.env.TARO_ENV === 'weapp' ? { targets: WEAPP_TARGETS, ignoreBrowserslistConfig: true } : {}),
      },
    ],
  ],
}
