// Entry of `npm run web`: the web host with every service, serving out/renderer; prints the URL with its token.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { dispatch } from '../transport';
import { startWebHost } from './server';
import { workspaceRootsFrom } from '../security/pathGuard';
import { cleanAtStart } from '../recovery/startupCleanup';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Same folder Electron uses on Linux (~/.config/<name>), so both hosts share the recent list. */
export function defaultUserDataDir(): string {
  if (process.env.CNN_STUDIO_USER_DATA) return process.env.CNN_STUDIO_USER_DATA;
  const base = process.platform === 'win32' ? (process.env.APPDATA ?? os.homedir()) : process.platform === 'darwin' ? path.join(os.homedir(), 'Library', 'Application Support') : (process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'));
  return path.join(base, 'cnn-studio');
}

/** Every value of a repeatable flag (`--root a --root=b`). */
function flags(args: string[], name: string): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    if (a === `--${name}` && args[i + 1]) out.push(args[i + 1]);
    else if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3));
  });
  return out;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
}

export async function main(args: string[]): Promise<void> {
  const portText = flag(args, 'port');
  const port = portText ? Number(portText) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${portText}".`);
  const rendererDir = path.resolve(flag(args, 'renderer') ?? path.join(repoRoot, 'out', 'renderer'));
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw new Error(`No built renderer in ${rendererDir} — run \`npm run build\` first.`);
  const userDataDir = path.resolve(flag(args, 'user-data') ?? defaultUserDataDir());
  mkdirSync(userDataDir, { recursive: true });
  // Writes killed in an earlier run are finished or cleaned up, in the background (main/recovery/startupCleanup.ts).
  void cleanAtStart(userDataDir).catch(() => {});
  const allowedRoots = workspaceRootsFrom(flags(args, 'root'));
  const bindHost = flag(args, 'host') ?? '127.0.0.1';
  const web = await startWebHost({ port, rendererDir, userDataDir, resourcesDir: path.join(repoRoot, 'resources'), dispatch, allowedRoots, bindHost });
  process.stdout.write(`CNN Studio is running at\n\n  ${web.url}\n\n(the token in the URL is required; press Ctrl+C to stop)\n`);
  if (args.includes('--open')) {
    const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
    spawn(opener, [web.url], { stdio: 'ignore', detached: true }).on('error', () => process.stderr.write(`Could not run ${opener}; open the URL yourself.\n`)).unref();
  }
  const stop = () => void web.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
