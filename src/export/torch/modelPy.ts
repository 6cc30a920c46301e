// Generates model.py: an nn.Module mirroring the graph (NCHW, one attribute per layer, named as in the
// app) and its state dict in PyTorch layout. Each layer writes its own part through its `torch` member.
import { getPrimitiveLayer } from '../../layers/registry';
import { ExportError, type FlatGraph } from '../flatGraph';
import { layerWeights, type WeightSet } from '../weights/weightSet';
import type { NamedTensor } from '../weights/safetensors';
import type { TorchEmitContext, TorchValue } from './emitContext';
import { PYTHON_BUILTINS, PythonNames, pythonDocstring, pythonIdentifier, pythonString } from './pythonSource';

export interface TorchModel {
  source: string;
  stateDict: NamedTensor[];
  className: string;
}

// Members of nn.Module (torch 1.13 … 2.x): a submodule attribute of that name would be hidden by the method
// (self.forward, self.eval, self.to …) or break the module (self.training), so layers named so get a suffix.
const MODULE_MEMBERS = new Set(
  (
    'T_destination add_module apply bfloat16 buffers call_super_init children compile cpu cuda double dump_patches eval extra_repr float ' +
    'forward get_buffer get_extra_state get_parameter get_submodule half ipu load_state_dict modules mtia named_buffers named_children ' +
    'named_modules named_parameters parameters register_backward_hook register_buffer register_forward_hook register_forward_pre_hook ' +
    'register_full_backward_hook register_full_backward_pre_hook register_load_state_dict_post_hook register_load_state_dict_pre_hook ' +
    'register_module register_parameter register_state_dict_post_hook register_state_dict_pre_hook requires_grad_ set_extra_state ' +
    'set_submodule share_memory state_dict to to_empty train training type xpu zero_grad'
  ).split(' '),
);

// What forward()'s locals must not shadow: its parameters, model.py's globals (the layers' helper
// functions included: a layer named avg_pool_same would hide the helper) and the builtins (float('-inf')).
const MODEL_GLOBALS = ['self', 'x', 'logits', 'torch', 'nn', 'F', 'INPUT_SHAPE', 'CLASS_NAMES', 'NODE_OUTPUTS', 'load_weights', 'sys', 'net', 'avg_pool_same'];

/** A Python attribute name for a layer: C1 → C1, "block1_conv1.bn" → block1_conv1_bn, "3x3" → l_3x3, "eval" → eval_. */
export const torchAttributeName = (layerName: string): string => pythonIdentifier(layerName, MODULE_MEMBERS);

export function generateModelPy(flat: FlatGraph, weights: WeightSet, opts: { className?: string; modelName?: string; classNames?: string[] } = {}): TorchModel {
  const className = pythonIdentifier(opts.className ?? 'Net', new Set([...PYTHON_BUILTINS, ...MODEL_GLOBALS]));
  const init: string[] = [];
  const forward: string[] = [];
  const state: NamedTensor[] = [];
  const attrs = new PythonNames(MODULE_MEMBERS);
  const vars = new PythonNames(new Set([...PYTHON_BUILTINS, ...MODEL_GLOBALS, className]));
  const helpers = new Set<string>();
  const values = new Map<string, TorchValue>();
  let logits: string | undefined;
  const inputNode = flat.nodes.find((n) => n.name === flat.input)!;
  const [H, W, C] = inputNode.outputShape;

  for (const n of flat.nodes) {
    if (n.type === 'Input') {
      values.set(n.name, { expr: 'x' });
      continue;
    }
    const def = getPrimitiveLayer(n.type);
    if (!def?.torch) throw new ExportError(`Layer "${n.name}" (${n.type}) has no PyTorch form yet.`, n.sourceNodeId);
    const attr = torchAttributeName(n.name);
    const ctx: TorchEmitContext = {
      name: n.name,
      attr,
      inputShapes: n.inputShapes,
      outputShape: n.outputShape,
      weights: (count) => layerWeights(weights, n.name, count),
      module: (ctor, st, suffix) => {
        const a = attrs.take(suffix ? `${attr}_${suffix}` : attr);
        init.push(`        self.${a} = ${ctor}`);
        for (const [k, t] of Object.entries(st ?? {})) state.push({ name: `${a}.${k}`, shape: t.shape, data: t.data });
        return `self.${a}`;
      },
      helper: (source) => {
        const fn = /^def (\w+)/m.exec(source)?.[1];
        if (fn && !MODEL_GLOBALS.includes(fn)) throw new Error(`model.py helper ${fn}() must be listed in MODEL_GLOBALS so no layer variable shadows it.`);
        helpers.add(source.trim());
      },
      assign: (expr) => {
        const v = vars.take(attr.toLowerCase());
        forward.push(`        ${v} = ${expr}`);
        return v;
      },
      logits: (expr) => {
        logits = expr;
      },
      inHwcOrder: (v) => {
        if (!v.chwOf) return v.expr;
        const [h, w, c] = v.chwOf;
        const u = vars.take(`${v.expr}_hwc`);
        forward.push(`        ${u} = ${v.expr}.reshape(-1, ${c}, ${h}, ${w}).permute(0, 2, 3, 1).flatten(1)  # tfjs order H·W·C`);
        return u;
      },
    };
    values.set(n.name, def.torch(ctx, n.params, n.inputs.map((i) => values.get(i)!)));
  }
  const out = values.get(flat.output)!;
  const outExpr = out.chwOf ? `${out.expr}.reshape(-1, ${out.chwOf[2]}, ${out.chwOf[0]}, ${out.chwOf[1]}).permute(0, 2, 3, 1).flatten(1)` : out.expr;
  // Where each graph node's output lives in forward(), for scripts that compare it with the app's maps.
  const nodeOutputs = [...flat.nodeOutputs].flatMap(([id, name]) => {
    const v = values.get(name);
    return v ? [`    ${pythonString(id)}: (${pythonString(v.expr)}, ${v.chwOf ? `(${v.chwOf.join(', ')})` : 'None'}),`] : [];
  });
  const classes = flat.nodes.find((n) => n.name === flat.output)!.outputShape[0];
  const names = opts.classNames?.length === classes ? opts.classNames : Array.from({ length: classes }, (_, i) => String(i));

  const doc = [
    `${opts.modelName ?? 'CNN Studio model'} — generated by CNN Studio.`,
    '',
    `Input: N×${C}×${H}×${W} float tensors (pixels / 255), NCHW. Output: class probabilities (softmax);`,
    'forward(x, logits=True) returns the pre-softmax scores for nn.CrossEntropyLoss.',
    'Weights: model.safetensors (load with load_weights below).',
  ];
  const source = `${pythonDocstring(doc)}
import torch
import torch.nn as nn
import torch.nn.functional as F

INPUT_SHAPE = (${C}, ${H}, ${W})
CLASS_NAMES = [${names.map(pythonString).join(', ')}]
# Each graph node's output: node id → (the forward() local holding it, None or (H, W, C) when that local is a
# vector in C·H·W order where the app's is H·W·C). CNN Studio's compare_maps.py reads it.
NODE_OUTPUTS = {
${nodeOutputs.join('\n')}
}


${[...helpers].map((h) => `${h}\n\n\n`).join('')}class ${className}(nn.Module):
    def __init__(self):
        super().__init__()
${init.length ? init.join('\n') : '        pass'}

    def forward(self, x, logits=False):
${forward.join('\n')}
${logits ? `        if logits:\n            return ${logits}\n` : ''}        return ${outExpr}


def load_weights(model, path="model.safetensors"):
    from safetensors.torch import load_file
    model.load_state_dict(load_file(path))
    return model


if __name__ == "__main__":
    import sys
    net = load_weights(${className}(), sys.argv[1] if len(sys.argv) > 1 else "model.safetensors").eval()
    with torch.no_grad():
        print(net(torch.rand(1, *INPUT_SHAPE)))
`;
  return { source, stateDict: state, className };
}
