// Generates train.py: ImageFolder data, the project's optimizer, learning-rate schedule, batch size,
// epochs, weight decay and validation split, ready for `torchrun --nproc_per_node=K train.py DATA`
// (DistributedDataParallel, one process per GPU; also runs as plain `python train.py DATA` on one device).
import type { TrainingSettings } from '../../train/settings';
import { describeInputScale, isIdentityNormalization, type InputNormalization } from '../inputScale';
import { pythonComment, pythonDocstring, pythonIdentifier, pythonString } from './pythonSource';

/** The safetensors metadata key under which train.py records its run (JSON: classNames, normalization) for import. */
export const TORCH_META_KEY = 'cnn_studio';

// Only the branch that applies is written: a 1-channel model reads images as grayscale, a 3-channel one as RGB.
const imageMode = (channels: number) =>
  channels === 1 ? 'transforms.Grayscale(1)' : `transforms.Lambda(lambda im: im.convert("${channels === 4 ? 'RGBA' : 'RGB'}"))`;

export interface TrainPyOptions {
  settings: TrainingSettings;
  className: string;
  /** [C, H, W] of the model input. */
  input: [number, number, number];
  /** The input normalisation the weights were trained with (a transforms.Normalize when not pixel/255). */
  normalization?: InputNormalization;
}

const pyList = (v: number[]) => `[${v.map((x) => +x.toFixed(6)).join(', ')}]`;

function optimizerLine(s: TrainingSettings): string {
  const wd = s.weightDecay > 0 ? `, weight_decay=${s.weightDecay}` : '';
  switch (s.optimizer) {
    case 'sgd':
      return `torch.optim.SGD(model.parameters(), lr=${s.learningRate}${wd})`;
    case 'momentum':
      return `torch.optim.SGD(model.parameters(), lr=${s.learningRate}, momentum=${s.momentum}${wd})`;
    case 'nesterov':
      return `torch.optim.SGD(model.parameters(), lr=${s.learningRate}, momentum=${s.momentum}, nesterov=True${wd})`;
    case 'rmsprop':
      // tfjs rmsprop(lr, decay 0.9) — PyTorch calls the decay alpha.
      return `torch.optim.RMSprop(model.parameters(), lr=${s.learningRate}, alpha=0.9${wd})`;
    default:
      return `torch.optim.Adam(model.parameters(), lr=${s.learningRate}${wd})`;
  }
}

function schedulerLine(s: TrainingSettings): string | undefined {
  // Same formulas as src/train/lrSchedule.ts: step lr·γ^⌊epoch/stepSize⌋ (per epoch); cosine over all steps.
  if (s.schedule === 'step') return `torch.optim.lr_scheduler.StepLR(optimizer, step_size=${s.stepSize}, gamma=${s.stepGamma})`;
  if (s.schedule === 'cosine') return `torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS * len(train_loader))`;
  return undefined;
}

export function generateTrainPy({ settings: s, className: rawClassName, input: [C, H, W], normalization }: TrainPyOptions): string {
  const className = pythonIdentifier(rawClassName);
  const scheduler = schedulerLine(s);
  const doc = [
    `Train ${className} (model.py) on an image folder, with the settings chosen in CNN Studio.`,
    '',
    '  DATA/<class name>/<image files>   (torchvision ImageFolder layout)',
    '',
    'One GPU or CPU:   python train.py DATA',
    'Several GPUs:     torchrun --nproc_per_node=4 train.py DATA',
    'Continue from the exported weights with --init model.safetensors.',
    'Back in CNN Studio: File > Load weights... (the saved trained.safetensors), or',
    '  cnn-studio import-weights PROJECT.cnnproj --from trained.safetensors',
  ];
  return `${pythonDocstring(doc)}
import argparse
import json
import os

import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, random_split
from torch.utils.data.distributed import DistributedSampler
from torchvision import datasets, transforms

from model import ${className}, CLASS_NAMES

EPOCHS = ${s.epochs}
BATCH_SIZE = ${s.batchSize}  # per process
VALIDATION_SPLIT = ${s.validationSplit}
SEED = ${s.seed}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data", help="ImageFolder root: one sub-folder per class")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--init", help="start from these weights (model.safetensors)")
    parser.add_argument("--out", default="trained.safetensors")
    args = parser.parse_args()

    distributed = "WORLD_SIZE" in os.environ and int(os.environ["WORLD_SIZE"]) > 1
    if distributed:
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
        rank = dist.get_rank()
        local_rank = int(os.environ.get("LOCAL_RANK", 0))
    else:
        rank, local_rank = 0, 0
    device = torch.device(f"cuda:{local_rank}" if torch.cuda.is_available() else "cpu")
    if device.type == "cuda":
        torch.cuda.set_device(device)
    torch.manual_seed(SEED)

    ${pythonComment(`Pixels scaled as in CNN Studio (${describeInputScale(normalization)}), resized to the model input.`)}
    tf = transforms.Compose([
        ${imageMode(C)},
        transforms.Resize((${H}, ${W})),
        transforms.ToTensor(),${isIdentityNormalization(normalization) ? '' : `
        transforms.Normalize(${pyList(normalization!.mean)}, ${pyList(normalization!.std)}),`}
    ])
    full = datasets.ImageFolder(args.data, transform=tf)
    if len(full.classes) != len(CLASS_NAMES):
        raise SystemExit(f"The folder has {len(full.classes)} classes but the model has {len(CLASS_NAMES)} outputs.")
    n_val = int(len(full) * VALIDATION_SPLIT)
    train_set, val_set = random_split(full, [len(full) - n_val, n_val], generator=torch.Generator().manual_seed(SEED))
    sampler = DistributedSampler(train_set, shuffle=${s.shuffle ? 'True' : 'False'}, seed=SEED) if distributed else None
    # Loader processes share this machine's cores with the other ranks on it (torchrun's LOCAL_WORLD_SIZE);
    # 0 loads in this process.
    ranks_here = int(os.environ.get("LOCAL_WORLD_SIZE", dist.get_world_size())) if distributed else 1
    workers = min(4, usable_cores() // ranks_here)
    pin = device.type == "cuda"
    train_loader = DataLoader(train_set, batch_size=BATCH_SIZE, shuffle=${s.shuffle ? 'sampler is None' : 'False'}, sampler=sampler, num_workers=workers, pin_memory=pin)
    val_loader = DataLoader(val_set, batch_size=BATCH_SIZE, num_workers=workers, pin_memory=pin) if n_val else None

    model = ${className}()
    if args.init:
        from safetensors.torch import load_file
        model.load_state_dict(load_file(args.init))
    model.to(device)
    if distributed:
        model = DDP(model, device_ids=[local_rank] if device.type == "cuda" else None)

    optimizer = ${optimizerLine(s)}${scheduler ? `
    scheduler = ${scheduler}` : ''}
    loss_fn = nn.CrossEntropyLoss()

    for epoch in range(args.epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        model.train()
        total, correct, loss_sum = 0, 0, 0.0
        for x, y in train_loader:
            x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
            logits = model(x, logits=True)
            loss = loss_fn(logits, y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()${s.schedule === 'cosine' ? `
            scheduler.step()` : ''}
            loss_sum += loss.item() * len(y)
            correct += (logits.argmax(1) == y).sum().item()
            total += len(y)
${s.schedule === 'step' ? `        scheduler.step()
` : ''}        msg = f"epoch {epoch + 1}/{args.epochs}  loss {loss_sum / max(total, 1):.4f}  acc {correct / max(total, 1):.4f}"
        if val_loader is not None and rank == 0:
            # The module itself, not the DDP wrapper: a wrapper's forward would wait for the other ranks' buffers.
            msg += f"  val_acc {evaluate(model.module if distributed else model, val_loader, device):.4f}"
        if rank == 0:
            print(msg, flush=True)

    if rank == 0:
        from safetensors.torch import save_file
        net = model.module if distributed else model
        # What CNN Studio's *Load weights…* / \`cnn-studio import-weights\` reads back with them: the class of each
        # output (the folder names) and the input scaling.
        meta = {${isIdentityNormalization(normalization) ? '' : `"normalization": {"mean": ${pyList(normalization!.mean)}, "std": ${pyList(normalization!.std)}}, `}"classNames": full.classes}
        save_file({k: v.contiguous().cpu() for k, v in net.state_dict().items()}, args.out, metadata={"format": "pt", ${pythonString(TORCH_META_KEY)}: json.dumps(meta)})
        print(f"saved {args.out}")
    if distributed:
        dist.destroy_process_group()


def usable_cores():
    # The cores this process may run on (a cluster job's share), not the whole machine's.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@torch.no_grad()
def evaluate(model, loader, device):
    model.eval()
    right, n = 0, 0
    for x, y in loader:
        right += (model(x.to(device)).argmax(1).cpu() == y).sum().item()
        n += len(y)
    model.train()
    return right / max(n, 1)


if __name__ == "__main__":
    main()
`;
}
