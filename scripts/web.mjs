// `npm run web [-- --port N] [--open]`: the app in a browser — builds the renderer if needed, starts the
// web host on 127.0.0.1 and prints the URL with its token. Opens nothing unless --open is given.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import { ensureRenderer, repoRoot } from './ensureRenderer.mjs';

const args = process.argv.slice(2);
try {
  if (!args.includes('--no-build')) ensureRenderer();
  register();
  const { main } = await import(pathToFileURL(path.join(repoRoot, 'main', 'web', 'cli.ts')).href);
  await main(args);
} catch (e) {
  process.stderr.write(`cnn-studio web: ${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
}
