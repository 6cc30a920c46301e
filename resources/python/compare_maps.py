#!/usr/bin/env python3
"""Compares every layer's maps in CNN Studio's PyTorch export with the maps the app computed.

`cnn-studio explain` writes what each node of the network outputs for one image (activations/<node>.npy,
channel-first [C, H, W] or [units]) and prediction.json; a PyTorch export holds model.py, whose NODE_OUTPUTS
names the forward() local holding each node's output, and model.safetensors. This script runs the explained
image (activations/<input>.npy, already scaled as in training) through model.py in torch, reads every node's
value from forward() and prints, per node, the largest absolute difference from the app's map.

    npx cnn-studio train lenet5 --epochs 1 --out runs/lenet
    npx cnn-studio export lenet5 --weights runs/lenet --format pytorch --out lenet-torch
    npx cnn-studio explain lenet5 --weights runs/lenet --image three.png --out explained
    python3 compare_maps.py lenet-torch explained [--tol 1e-4] [--json]

A node passes when max |torch - app| <= tol * max(|app|, 1e-3) (relative to that map's largest magnitude).
Nodes model.py has no value for (e.g. inside a composite block) are listed as not compared.
Needs: numpy, torch, safetensors. Exit status 0 when every compared node passes, 1 when one does not,
2 when a folder is incomplete or the two do not belong together.
"""
import argparse
import importlib.util
import json
import sys
from pathlib import Path


def load_model(folder: Path):
    """model.py's network with model.safetensors loaded, in eval mode, and the module (for NODE_OUTPUTS)."""
    import torch

    spec = importlib.util.spec_from_file_location("cnn_studio_model", folder / "model.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(folder))
    spec.loader.exec_module(module)
    # MODEL_CLASS names the network where blocks have classes of their own; older exports define one class.
    classes = [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, torch.nn.Module) and v.__module__ == module.__name__]
    if hasattr(module, "MODEL_CLASS"):
        classes = [module.MODEL_CLASS]
    if len(classes) != 1:
        raise ValueError(f"model.py defines {len(classes)} nn.Module classes and no MODEL_CLASS; expected one.")
    if not hasattr(module, "NODE_OUTPUTS"):
        raise ValueError("model.py has no NODE_OUTPUTS - export again with a CNN Studio that writes it.")
    net = module.load_weights(classes[0](), str(folder / "model.safetensors")).eval()
    return net, module


def node_values(net, node_outputs, x):
    """Every node's output for the batch x (NCHW), as the app lays it out: maps [C, H, W], vectors in H·W·C order.

    forward()'s locals are read when it returns (sys.setprofile); NODE_OUTPUTS says which local is which node.
    """
    import torch

    code = type(net).forward.__code__
    seen = {}

    def profile(frame, event, _arg):
        if event == "return" and frame.f_code is code:
            seen.update(frame.f_locals)

    old = sys.getprofile()
    sys.setprofile(profile)
    try:
        with torch.no_grad():
            net(x)
    finally:
        sys.setprofile(old)
    out = {}
    for node, (local, chw) in node_outputs.items():
        if local not in seen:
            continue
        v = seen[local].detach().cpu().numpy()[0]
        if chw is not None:  # a vector in C·H·W order: the app's is H·W·C
            h, w, c = chw
            v = v.reshape(c, h, w).transpose(1, 2, 0).reshape(-1)
        out[node] = v
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("export", type=Path, help="the folder `cnn-studio export --format pytorch --out` wrote")
    ap.add_argument("explained", type=Path, help="the folder `cnn-studio explain --out` wrote")
    ap.add_argument("--tol", type=float, default=1e-4, help="allowed difference relative to each map's largest magnitude (default 1e-4)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args()

    export, explained = args.export.resolve(), args.explained.resolve()
    missing = [str(p) for p in (export / "model.py", export / "model.safetensors", explained / "prediction.json") if not p.exists()]
    if missing:
        print(f"missing: {', '.join(missing)}", file=sys.stderr)
        return 2

    import numpy as np
    import torch

    try:
        net, module = load_model(export)
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    nodes = json.loads((explained / "prediction.json").read_text(encoding="utf-8"))["nodes"]
    inputs = [n for n in nodes if n.get("type") == "Input"]
    if len(inputs) != 1:
        print("prediction.json names no Input node.", file=sys.stderr)
        return 2
    x = np.load(explained / inputs[0]["activation"]).astype(np.float32)
    if tuple(x.shape) != tuple(module.INPUT_SHAPE):
        print(f"the explained image is {tuple(x.shape)}; model.py takes {tuple(module.INPUT_SHAPE)} - not the same network.", file=sys.stderr)
        return 2
    values = node_values(net, module.NODE_OUTPUTS, torch.from_numpy(x)[None])

    rows, failed = [], 0
    for n in nodes:
        node, path = n["nodeId"], n.get("activation")
        if path is None:
            continue
        app = np.load(explained / path).astype(np.float64)
        got = values.get(node)
        row = {"node": node, "name": n.get("name", node), "shape": list(app.shape)}
        if got is None:
            row["status"] = "not compared (no forward() value in model.py)"
        elif tuple(got.shape) != tuple(app.shape):
            row["status"] = f"MISMATCH: torch shape {tuple(got.shape)}"
            failed += 1
        else:
            diff = float(np.max(np.abs(got.astype(np.float64) - app))) if app.size else 0.0
            scale = max(float(np.max(np.abs(app))) if app.size else 0.0, 1e-3)
            ok = diff <= args.tol * scale
            row.update(maxAbsDiff=diff, maxAbs=scale, relative=diff / scale, status="ok" if ok else "MISMATCH")
            failed += 0 if ok else 1
        rows.append(row)

    if args.json:
        print(json.dumps({"tolerance": args.tol, "failed": failed, "nodes": rows}))
    else:
        width = max((len(r["name"]) for r in rows), default=4)
        for r in rows:
            shape = "x".join(map(str, r["shape"]))
            diff = f"max|d| {r['maxAbsDiff']:.3e}  rel {r['relative']:.2e}" if "maxAbsDiff" in r else ""
            print(f"{r['name']:<{width}}  {shape:<12} {diff:<32} {r['status']}")
        compared = sum(1 for r in rows if "maxAbsDiff" in r or r["status"].startswith("MISMATCH"))
        print(f"{compared - failed} of {compared} nodes within {args.tol:g} (relative); {len(rows) - compared} not compared")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
