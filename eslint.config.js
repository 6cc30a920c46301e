// src/ is the pure core: it runs unchanged in main, renderer, worker and CLI, so it must not
// import Electron, React, Node built-ins or a tfjs backend (those are injected by the caller).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', '.gpu/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'src/ is pure: no Electron. Put this in main/.' },
            { name: 'react', message: 'src/ is pure: no React. Put this in renderer/.' },
            { name: 'sharp', message: 'src/ is pure: decode images in main/ (host) and pass pixels in.' },
          ],
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads'], message: 'src/ is pure: no Node built-ins.' },
            { group: ['@tensorflow/tfjs-backend-*', '@tensorflow/tfjs-node*'], message: 'src/ is pure: backends are chosen by the host and injected.' },
            { group: ['react-dom', 'react/*', '@xyflow/*'], message: 'src/ is pure: UI belongs in renderer/.' },
          ],
        },
      ],
    },
  },
);
