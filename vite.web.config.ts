// The renderer alone (no Electron main/preload): what `npm run web` serves. Same output folder as
// electron-vite's renderer build, so either build works for the web host.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

export default defineConfig({
  root: resolve(root, 'renderer'),
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: resolve(root, 'out/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
  },
});
