// Serving the built renderer from one folder and nothing outside it (shared by the web host and app://).
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.gz': 'application/gzip',
};

export const mimeOf = (file: string) => MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

const inside = (root: string, p: string) => {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * The file a URL path names inside `root`, or undefined when it does not exist or would leave the root
 * (`..`, encoded slashes, NUL, symlinks pointing out). '/' and folders mean their index.html.
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const realRoot = await fs.realpath(root).catch(() => undefined);
  if (!realRoot) return undefined;
  let candidate = path.resolve(realRoot, '.' + path.posix.normalize('/' + decoded));
  if (!inside(realRoot, candidate)) return undefined;
  try {
    let st = await fs.stat(candidate);
    if (st.isDirectory()) {
      candidate = path.join(candidate, 'index.html');
      st = await fs.stat(candidate);
    }
    if (!st.isFile()) return undefined;
    const real = await fs.realpath(candidate);
    return inside(realRoot, real) ? real : undefined;
  } catch {
    return undefined;
  }
}
