// Layers by runtime, enforced here (imports) and by the per-runtime tsconfigs (globals: DOM, Node):
//   src/       the pure core: runs unchanged in main, renderer, worker and CLI. Imports only src/; no
//              Electron, React, Node built-ins or tfjs backend (the host injects those).
//   node/      Node-only code (data loading, wasm threads, atomic writes). Imports src/ and node/.
//   main/      the hosts (Electron main + preload, web host, services, transport, CLI). Imports src/,
//              node/ and main/; Electron only in main/electron (elsewhere as a type at most).
//   renderer/  React UI and its web worker. Imports src/ and renderer/; no Node built-ins, no Electron.
//   tests      src tests (*.test.ts, src/**/testing/**) run in Node and may also import node/.
//   bench/, e2e/ drive the hosts (anything but renderer/); scripts/ and the root configs are free.
// Import cycles are errors everywhere (type-only imports excepted: they vanish at runtime).
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const root = import.meta.dirname;
const TESTS = ['**/*.test.ts', '**/*.test.tsx', 'src/**/testing/**'];

const nodeBuiltins = [...new Set(builtinModules.filter((m) => !m.startsWith('_')))];
const noNode = (why) => ({
  paths: nodeBuiltins.map((name) => ({ name, message: why })),
  patterns: [{ group: ['node:*'], message: why }],
});

/** `import-x/no-restricted-paths`: files under `target` may not import from `from`. */
const zones = (target, from, message) => ['error', { basePath: root, zones: from.map((f) => ({ target, from: f, message })) }];
const layers = (...zs) => ['error', { basePath: root, zones: zs.flatMap((z) => z[1].zones) }];

const CORE_ONLY = 'src/ is the pure core: it imports only src/ (Node-only code lives in node/, hosts in main/, UI in renderer/).';
const TEST_ONLY = 'Production code must not import test helpers (src/**/testing, *.test.ts).';
const NODE_LAYER = 'node/ imports only src/ and node/.';
const HOSTS = 'main/ (the hosts) imports src/, node/ and main/ — never the renderer or the tools.';
const RENDERER = 'renderer/ imports only src/ and renderer/: reach the host through renderer/services/host, not main/ or node/.';
const TOOLS = 'bench/ and e2e/ drive the hosts and the built app, not renderer internals.';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', '.gpu/**', '.tmp/**', 'native/*/build/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${root}/tsconfig.json`, alwaysTryTypes: true })],
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  // Ambient declarations declare globals the way lib.dom does (`declare var X: { new (): X }`).
  { files: ['**/*.d.ts'], rules: { 'no-var': 'off' } },
  // CommonJS: the native addon's loader.
  {
    files: ['**/*.cjs', 'native/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // ── src/: the pure core ──
  {
    files: ['src/**/*.ts'],
    ignores: TESTS,
    rules: {
      'import-x/no-restricted-paths': layers(
        zones('src', ['node', 'main', 'renderer', 'bench', 'scripts', 'e2e'], CORE_ONLY),
        zones('src', ['src/**/testing/**', 'src/**/*.test.ts'], TEST_ONLY),
      ),
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'src/ is pure: no Electron. Put this in main/.' },
            { name: 'react', message: 'src/ is pure: no React. Put this in renderer/.' },
            { name: 'sharp', message: 'src/ is pure: decode images in node/ (host side) and pass pixels in.' },
            { name: 'webgpu', message: 'src/ is pure: the Dawn binding is Node-only; the host passes a GPU in.' },
            ...noNode('src/ is pure: no Node built-ins (put this in node/).').paths,
          ],
          patterns: [
            ...noNode('src/ is pure: no Node built-ins (put this in node/).').patterns,
            { group: ['@tensorflow/tfjs-backend-*', '@tensorflow/tfjs-node*'], message: 'src/ is pure: backends are chosen by the host and injected.' },
            { group: ['react-dom', 'react/*', '@xyflow/*'], message: 'src/ is pure: UI belongs in renderer/.' },
            { group: ['onnxruntime-*', 'playwright*'], message: 'src/ is pure: runtimes and browsers are for tests and tools.' },
          ],
        },
      ],
    },
  },
  // src tests run in Node: they may also import node/ (never the hosts or the UI).
  {
    files: TESTS.map((t) => (t.startsWith('src/') ? t : `src/${t}`)),
    rules: {
      'import-x/no-restricted-paths': zones('src', ['main', 'renderer', 'bench', 'scripts', 'e2e'], 'src tests may import src/ and node/ only.'),
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'src tests run without Electron.' },
            { name: 'react', message: 'UI tests belong in renderer/.' },
          ],
        },
      ],
    },
  },

  // ── node/: Node-only layer ──
  {
    files: ['node/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': zones('node', ['main', 'renderer', 'bench', 'scripts', 'e2e'], NODE_LAYER),
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'node/ runs in plain Node (CLI, web host, tests): no Electron. Put this in main/electron.' },
            { name: 'react', message: 'node/ has no UI.' },
          ],
          patterns: [{ group: ['react-dom', 'react/*', '@xyflow/*'], message: 'node/ has no UI.' }],
        },
      ],
    },
  },

  // ── main/: the hosts ──
  {
    files: ['main/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': zones('main', ['renderer', 'bench', 'scripts', 'e2e'], HOSTS),
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', allowTypeImports: true, message: 'Only main/electron runs inside Electron: the web host, CLI and services must not load it.' },
            { name: 'react', message: 'main/ has no UI.' },
          ],
          patterns: [{ group: ['react-dom', 'react/*', '@xyflow/*'], message: 'main/ has no UI.' }],
        },
      ],
    },
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'react', message: 'main/ has no UI.' }], patterns: [{ group: ['react-dom', 'react/*', '@xyflow/*'], message: 'main/ has no UI.' }] },
      ],
    },
  },

  // ── renderer/: React UI + web worker ──
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'import-x/no-restricted-paths': zones('renderer', ['node', 'main', 'bench', 'scripts', 'e2e'], RENDERER),
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer is sandboxed: reach Electron through the preload bridge (renderer/services/host).' },
            { name: 'sharp', message: 'The renderer has no native modules: decode on the host.' },
            { name: 'webgpu', message: 'The renderer uses the browser\'s navigator.gpu, not the Dawn binding.' },
            ...noNode('The renderer runs in a browser: no Node built-ins.').paths,
          ],
          patterns: [
            ...noNode('The renderer runs in a browser: no Node built-ins.').patterns,
            { group: ['@tensorflow/tfjs-node*', 'onnxruntime-node', 'playwright*'], message: 'The renderer runs in a browser.' },
          ],
        },
      ],
    },
  },

  // ── tools ──
  {
    files: ['bench/**/*.ts', 'e2e/**/*.ts'],
    rules: { 'import-x/no-restricted-paths': zones('.', ['renderer'], TOOLS) },
  },
);
