// PyTorch export: model.py (the network), train.py (ImageFolder + DDP training with the project's settings),
// model.safetensors (the trained state dict in PyTorch layout), and a README line on how to run them.
import { returnsLogits, type FlatGraph } from '../flatGraph';
import { describeInputScale, type InputNormalization } from '../inputScale';
import type { WeightSet } from '../weights/weightSet';
import type { TrainingSettings } from '../../train/settings';
import { encodeSafetensors } from '../weights/safetensors';
import { generateModelPy } from './modelPy';
import { generateTrainPy } from './trainPy';
import { textLine } from '../escape';

export interface PytorchFiles {
  'model.py': string;
  'train.py': string;
  'model.safetensors': Uint8Array;
  'README.txt': string;
}

export function exportPytorch(flat: FlatGraph, weights: WeightSet, settings: TrainingSettings, opts: { modelName?: string; classNames?: string[]; normalization?: InputNormalization } = {}): PytorchFiles {
  const m = generateModelPy(flat, weights, opts);
  const [H, W, C] = flat.nodes.find((n) => n.name === flat.input)!.outputShape;
  return {
    'model.py': m.source,
    'train.py': generateTrainPy({ settings, className: m.className, input: [C, H, W], normalization: opts.normalization }),
    'model.safetensors': encodeSafetensors(m.stateDict, { format: 'pt', source: 'CNN Studio' }),
    'README.txt': `${textLine(opts.modelName ?? 'Model')} exported by CNN Studio.

Requirements: torch, torchvision, safetensors  (pip install torch torchvision safetensors)

  python model.py model.safetensors           # load the trained weights and run one random input
  python train.py DATA --init model.safetensors   # keep training on an ImageFolder (one folder per class)
  torchrun --nproc_per_node=4 train.py DATA   # the same on 4 GPUs (DistributedDataParallel)

Inputs are N×${C}×${H}×${W} (NCHW), ${describeInputScale(opts.normalization)}. The network outputs ${returnsLogits(flat) ? 'class logits (apply softmax for probabilities)' : 'softmax probabilities'}.

Bring the trained weights back into CNN Studio (to evaluate, look inside and export them):
  File → Load weights… → trained.safetensors, or
  cnn-studio import-weights PROJECT.cnnproj --from trained.safetensors
`,
  };
}
