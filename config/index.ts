import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * Taro build config: one base merged with dev/prod.
 * Each platform builds into its own folder: dist/weapp (miniprogramRoot in project.config.json)
 * and dist/h5 (served statically at `/` by the local runtime, hash router).
 * Environment values live in .env.* with the TARO_APP_ prefix (TARO_APP_ID, TARO_APP_CLOUD_ENV).
 */
export default defineConfig<'webpack5'>(async (merge) => {
  const platform = process.env.TARO_ENV || 'weapp'
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'babyhouse',
    date: '2026-11-26',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // BABYHOUSE_OUTPUT_ROOT lets a developer build into a private folder (e.g. while others build dist/)
    outputRoot: process.env.BABYHOUSE_OUTPUT_ROOT || `dist/${platform}`,
    plugins: [],
    // TARO_APP_* values the app reads; Taro injects only those set in .env.*, so every one the code reads
    // is defined here (empty when unset): a weapp bundle has no `process` to fall back on.
    defineConstants: Object.fromEntries(
      [
        'TARO_APP_CLOUD_ENV',
        'TARO_APP_API_BASE',
        'TARO_APP_TMPL_REMINDER',
        'TARO_APP_TMPL_CHANGE',
        'TARO_APP_TMPL_WAITLIST',
        'TARO_APP_TMPL_SUGGESTION',
      ].map((k) => [`process.env.${k}`, JSON.stringify(process.env[k] || '')]),
    ),
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      // Modules used only by a subpackage go into that subpackage, keeping the main package small.
      optimizeMainPackage: { enable: true },
      // npm packages that ship newer syntax than the weapp targets (babel.config.js) go through babel too
      compile: { include: [(modulePath: string) => /node_modules[\\/]qrcode-generator[\\/]/.test(modulePath)] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
