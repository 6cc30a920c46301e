// A child process for main/recovery/fileSetCrash.test.ts, killed with SIGKILL at random moments. It writes
// file sets again and again through the real writers, printing "begin N" before and "done N" after each
// (stdout to a pipe is synchronous on POSIX); in between "staged N" once every file is durable in staging,
// "committed N" once the set is past its commit point.
//   export-loop <outDir> <firstVersion> <megabytes>: an export set (model.json + its shard) through
//     node/export/writeExport.ts writeFiles, as export.run and `cnn-studio export` write it; the shard's
//     bytes and model.json both carry the version.
//   weights-loop <projectFile> <firstVersion> <megabytes>: trained weights through the real 'train.saveWeights'
//     (model.json + weights.bin in <project>.weights); graphHash "vN" and every float = N.
import path from 'node:path';
import { trainChannels } from '../../src/contract/train';
import { createDispatcher } from '../transport/dispatch';
import { handlers as trainHandlers } from '../services/train';
import type { HandlerContext } from '../services/context';
import { writeFiles } from '../../node/export/writeExport';
import { observeFileSetSteps } from '../../node/fs/fileSet';

const [mode, target, first, megabytes] = process.argv.slice(2);
const bytes = Math.round(Number(megabytes) * 1e6 / 4) * 4;
const say = (line: string) => process.stdout.write(line + '\n');

/** The shard of version v: every byte v % 251, the version in the first 4 bytes. */
function exportShard(v: number, size: number): Uint8Array {
  const b = new Uint8Array(size).fill(v % 251);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
}

let version = Number(first);
observeFileSetSteps((step) => say(`${step} ${version}`));

if (mode === 'export-loop') {
  for (let v = version; ; v = ++version) {
    say(`begin ${v}`);
    const files = { 'model.json': JSON.stringify({ version: v, weightsManifest: [{ paths: ['group1-shard1of1.bin'] }] }), 'group1-shard1of1.bin': exportShard(v, bytes) };
    await writeFiles(target, files);
    say(`done ${v}`);
  }
} else if (mode === 'weights-loop') {
  const dispatch = createDispatcher(trainChannels, trainHandlers);
  const ctx: HandlerContext = { emit: () => {}, allowedRoots: [path.dirname(target)], resourcesDir: path.dirname(target), userDataDir: path.dirname(target) };
  const n = bytes / 4;
  for (let v = version; ; v = ++version) {
    say(`begin ${v}`);
    const r = await dispatch('train.saveWeights', { projectPath: target, graphHash: `v${v}`, weightSpecs: [{ name: 'w', shape: [n], dtype: 'float32' }], weightData: new Uint8Array(new Float32Array(n).fill(v).buffer) }, ctx);
    if (!r.ok) {
      say(`error ${r.error.message}`);
      process.exit(1);
    }
    say(`done ${v}`);
  }
} else {
  process.stderr.write('usage: fileSetCrashChild export-loop <outDir> <firstVersion> <MB> | weights-loop <projectFile> <firstVersion> <MB>\n');
  process.exit(2);
}
