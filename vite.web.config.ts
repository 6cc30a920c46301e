// The renderer alone (no Electron main/preload): what `npm run web` serves. Same output folder as
// electron-vite's renderer build, so either build works for the web host.
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

/**
 * Fontsource's CSS offers each face as woff2 and a woff fallback; every browser this app runs in (Chromium,
 * Electron) takes woff2, so the woff copies (half the font bytes, ~4.5 MB for Noto Sans KR) are left out.
 */
export function woff2Only(): Plugin {
  return {
    name: 'cnn-studio-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource[\\/].*\.css$/.test(id)) return undefined;
      return { code: code.replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, ''), map: null };
    },
  };
}

export default defineConfig({
  root: resolve(root, 'renderer'),
  base: './',
  plugins: [react(), woff2Only()],
  worker: { format: 'es' },
  build: {
    // CNN_STUDIO_RENDERER_OUT: a separate build folder, so parallel e2e runs do not rebuild each other's.
    outDir: resolve(root, process.env.CNN_STUDIO_RENDERER_OUT ?? 'out/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
  },
});
