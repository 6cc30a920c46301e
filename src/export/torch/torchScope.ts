// One Python scope of model.py being written: the network's class or a block's. Layers write into it through
// their `torch` emitters (TorchEmitContext); a composite instance (a FlatBlock) becomes a submodule whose class
// is written once per distinct (type, params, input shapes, code) and instantiated wherever it recurs, so the
// state dict nests as the blocks do (`residualblock4.conv1.weight`), like torchvision's BasicBlock.
import type { Shape } from '../../graph/schema';
import { getPrimitiveLayer } from '../../layers/registry';
import { ExportError, type FlatBlock, type FlatNode } from '../flatGraph';
import { layerWeights, type WeightSet } from '../weights/weightSet';
import type { NamedTensor } from '../weights/safetensors';
import type { TorchEmitContext, TorchValue } from './emitContext';
import { PYTHON_BUILTINS, PythonNames, pythonDocstring, pythonIdentifier } from './pythonSource';

// Members of nn.Module (torch 1.13 … 2.x): a submodule attribute of that name would be hidden by the method
// (self.forward, self.eval, self.to …) or break the module (self.training), so layers named so get a suffix.
export const MODULE_MEMBERS: ReadonlySet<string> = new Set(
  (
    'T_destination add_module apply bfloat16 buffers call_super_init children compile cpu cuda double dump_patches eval extra_repr float ' +
    'forward get_buffer get_extra_state get_parameter get_submodule half ipu load_state_dict modules mtia named_buffers named_children ' +
    'named_modules named_parameters parameters register_backward_hook register_buffer register_forward_hook register_forward_pre_hook ' +
    'register_full_backward_hook register_full_backward_pre_hook register_load_state_dict_post_hook register_load_state_dict_pre_hook ' +
    'register_module register_parameter register_state_dict_post_hook register_state_dict_pre_hook requires_grad_ set_extra_state ' +
    'set_submodule share_memory state_dict to to_empty train training type xpu zero_grad'
  ).split(' '),
);

// What forward()'s locals and the block classes must not shadow: its parameters, model.py's globals (the
// layers' helper functions included: a layer named avg_pool_same would hide the helper) and the builtins.
export const MODEL_GLOBALS = ['self', 'x', 'logits', 'torch', 'nn', 'F', 'INPUT_SHAPE', 'CLASS_NAMES', 'NODE_OUTPUTS', 'MODEL_CLASS', 'load_weights', 'sys', 'net', 'avg_pool_same'];

/** A Python attribute name for a layer: C1 → C1, "block1_conv1.bn" → block1_conv1_bn, "3x3" → l_3x3, "eval" → eval_. */
export const torchAttributeName = (layerName: string): string => pythonIdentifier(layerName, MODULE_MEMBERS);

const shapeText = (s: Shape) => s.join('×');
const channels = (s: Shape) => s[s.length - 1];

/** How many times a repeated user block runs (its params' `repeat`), 1 for any other block. */
const repeatOf = (b: FlatBlock): number => {
  const times = (b.params as { repeat?: unknown }).repeat;
  return typeof times === 'number' && times > 1 ? times : 1;
};

/**
 * A readable class name from its title or type and its shapes: ResidualBlock16to32s2, Unit4to4, and for a
 * repeated block Stage6to16s4x2. A title ending in a digit is kept apart from the channels by an underscore
 * ("unit 32" ×3 from 16 channels: Unit32_16to32s2x3, not Unit3216to32s2x3).
 */
function blockClassBase(b: FlatBlock): string {
  const [i, o] = [b.inputShapes[0], b.outputShape];
  // ⌊W1/W2⌋: a pool's ⌊W/2⌋ (7 → 3) and two of them (14 → 3) still read as s2 and s4; a valid conv's 28 → 24 is no stride.
  const factor = i.length === 3 && o.length === 3 ? Math.floor(i[0] / o[0]) : 1;
  const stride = factor >= 2 ? `s${factor}` : '';
  // A title is the user's text: its letters and digits only, words capitalised ("my stage" → MyStage).
  const title = b.title
    ?.split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    // Digits meeting digits across a word break keep a '_' ("conv3-64" → Conv3_64, not Conv364).
    .reduce((acc, w) => (/[0-9]$/.test(acc) && /^[0-9]/.test(w) ? `${acc}_${w}` : acc + w), '')
    .slice(0, 40);
  const head = title || b.type;
  const repeat = repeatOf(b) > 1 ? `x${repeatOf(b)}` : '';
  return `${head}${/[0-9]$/.test(head) ? '_' : ''}${b.inputShapes.map(channels).join('and')}to${channels(o)}${stride}${repeat}`;
}

interface BlockClass {
  name: string;
  body: string;
  /** Its docstring's first line: what it is and its shapes. */
  shapes: string;
  outputChw?: [number, number, number];
  users: string[];
}

/** What every scope of one model.py shares: the weights, the helper functions and the block classes. */
export class ModelWriter {
  readonly helpers = new Set<string>();
  private readonly classes = new Map<string, BlockClass>();
  private readonly classNames: PythonNames;

  constructor(
    readonly weights: WeightSet,
    modelClassName: string,
  ) {
    this.classNames = new PythonNames(new Set([...PYTHON_BUILTINS, ...MODEL_GLOBALS, modelClassName]));
  }

  /** Writes instance `b` (its layers `nodes`) in a scope of its own; returns its class and its state (keys relative to it). */
  blockClass(b: FlatBlock, nodes: FlatNode[], inputs: TorchValue[]): { cls: BlockClass; state: NamedTensor[] } {
    const params = inputs.length === 1 ? ['x'] : inputs.map((_, k) => `x${k}`);
    const scope = new TorchScope(this, new Set([...PYTHON_BUILTINS, ...MODEL_GLOBALS, ...params]), b);
    [...new Set(b.inputs)].forEach((name, k) => scope.values.set(name, { ...inputs[k], expr: params[k] }));
    scope.emit(nodes);
    const out = scope.values.get(b.output);
    if (!out) throw new ExportError(`Block "${b.name}" (${b.type}) has no output in its PyTorch form.`);
    const body = `${scope.initSource()}

    def forward(self, ${params.join(', ')}):
${scope.forward.join('\n')}
        return ${out.expr}
`;
    // A repeated block says so where it is defined: "unit 32 ×3 (Block): 32×32×16 → 16×16×32".
    const times = repeatOf(b) > 1 ? ` ×${repeatOf(b)}` : '';
    const shapes = `${b.title ? `${b.title}${times} (${b.type})` : `${b.type}${times}`}: ${b.inputShapes.map(shapeText).join(', ')} → ${shapeText(b.outputShape)}`;
    // The code is part of the key: two instances share a class only when its source is theirs word for word.
    const key = JSON.stringify([b.type, b.params, b.inputShapes, inputs.map((v) => v.chwOf ?? null), out.chwOf ?? null, body]);
    let cls = this.classes.get(key);
    if (!cls) {
      cls = { name: this.classNames.take(blockClassBase(b)), body, shapes, outputChw: out.chwOf, users: [] };
      this.classes.set(key, cls);
    }
    cls.users.push(b.name);
    return { cls, state: scope.state };
  }

  /** The block classes, inner ones first (each is complete when its first instance is), with what uses them. */
  classesSource(): string {
    return [...this.classes.values()]
      .map((c) => `class ${c.name}(nn.Module):\n    ${pythonDocstring([`${c.shapes}.`, `Used ${c.users.length}× by ${c.users.join(', ')}.`]).replace(/\n/g, '\n    ')}\n\n${c.body}\n\n`)
      .join('');
  }
}

/** The instance of `scope` directly holding a layer inside `b` (undefined: the layer is the scope's own). */
function childBlock(b: FlatBlock | undefined, scope: FlatBlock | undefined): FlatBlock | undefined {
  let c = b;
  while (c && c.parent !== scope) c = c.parent;
  return c === scope ? undefined : c;
}

function within(b: FlatBlock | undefined, instance: FlatBlock): boolean {
  for (let c = b; c; c = c.parent) if (c === instance) return true;
  return false;
}

export class TorchScope {
  readonly init: string[] = [];
  readonly forward: string[] = [];
  /** Its tensors, keyed by attribute paths relative to this scope. */
  readonly state: NamedTensor[] = [];
  /** Flat node name → the value holding its output here. */
  readonly values = new Map<string, TorchValue>();
  /** The classifier head's logits (the network's scope only). */
  logits?: string;
  private readonly attrs = new PythonNames(MODULE_MEMBERS);
  readonly vars: PythonNames;

  constructor(
    private readonly writer: ModelWriter,
    reservedVars: ReadonlySet<string>,
    private readonly block?: FlatBlock,
  ) {
    this.vars = new PythonNames(reservedVars);
  }

  /** Writes `nodes` (contiguous, all inside this scope's block) in order; nested instances become submodules. */
  emit(nodes: FlatNode[]): void {
    for (let i = 0; i < nodes.length; ) {
      const child = childBlock(nodes[i].block, this.block);
      if (!child) {
        this.layer(nodes[i++]);
        continue;
      }
      let j = i + 1;
      while (j < nodes.length && within(nodes[j].block, child)) j++;
      this.instance(child, nodes.slice(i, j));
      i = j;
    }
  }

  initSource(): string {
    return `    def __init__(self):\n        super().__init__()\n${this.init.length ? this.init.join('\n') : '        pass'}`;
  }

  // Inside a block, names are the expansion's own (conv1), the same in every instance; at the top, the app's.
  private attrBase(n: { name: string; localName: string }): string {
    return torchAttributeName(this.block ? n.localName : n.name);
  }

  private instance(b: FlatBlock, nodes: FlatNode[]): void {
    const ins = [...new Set(b.inputs)].map((i) => this.values.get(i)!);
    const { cls, state } = this.writer.blockClass(b, nodes, ins);
    const a = this.attrs.take(this.attrBase(b));
    this.init.push(`        self.${a} = ${cls.name}()`);
    for (const t of state) this.state.push({ ...t, name: `${a}.${t.name}` });
    const v = this.vars.take(a.toLowerCase());
    this.forward.push(`        ${v} = self.${a}(${ins.map((i) => i.expr).join(', ')})`);
    this.values.set(b.output, { expr: v, chwOf: cls.outputChw });
  }

  private layer(n: FlatNode): void {
    if (n.type === 'Input') {
      this.values.set(n.name, { expr: 'x' });
      return;
    }
    const def = getPrimitiveLayer(n.type);
    if (!def?.torch) throw new ExportError(`Layer "${n.name}" (${n.type}) has no PyTorch form yet.`, n.sourceNodeId);
    const attr = this.attrBase(n);
    const ctx: TorchEmitContext = {
      name: n.name,
      attr,
      inputShapes: n.inputShapes,
      outputShape: n.outputShape,
      weights: (count) => layerWeights(this.writer.weights, n.name, count),
      module: (ctor, st, suffix) => {
        const a = this.attrs.take(suffix ? `${attr}_${suffix}` : attr);
        this.init.push(`        self.${a} = ${ctor}`);
        for (const [k, t] of Object.entries(st ?? {})) this.state.push({ name: `${a}.${k}`, shape: t.shape, data: t.data });
        return `self.${a}`;
      },
      helper: (source) => {
        const fn = /^def (\w+)/m.exec(source)?.[1];
        if (fn && !MODEL_GLOBALS.includes(fn)) throw new Error(`model.py helper ${fn}() must be listed in MODEL_GLOBALS so no layer variable shadows it.`);
        this.writer.helpers.add(source.trim());
      },
      assign: (expr) => {
        const v = this.vars.take(attr.toLowerCase());
        this.forward.push(`        ${v} = ${expr}`);
        return v;
      },
      logits: (expr) => {
        if (this.block) throw new ExportError(`Layer "${n.name}" (${n.type}) is the classifier head and cannot sit inside a block.`, n.sourceNodeId);
        this.logits = expr;
      },
      inHwcOrder: (v) => {
        if (!v.chwOf) return v.expr;
        const [h, w, c] = v.chwOf;
        const u = this.vars.take(`${v.expr}_hwc`);
        this.forward.push(`        ${u} = ${v.expr}.reshape(-1, ${c}, ${h}, ${w}).permute(0, 2, 3, 1).flatten(1)  # tfjs order H·W·C`);
        return u;
      },
    };
    this.values.set(n.name, def.torch(ctx, n.params, n.inputs.map((i) => this.values.get(i)!)));
  }
}
