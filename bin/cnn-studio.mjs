#!/usr/bin/env node
// Launcher: runs the TypeScript CLI through tsx in a source checkout (tsx installed), else the prebuilt bundle
// (out/cli/main.mjs, made by `npm run build:cli`).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'main', 'cli', 'main.ts');
const bundle = join(root, 'out', 'cli', 'main.mjs');

/** tsx is a dev dependency: present in a checkout, absent where only dependencies were installed. */
async function tsxRegister() {
  try {
    return (await import('tsx/esm/api')).register;
  } catch {
    return undefined;
  }
}

let entry;
const register = existsSync(source) ? await tsxRegister() : undefined;
if (register) {
  register();
  entry = source;
} else if (existsSync(bundle)) {
  entry = bundle;
} else {
  process.stderr.write('cnn-studio: neither main/cli/main.ts nor out/cli/main.mjs is present — run `npm run build:cli`.\n');
  process.exit(2);
}
const { runCli } = await import(pathToFileURL(entry).href);
const code = await runCli(process.argv.slice(2));
// Exit explicitly once output is flushed: tfjs-wasm's thread workers would otherwise keep Node running.
const flushed = (stream) => new Promise((resolve) => (stream.writableNeedDrain ? stream.once('drain', resolve) : resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
