// Issue #13: names are data in every export. Random hostile project, node and class names (see
// testing/hostileStrings) go through the real exporters on one small net; then ONE Python process
// py_compiles each model.py / train.py, compares its syntax tree with the plainly named export's (nothing
// added), parses the SVG with expat, runs model.py as `python model.py` would in torch and reads back
// CLASS_NAMES, the docstring and the outputs. A payload that ran would leave MARKER_FILE or print MARKER_TEXT.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Graph } from '../graph/schema';
import { TrainingSettingsSchema } from '../train/settings';
import { flattenGraph } from './flatGraph';
import { weightSetFromModel, type WeightSet } from './weights/weightSet';
import { exportPytorch } from './torch/exportPytorch';
import { torchAttributeName } from './torch/modelPy';
import { exportOnnx } from './onnx/exportOnnx';
import { onnx } from './onnx/onnxProto';
import { exportTfjs } from './tfjs/exportTfjs';
import { graphSvg } from './svg/graphSvg';
import { textLine } from './escape';
import { net } from './testing/nets';
import { randomImages, randomizedModel, toNchw } from './testing/trainedModel';
import { xmlElements } from './testing/xmlElements';
import { hostileString, ISSUE_13_ATTACK, MARKER_FILE, MARKER_TEXT } from './testing/hostileStrings';
import { findPython } from '../../node/testing/python';

const python = findPython();
const torchPython = findPython(['torch', 'safetensors', 'numpy']);

/** Every layer that writes forward() lines, a helper function (avg_pool_same), float('-inf') padding, chwOf. */
const safetyNet = (): Graph =>
  net([
    ['input', 'Input', { height: 6, width: 6, channels: 2 }, []],
    ['conv', 'Conv2D', { filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }, ['input']],
    ['pool', 'MaxPooling2D', { poolSize: 3, strides: 2, padding: 'same' }, ['conv']],
    ['avg', 'AveragePooling2D', { poolSize: 2, strides: 1, padding: 'same' }, ['conv']],
    ['bn', 'BatchNormalization', {}, ['avg']],
    ['pool2', 'MaxPooling2D', { poolSize: 2, strides: 2 }, ['bn']],
    ['cat', 'Concatenate', {}, ['pool', 'pool2']],
    ['flat', 'Flatten', {}, ['cat']],
    ['dense', 'Dense', { units: 4, activation: 'tanh' }, ['flat']],
    ['drop', 'Dropout', { rate: 0.2 }, ['dense']],
    ['output', 'Output', { classes: 3 }, ['drop']],
  ]);
const BASE = safetyNet();
const NODES = BASE.nodes.length;

interface Variant {
  label: string;
  project: string;
  /** One per node of BASE, in order ('' falls back to the id). */
  names: string[];
  classes: string[];
  /** Node ids for the picture (the exporters of code only see names). */
  ids: string[];
}

const PLAIN: Variant = { label: 'plain', project: 'Model', names: BASE.nodes.map((n) => n.id), classes: ['a', 'b', 'c'], ids: BASE.nodes.map((n) => n.id) };

const withNames = (v: Variant): Graph => ({ ...BASE, nodes: BASE.nodes.map((n, i) => ({ ...n, name: v.names[i] })) });

/** The same graph with every id replaced (edges follow), as the picture sees it. */
function withIds(v: Variant): Graph {
  const g = withNames(v);
  const id = new Map(g.nodes.map((n, i) => [n.id, v.ids[i]]));
  return { nodes: g.nodes.map((n) => ({ ...n, id: id.get(n.id)! })), edges: g.edges.map((e) => ({ ...e, id: `${id.get(e.source)}->${id.get(e.target)}`, source: id.get(e.source)!, target: id.get(e.target)! })) };
}

/** Collision-prone layer names: keywords, builtins, forward()'s parameters, model.py's globals, nn.Module members. */
const COLLIDING: string[][] = [
  ['x', 'forward', 'float', 'avg_pool_same', 'training', 'torch', 'Logits', 'Self', 'Import', 'eval', 'F'],
  ['input', 'to', 'a-b', 'a.b', 'a_b', '3x3', 'class', 'None', '__init__', '_modules', 'Net'],
  Array.from({ length: NODES }, () => 'load_weights'),
  ['X', 'INPUT_SHAPE', 'CLASS_NAMES', 'nn', 'logits', 'self', 'x_hwc', 'cat_hwc', 'sys', 'state_dict', 'parameters'],
];

const TABLE: Variant[] = [
  { ...PLAIN, label: 'issue #13 attack as the project name', project: ISSUE_13_ATTACK },
  { ...PLAIN, label: 'issue #13 attack as every node name', names: PLAIN.names.map(() => ISSUE_13_ATTACK) },
  { ...PLAIN, label: 'issue #13 attack as class names', classes: [ISSUE_13_ATTACK, `${ISSUE_13_ATTACK}'''`, '\\'] },
  ...COLLIDING.map((names, k) => ({ ...PLAIN, label: `colliding layer names ${k + 1}: ${names.join(' ')}`, names })),
];

const hostileVariant: fc.Arbitrary<Variant> = fc
  .record({
    project: hostileString(),
    names: fc.array(fc.oneof(hostileString(3), fc.constantFrom(...COLLIDING.flat())), { minLength: NODES, maxLength: NODES }),
    classes: fc.array(hostileString(3), { minLength: 3, maxLength: 3 }),
    ids: fc.array(hostileString(2), { minLength: NODES, maxLength: NODES }),
  })
  .map((v) => ({ ...v, label: 'random', ids: v.ids.map((id, i) => `${id}#${i}`) })); // ids stay unique

const settings = TrainingSettingsSchema.parse({});
let weights: WeightSet;
let model: tf.LayersModel;
let input: tf.Tensor4D;
let reference: Float32Array;

beforeAll(() => {
  model = randomizedModel(BASE);
  weights = weightSetFromModel(model);
  input = randomImages(2, [6, 6, 2], 3);
  reference = (model.predict(input) as tf.Tensor).dataSync() as Float32Array;
});

/** The base weights under the variant's layer names (renaming changes no number, so neither may the outputs). */
function renamedWeights(flat: ReturnType<typeof flattenGraph>): WeightSet {
  const base = flattenGraph(BASE);
  expect(flat.nodes.map((n) => n.sourceNodeId)).toEqual(base.nodes.map((n) => n.sourceNodeId));
  return new Map(base.nodes.flatMap((n, i) => (weights.has(n.name) ? [[flat.nodes[i].name, weights.get(n.name)!] as const] : [])));
}

function exportVariant(v: Variant) {
  const flat = flattenGraph(withNames(v));
  const ws = renamedWeights(flat);
  return { flat, ws, torch: exportPytorch(flat, ws, settings, { modelName: v.project, classNames: v.classes }), svg: graphSvg(withIds(v), { title: v.project }) };
}

/** What XML can carry of a string: characters it does not allow become U+FFFD. */
const xmlCarried = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const structure = (els: ReturnType<typeof xmlElements>) => els.map((e) => `${e.name}(${Object.keys(e.attributes).join(',')})`);

describe('the SVG picture holds names as text only', () => {
  it('same elements and attributes as the plainly named picture; title, names and ids read back', () => {
    fc.assert(
      fc.property(hostileVariant, (v) => {
        const els = xmlElements(graphSvg(withIds(v), { title: v.project }));
        // An empty project name draws no title.
        expect(structure(els)).toEqual(structure(xmlElements(graphSvg(withIds(PLAIN), { title: v.project && PLAIN.project }))));
        const texts = els.filter((e) => e.name === 'text').map((e) => e.text);
        if (v.project) expect(texts[0]).toBe(xmlCarried(v.project));
        const boxes = els.filter((e) => e.name === 'g');
        expect(boxes.map((g) => g.attributes['data-id'])).toEqual(v.ids.map(xmlCarried));
        for (const [i, name] of v.names.entries()) expect(texts).toContain(xmlCarried(name || v.ids[i]));
      }),
      { numRuns: 60 },
    );
  });
});

describe('README, ONNX and tfjs metadata hold names as data', () => {
  it('README.txt: the name on one line without controls; ONNX metadata_props and tfjs userDefinedMetadata read back exactly', async () => {
    const samples = [...TABLE, ...fc.sample(hostileVariant, 12)];
    for (const v of samples) {
      const { flat, ws, torch } = exportVariant(v);
      const readme = torch['README.txt'];
      expect(readme.split('\n')[0], v.label).toBe(`${textLine(v.project)} exported by CNN Studio.`);
      expect(readme).not.toMatch(/(?![\n\u200C\u200D])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
      const m = onnx.ModelProto.decode(exportOnnx(flat, ws, { modelName: v.project, classNames: v.classes })) as any;
      const props = Object.fromEntries(m.metadataProps.map((p: any) => [p.key, p.value]));
      expect(JSON.parse(props.class_names), v.label).toEqual(v.classes); // JSON escapes lone surrogates
      expect(m.graph.name).toMatch(/^[A-Za-z0-9_]*$/);
      const meta = JSON.parse((await exportTfjs(tf, model, { modelName: v.project, classNames: v.classes }))['model.json']).userDefinedMetadata.cnnStudio;
      expect(meta.name, v.label).toBe(v.project);
      expect(meta.classNames, v.label).toEqual(v.classes);
    }
  });
});

// Per variant folder: compile both files, the shape of their syntax trees, the SVG's element count (expat),
// and with torch: run model.py as __main__, then CLASS_NAMES, __doc__ and the outputs for x.bin.
const CHECK = `
import ast, contextlib, io, json, os, py_compile, runpy, sys
import xml.etree.ElementTree as ET
root, run = sys.argv[1], sys.argv[2] == "run"
cases = json.load(open(os.path.join(root, "cases.json"), encoding="utf-8"))
members = []
if run:
    import numpy as np, torch, torch.nn as nn
    x = torch.from_numpy(np.fromfile(os.path.join(root, "x.bin"), dtype="<f4").reshape(cases["xShape"]))
    members = sorted(n for n in set(dir(nn.Module)) | set(dir(nn.Module())) if not n.startswith("_"))

def tree_shape(path):
    return " ".join(type(n).__name__ for n in ast.walk(ast.parse(open(path, "rb").read())))

out = []
for d in cases["dirs"]:
    folder = os.path.join(root, d)
    r = {}
    try:
        for f in ("model.py", "train.py"):
            py_compile.compile(os.path.join(folder, f), cfile=os.path.join(root, "compiled.pyc"), doraise=True)
        r["modelTree"] = tree_shape(os.path.join(folder, "model.py"))
        r["trainTree"] = tree_shape(os.path.join(folder, "train.py"))
        r["svgElements"] = len(list(ET.parse(os.path.join(folder, "picture.svg")).getroot().iter()))
        if run:
            os.chdir(folder)
            sys.argv = ["model.py", "model.safetensors"]
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                g = runpy.run_path("model.py", run_name="__main__")
            r["printed"] = printed.getvalue()
            r["classNames"] = g["CLASS_NAMES"]
            r["doc"] = g["__doc__"]
            net = g["load_weights"](g["Net"]()).eval()
            with torch.no_grad():
                r["y"] = net(x).flatten().tolist()
                r["softmaxOfLogits"] = torch.softmax(net(x, logits=True), 1).flatten().tolist()
    except BaseException as e:
        r["error"] = type(e).__name__ + ": " + str(e)
    out.append(r)
json.dump({"cases": out, "moduleMembers": members}, open(os.path.join(root, "result.json"), "w"))
`;

const filesNamed = (dir: string, name: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesNamed(path.join(dir, e.name), name) : e.name === name ? [path.join(dir, e.name)] : []));

describe.skipIf(!python)('model.py and train.py hold names as data (Python; runs them when torch is there)', () => {
  it('compile, add no syntax, run without the payload, and read back every name', () => {
    const variants = [PLAIN, ...TABLE, ...fc.sample(hostileVariant, 40)];
    const root = mkdtempSync(path.join(tmpdir(), 'cnn-names-'));
    const svgElements = variants.map((v, i) => {
      const dir = path.join(root, `v${i}`);
      mkdirSync(dir);
      const { torch, svg } = exportVariant(v);
      for (const f of ['model.py', 'train.py', 'model.safetensors'] as const) writeFileSync(path.join(dir, f), torch[f]);
      writeFileSync(path.join(dir, 'picture.svg'), svg);
      return xmlElements(svg).length;
    });
    writeFileSync(path.join(root, 'x.bin'), toNchw(input));
    writeFileSync(path.join(root, 'cases.json'), JSON.stringify({ dirs: variants.map((_, i) => `v${i}`), xShape: [2, 2, 6, 6] }));
    writeFileSync(path.join(root, 'check.py'), CHECK);
    const py = spawnSync(torchPython ?? python!, ['check.py', root, torchPython ? 'run' : 'compile'], { cwd: root, encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    expect(py.stdout + py.stderr).not.toContain(MARKER_TEXT);
    expect(filesNamed(root, MARKER_FILE)).toEqual([]);
    const { cases, moduleMembers } = JSON.parse(readFileSync(path.join(root, 'result.json'), 'utf8'));
    const [plain] = cases;
    variants.forEach((v, i) => {
      const r = cases[i];
      const what = `${v.label}: ${JSON.stringify({ project: v.project, names: v.names, classes: v.classes })}`;
      expect(r.error, what).toBeUndefined();
      expect(r.modelTree, what).toBe(plain.modelTree);
      expect(r.trainTree, what).toBe(plain.trainTree);
      expect(r.svgElements, what).toBe(svgElements[i]); // expat agrees with the strict check
      if (!torchPython) return;
      expect(r.printed, what).not.toContain(MARKER_TEXT);
      expect(r.classNames, what).toEqual(v.classes);
      expect(r.doc.startsWith(`${v.project} — generated by CNN Studio.\n\nInput:`), what).toBe(true);
      expect(Math.max(...r.y.map((y: number, k: number) => Math.abs(y - reference[k]))), what).toBeLessThanOrEqual(1e-5);
      expect(Math.max(...r.y.map((y: number, k: number) => Math.abs(y - r.softmaxOfLogits[k]))), what).toBeLessThanOrEqual(1e-6);
    });
    // Every member of this torch's nn.Module is renamed when a layer has its name.
    expect(moduleMembers.filter((m: string) => torchAttributeName(m) === m)).toEqual([]);
  });
});
