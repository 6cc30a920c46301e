// Three builds with explicit entries: Electron main, the sandboxed preload (CommonJS — sandboxed
// preloads cannot be ES modules), and the renderer (also served by the web host from out/renderer).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { woff2Only } from './vite.web.config';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // The model reader runs in a worker thread beside the main bundle (node/import/runImport.ts finds it there).
      rolldownOptions: { input: { index: resolve(root, 'main/electron/index.ts'), importWorker: resolve(root, 'node/import/importWorker.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // Sandboxed preloads get no require() for node_modules: bundle the contract (zod) in.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react(), woff2Only()],
    worker: { format: 'es' },
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 8000,
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
