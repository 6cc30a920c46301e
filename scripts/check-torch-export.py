#!/usr/bin/env python3
"""Checks a CNN Studio PyTorch export against the app's own predictions.

A PyTorch export folder holds model.py, model.safetensors and check_input.npy / check_output.npy: a seeded
input (N x C x H x W, pixels / 255) and the probabilities the app's tfjs model gave for it. This script
loads model.py with the weights, runs the input and prints the largest absolute difference.

    npx cnn-studio train lenet5 --epochs 1 --out runs/lenet
    npx cnn-studio export lenet5 --weights runs/lenet --format pytorch --out /tmp/lenet-torch
    python3 scripts/check-torch-export.py /tmp/lenet-torch [--tol 1e-4] [--device cuda]

Needs: numpy, torch, safetensors. Exit status 0 when the difference is within --tol, 1 when not, 2 when
the folder is incomplete.
"""
import argparse
import importlib.util
import sys
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="the folder `cnn-studio export --format pytorch --out` wrote")
    ap.add_argument("--tol", type=float, default=1e-4, help="largest allowed max abs difference (default 1e-4)")
    ap.add_argument("--device", default="cpu", help="torch device to run on (cpu, cuda, mps)")
    args = ap.parse_args()

    folder = args.folder.resolve()
    missing = [n for n in ("model.py", "model.safetensors", "check_input.npy", "check_output.npy") if not (folder / n).exists()]
    if missing:
        print(f"{folder} lacks {', '.join(missing)} - export again with a CNN Studio that writes the check pair.", file=sys.stderr)
        return 2

    import numpy as np
    import torch

    spec = importlib.util.spec_from_file_location("cnn_studio_model", folder / "model.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(folder))
    spec.loader.exec_module(module)
    # The generated model.py names its network MODEL_CLASS (blocks are classes too); older ones define one class.
    classes = [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, torch.nn.Module) and v.__module__ == module.__name__]
    if hasattr(module, "MODEL_CLASS"):
        classes = [module.MODEL_CLASS]
    if len(classes) != 1:
        print(f"model.py defines {len(classes)} nn.Module classes and no MODEL_CLASS; expected one.", file=sys.stderr)
        return 2
    net = module.load_weights(classes[0](), str(folder / "model.safetensors")).eval().to(args.device)

    x = torch.from_numpy(np.load(folder / "check_input.npy")).to(args.device)
    want = np.load(folder / "check_output.npy")
    with torch.no_grad():
        got = net(x).cpu().numpy()
    if got.shape != want.shape:
        print(f"output shape {got.shape} differs from the app's {want.shape}", file=sys.stderr)
        return 1
    diff = float(np.max(np.abs(got.astype(np.float64) - want.astype(np.float64))))
    ok = diff <= args.tol
    print(f"{classes[0].__name__} on {args.device}: max abs diff vs the app = {diff:.3e} ({'ok' if ok else 'FAILS'}, tolerance {args.tol:g})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
