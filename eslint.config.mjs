// Lint with zero warnings. The pure libraries may not import frameworks, drivers or Node built-ins:
// matching, margin and ledger rules stay deterministic and testable without I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PURE_LIBS = ['libs/domain/**', 'libs/contracts/**', 'libs/matching/**', 'libs/margin/**', 'libs/ledger/**'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.cache/**',
      '.run/**',
      'libs/*/index.js',
      'libs/persistence/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: PURE_LIBS.map((glob) => `${glob.replace('/**', '/src/**')}/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'net', 'http'],
              message: 'Pure library: no Node built-ins.',
            },
            {
              group: ['@nestjs/*', '@prisma/*', 'kafkajs', 'pg', 'ws', 'fastify'],
              message: 'Pure library: no frameworks or drivers.',
            },
            {
              group: [
                '@exchange/kafka',
                '@exchange/persistence',
                '@exchange/config',
                '@exchange/observability',
                '@exchange/testing',
              ],
              message: 'Pure library: no infrastructure libraries.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'setTimeout', 'setInterval', 'Date'],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Engines are deterministic.' },
      ],
    },
  },
);
