// Lint rules that encode the product's architecture and security rules, on top of the usual
// TypeScript and React hooks checks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noShellStrings = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'child_process', importNames: ['exec', 'execSync'], message: 'Start programs with execFile/spawn and an argument array (electron/engine/exec.ts), never a shell string.' },
        { name: 'node:child_process', importNames: ['exec', 'execSync'], message: 'Start programs with execFile/spawn and an argument array (electron/engine/exec.ts), never a shell string.' },
      ],
    },
  ],
  'no-restricted-properties': ['error', { property: 'execSync', message: 'Use execFile/spawn with an argument array.' }],
  'no-restricted-syntax': [
    'error',
    { selector: "Property[key.name='shell'][value.value=true]", message: 'Never start programs through a shell.' },
    { selector: "NewExpression[callee.name='Function']", message: 'No new Function (no eval).' },
  ],
  'no-eval': 'error',
  'no-implied-eval': 'error',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'test-results/**', 'release/**', '**/*.d.mts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      ...noShellStrings,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // the engine and shared code never import electron: the CLI and tests use them directly
    files: ['electron/engine/**/*.ts', 'electron/cli/**/*.ts', 'electron/bridge/**/*.ts', 'shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The engine, CLI, bridge and shared code must not import electron.' },
            { name: 'child_process', importNames: ['exec', 'execSync'], message: 'Use execFile/spawn with an argument array.' },
            { name: 'node:child_process', importNames: ['exec', 'execSync'], message: 'Use execFile/spawn with an argument array.' },
          ],
        },
      ],
    },
  },
  {
    // the renderer talks to main only through the typed API
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['renderer/src/**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // screens load their data in effects (set a loading state, then the result); the React
      // Compiler-oriented rule would forbid that common, correct pattern
      'react-hooks/set-state-in-effect': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'node:*', '**/electron/engine/**', '**/electron/main/**'], message: 'The renderer reaches main only through window.goOffline (src/api.ts).' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.test.{ts,tsx}', 'renderer/test/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['bin/**/*.cjs', 'scripts/**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
