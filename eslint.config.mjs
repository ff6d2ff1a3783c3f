// ESLint (flat config): typescript-eslint's recommended rules everywhere, React hooks rules for the app
// and its component tests. `npm run lint`; CI runs it (.ci/run). Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'artifacts/**', 'coverage/**', '.build/**', 'build/**', '**/*.d.ts'] },
  // a stale disable comment is noise, not a defect: do not fail the build on it
  { linterOptions: { reportUnusedDisableDirectives: 'off' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'tests/component/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Node tools and tests load built bundles and optional SDKs with require(), and speak untyped wire
    // formats (JSON bodies, the cloud database protocol): `any` and require() are allowed there.
    files: ['**/*.js', '**/*.cjs', 'tests/**', 'scripts/**', 'server/start.ts', 'tools/**'],
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  {
    // the wx-server-sdk database object is untyped
    files: ['cloudfunctions/store/wxcloud.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
