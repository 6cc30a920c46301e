#!/usr/bin/env node
// Launcher: runs the TypeScript CLI through tsx in a source checkout (tsx installed), else the prebuilt bundle
// (out/cli/main.mjs, made by `npm run build:cli`).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'main.ts');
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
  process.stderr.write('cnn-studio: neither src/cli/main.ts nor out/cli/main.mjs is present — run `npm run build:cli`.\n');
  process.exit(2);
}
const { runCli } = await import(pathToFileURL(entry).href);
process.exitCode = await runCli(process.argv.slice(2));
