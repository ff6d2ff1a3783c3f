/** One jest config, two environments: node (rules, services, store, HTTP, concurrency) and dom (components). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true, decorators: false },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2020',
    },
    module: { type: 'commonjs' },
  },
]

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      transform: { '^.+\\.(t|j)sx?$': swc },
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/component/', '<rootDir>/tests/e2e/', '<rootDir>/tests/stress/'],
    },
    {
      displayName: 'dom',
      testEnvironment: 'jsdom',
      transform: { '^.+\\.(t|j)sx?$': swc },
      testMatch: ['<rootDir>/tests/component/**/*.test.tsx'],
      setupFilesAfterEnv: ['<rootDir>/tests/component/setup.tsx'],
      moduleNameMapper: {
        '\\.(css|scss)$': '<rootDir>/tests/component/style-stub.js',
        '^@tarojs/components$': '<rootDir>/tests/component/taro-components.tsx',
        '^@tarojs/taro$': '<rootDir>/tests/component/taro-mock.ts',
        '^@/(.*)$': '<rootDir>/src/$1',
      },
    },
  ],
}
