// Starts the real web host (every service) in the test process on a free port, serving the built
// renderer, with a fresh user-data folder so tests never see each other's recent lists.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWebHost as start } from '../../main/web/server';
import { dispatch } from '../../main/transport';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const rendererDir = path.resolve(repoRoot, process.env.CNN_STUDIO_RENDERER_OUT ?? path.join('out', 'renderer'));

export interface E2EHost {
  /** Page URL including ?token=… */
  url: string;
  origin: string;
  token: string;
  port: number;
  userDataDir: string;
  close(): Promise<void>;
}

export async function startWebHost(): Promise<E2EHost> {
  if (!existsSync(path.join(rendererDir, 'index.html')))
    throw new Error('out/renderer is missing — run `npm run test:e2e` (it builds the renderer) or `npm run build`.');
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'cnn-e2e-'));
  const web = await start({ rendererDir, userDataDir, resourcesDir: path.join(repoRoot, 'resources'), dispatch });
  return {
    url: web.url,
    origin: web.origin,
    token: web.token,
    port: web.port,
    userDataDir,
    async close() {
      await web.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
