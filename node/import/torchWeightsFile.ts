// A PyTorch state dict on disk (train.py's trained.safetensors) mapped onto a project's graph, for every host:
// the app's 'import.torchWeights' and `cnn-studio import-weights`. The size is checked before the file is read,
// no more than that is read (readMeasured), and tfjs is loaded only for a file that was read.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { ProjectDoc } from '../../src/project/schema';
import { ImportError } from '../../src/import/importError';
import { checkFileSize } from '../../src/import/importLimits';
import { importTorchWeights, type TorchWeightsResult } from '../../src/import/importTorchWeights';
import { readMeasured } from './modelFile';

export async function readTorchWeightsFile(loadTf: () => Promise<typeof tfjs>, doc: ProjectDoc, file: string): Promise<TorchWeightsResult> {
  const name = path.basename(file);
  const st = await fs.stat(file).catch((e: NodeJS.ErrnoException) => e);
  if (st instanceof Error)
    throw new ImportError(st.code === 'ENOENT' ? `${file} does not exist — give the .safetensors file train.py wrote (trained.safetensors by default).` : `${file} cannot be read (${st.code ?? st.message}).`);
  if (!st.isFile()) throw new ImportError(`${file} is not a file — give the .safetensors file train.py wrote.`);
  checkFileSize(name, st.size);
  const bytes = await readMeasured(file, 'the weights file', st.size);
  return importTorchWeights(await loadTf(), doc, bytes);
}
