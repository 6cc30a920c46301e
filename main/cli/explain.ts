// `cnn-studio explain <project|template> --weights DIR --image FILE --out DIR [--class NAME] [--json]`: what the
// network sees in one image (issue #15). Writes into --out:
//   activations/<node>.npy  every top-level node's output, float32: maps channel-first [C, H, W], vectors [units];
//   activations/<node>.png  the channels side by side, each scaled by its own min/max;
//   filters/<node>.npy/.png each Conv2D / DepthwiseConv2D node's kernels [K, C, F, F] (PyTorch OIHW);
//   gradcam/<node>.npy/.png every spatial node after the Input: Grad-CAM [H, W] at the node's resolution
//                           (max 1) for the predicted class or --class, and its overlay on the image;
//   <kind>/<block>/<inner>.npy/.png  the same for every node inside a composite block (ResidualBlock,
//                           InceptionBlock; nested blocks: <block>/<inner>/<inner>.npy), e.g.
//                           activations/residualblock1/conv1.npy, filters/residualblock1/conv1.npy;
//   prediction.json         class names, probabilities, the prediction, and each node's files (inner nodes
//                           by their path "<block>/<inner>", with the block they lie in).
// The image is decoded and fitted as training does (node/data/decodeImage: the project's resize policy, its
// channels), then scaled by the weights' own normalisation. Without trained weights the network is explained
// with its initial weights and stderr says the filters are still random. Exit 0 done, 1 the network or its
// weights cannot be used, 2 misuse (a missing or non-image --image, an unknown --class, an impossible --out).
// Each folder is written as one file set (node/fs/fileSet.ts); prediction.json is written last.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defineCommand } from './command';
import { flag, text } from './options';
import { loadProjectArg, PROJECT_ARGUMENT } from './loadProject';
import { imageClassifier } from './imageClassifier';
import { checkOutputFolder } from '../../node/fs/outputFolder';

/** Larger than any image the decoder accepts is refused before it is read. */
const MAX_IMAGE_BYTES = 512 * 1024 * 1024;

/** File names from node ids: the safe characters kept, the rest '_', duplicates numbered (as tfjs layer names are) — case-insensitively, for case-insensitive file systems. */
export function nodeFileNames(ids: readonly string[]): Map<string, string> {
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const id of ids) {
    let base = id.replace(/[^A-Za-z0-9._-]/g, '_');
    if (!base || base.startsWith('.')) base = `n${base}`;
    let name = base;
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base}_${k}`;
    used.add(name.toLowerCase());
    out.set(id, name);
  }
  return out;
}

/**
 * File paths (without extension) for node ids and inner paths "<block>/<inner>" (a block listed before its
 * inside): top-level ids as nodeFileNames names them, an inner node in its block's folder, "<block file>/<inner>",
 * its name made safe and unique within that folder.
 */
export function nodeFilePaths(ids: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const byFolder = new Map<string, string[]>();
  for (const id of ids) {
    const cut = id.lastIndexOf('/');
    const parent = cut < 0 ? '' : id.slice(0, cut);
    const list = byFolder.get(parent) ?? [];
    list.push(id);
    byFolder.set(parent, list);
  }
  const name = (folder: string) => {
    const members = byFolder.get(folder) ?? [];
    const names = nodeFileNames(members.map((id) => id.slice(id.lastIndexOf('/') + 1)));
    // nodeFileNames keys by the (unique) segment; segments are unique within one folder as ids are in one graph.
    for (const id of members) {
      const file = names.get(id.slice(id.lastIndexOf('/') + 1))!;
      out.set(id, folder ? `${out.get(folder) ?? folder}/${file}` : file);
      if (byFolder.has(id)) name(id);
    }
  };
  name('');
  return out;
}

export const explainCommand = defineCommand({
  name: 'explain',
  summary: "Show what a network sees in one image: every layer's maps (each composite block's inner layers too, in <block>/ folders), the filters and Grad-CAM as .npy + .png, and the prediction",
  arguments: [PROJECT_ARGUMENT],
  options: {
    image: text({ placeholder: 'FILE', description: 'the image to explain (PNG, JPEG, BMP, GIF, WebP or TIFF), fitted to the Input as in training', required: true }),
    out: text({ placeholder: 'DIR', description: 'the folder for activations/, filters/, gradcam/ (a composite block\'s inner layers in <block>/ subfolders) and prediction.json, made if missing', required: true }),
    weights: text({ placeholder: 'DIR', description: 'a folder with model.json + weights.bin, as `cnn-studio train --out` writes', defaultText: "the project's own weights folder; none: the initial (random) weights" }),
    class: text({ placeholder: 'NAME', description: 'the class Grad-CAM explains: a class name (or its index)', defaultText: 'the predicted class' }),
    json: flag('print a JSON summary on stdout (prediction and files) instead of text'),
  },
  examples: ['cnn-studio explain lenet5 --weights runs/lenet --image three.png --out explained', 'cnn-studio explain my.cnnproj --image cat.jpg --class cat --out explained --json'],
  async run({ args: [project], options: o, verbose }, io) {
    const loaded = await loadProjectArg(project);
    if (!loaded.ok) return (io.err(`explain: ${loaded.message}`), 2);
    const { doc } = loaded;
    const out = path.resolve(o.out);
    try {
      await checkOutputFolder(out);
    } catch (e) {
      return (io.err(`explain: --out ${(e as Error).message}`), 2);
    }

    const classifier = await imageClassifier(doc, 'explain');
    if (!classifier.ok) return (io.err(classifier.message), 1);
    const { analysis, classNames } = classifier;
    const [H, W, C] = classifier.shape;
    let camClass: number | undefined;
    if (o.class !== undefined) {
      camClass = classNames.indexOf(o.class);
      if (camClass < 0 && /^\d+$/.test(o.class) && Number(o.class) < classNames.length) camClass = Number(o.class);
      if (camClass < 0) return (io.err(`explain: --class "${o.class}" is not one of the classes: ${classNames.join(', ')}.`), 2);
    }

    // The image, decoded and fitted as training decodes an image folder.
    const imageFile = path.resolve(o.image);
    const stat = await fs.stat(imageFile).catch(() => undefined);
    if (!stat?.isFile()) return (io.err(`explain: --image ${o.image}: ${stat ? 'is not a file' : 'no such file'} — give an image file (PNG, JPEG, …).`), 2);
    if (stat.size > MAX_IMAGE_BYTES) return (io.err(`explain: --image ${o.image}: ${(stat.size / 1048576).toFixed(0)} MB is larger than any image this reads — give an image file.`), 2);
    const { decodeImage } = await import('../../node/data/decodeImage');
    let pixels: Uint8Array;
    try {
      const bytes = new Uint8Array(await fs.readFile(imageFile));
      pixels = (await decodeImage(bytes, { height: H, width: W, channels: C, resize: doc.dataset.options?.resize ?? 'stretch' })).pixels;
    } catch (e) {
      return (io.err(`explain: --image ${o.image} is not an image this can read: ${(e as Error).message}`), 2);
    }

    // The weights: --weights, else the project's own folder, else the initial ones (said on stderr).
    let weightsDir: string | undefined;
    if (o.weights !== undefined) weightsDir = path.resolve(o.weights);
    else if (doc.weights && loaded.source.endsWith('.cnnproj')) weightsDir = path.resolve(path.dirname(path.resolve(loaded.source)), doc.weights.path);
    let saved;
    if (weightsDir) {
      const { readWeightsFolder } = await import('../../node/export/writeExport');
      try {
        saved = await readWeightsFolder(doc, weightsDir);
      } catch (e) {
        return (io.err(`explain: cannot use the weights in ${weightsDir}: ${(e as Error).message}`), 1);
      }
    } else
      io.err(`explain: note: ${loaded.source} has no trained weights — explaining the initial weights, so the filters are still random (train it with \`cnn-studio train ${project} --out W\` and pass --weights W).`);

    const { normalizeInPlace } = await import('../../src/train/batches');
    const input = new Float32Array(pixels.length);
    for (let i = 0; i < pixels.length; i++) input[i] = pixels[i] / 255;
    normalizeInPlace(input, C, saved?.normalization);

    const { tf } = await (await import('../../node/train/trainBackend')).loadTfForNode('wasm', { verbose, log: io.err });
    const { buildTfModelWithAnalysis } = await import('../../src/train/buildTfModel');
    const { applyWeights } = await import('../../src/train/applyWeights');
    const learn = await import('../../src/learn/index');
    const npy = await import('../../node/learn/npy');
    const images = await import('../../node/learn/images');
    const { writeFileSetAtomically } = await import('../../node/fs/fileSet');

    let built;
    try {
      built = buildTfModelWithAnalysis(doc.graph, tf, analysis);
      if (saved) applyWeights(tf, built.model, saved);
    } catch (e) {
      return (io.err(`explain: ${(e as Error).message}`), 1);
    }
    const { model } = built;
    // Every node, and the nodes inside composite blocks right after their block (nodeId "<block>/<inner>").
    const acts = await learn.layerActivations(tf, doc.graph, model, input, { inside: true });
    const probabilities = Array.from(acts.find((a) => a.nodeId === analysis.outputNodeId)?.data ?? []);
    const predicted = probabilities.indexOf(Math.max(...probabilities));
    const fileOf = nodeFilePaths(acts.map((a) => a.nodeId));
    const insides = new Map(learn.innerNodes(doc.graph, analysis).map((n) => [n.path, n] as const));

    const activationFiles: Record<string, Uint8Array> = {};
    const filterFiles: Record<string, Uint8Array> = {};
    const camFiles: Record<string, Uint8Array> = {};
    const nodes: Record<string, unknown>[] = [];
    const problems: string[] = [];
    // Grad-CAM at every spatial node after the Input from one backward pass (src/learn/gradCams.ts); if that
    // fails, node by node, so each failure is said for its own node.
    const camIds = acts.filter((a) => a.shape.length === 3 && learn.nodeAt(doc.graph, a.nodeId, analysis)?.node.type !== 'Input').map((a) => a.nodeId);
    const cams = new Map<string, Awaited<ReturnType<typeof learn.gradCam>> | Error>();
    try {
      for (const cam of await learn.gradCams(tf, doc.graph, model, input, camIds, camClass ?? predicted)) cams.set(cam.nodeId, cam);
    } catch {
      for (const id of camIds) cams.set(id, await learn.gradCam(tf, doc.graph, model, input, id, camClass ?? predicted).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
    }
    for (const act of acts) {
      const node = learn.nodeAt(doc.graph, act.nodeId, analysis)!.node;
      const inner = insides.get(act.nodeId);
      const f = fileOf.get(act.nodeId)!;
      const entry: Record<string, unknown> = { nodeId: act.nodeId, name: inner?.label ?? analysis.nodes[act.nodeId]?.name ?? act.nodeId, type: node.type, ...(inner ? { block: inner.block } : {}), shape: act.shape, min: act.min, max: act.max };
      const chw = act.shape.length === 3 ? npy.hwcToChw(act.data, act.shape) : act.data;
      const npyShape = act.shape.length === 3 ? [act.shape[2], act.shape[0], act.shape[1]] : [act.data.length];
      activationFiles[`${f}.npy`] = npy.encodeNpy(chw, npyShape);
      activationFiles[`${f}.png`] = await images.mapGrid(act.data, act.shape);
      entry.activation = `activations/${f}.npy`;
      const filters = learn.convFilters(doc.graph, model, act.nodeId);
      if (filters) {
        filterFiles[`${f}.npy`] = npy.encodeNpy(filters.data, filters.shape);
        filterFiles[`${f}.png`] = await images.filterGrid(filters.data, filters.shape);
        entry.filters = `filters/${f}.npy`;
      }
      const cam = cams.get(act.nodeId);
      if (cam instanceof Error) problems.push(`no Grad-CAM for ${entry.name as string}: ${cam.message}`);
      else if (cam) {
        camFiles[`${f}.npy`] = npy.encodeNpy(cam.cam, [cam.height, cam.width]);
        camFiles[`${f}.png`] = await images.camOverlay(pixels, H, W, C, cam.cam, cam.height, cam.width);
        entry.gradcam = `gradcam/${f}.npy`;
      }
      nodes.push(entry);
    }
    const prediction = {
      image: imageFile,
      weights: saved ? weightsDir : null,
      classNames,
      probabilities,
      predicted: { index: predicted, name: classNames[predicted] },
      gradCamClass: { index: camClass ?? predicted, name: classNames[camClass ?? predicted] },
      defaultCamNode: learn.defaultCamNode(doc.graph, analysis) ?? null,
      nodes,
    };
    const written: string[] = [];
    try {
      // One file set per folder: activations/ and each block's activations/<block>/ (inner files' keys hold their folder).
      for (const [dir, files] of [['activations', activationFiles], ['filters', filterFiles], ['gradcam', camFiles]] as const)
        for (const [folder, set] of byFolder(files)) written.push(...(await writeFileSetAtomically(path.join(out, dir, folder), set)).files);
      written.push(...(await writeFileSetAtomically(out, { 'prediction.json': `${JSON.stringify(prediction, null, 2)}\n` })).files);
    } catch (e) {
      return (io.err(`explain: could not write into ${out}: ${(e as Error).message}`), 1);
    } finally {
      model.dispose();
    }
    for (const p of problems) io.err(`explain: ${p}`);
    if (o.json) io.out(JSON.stringify({ out, predicted: prediction.predicted, probabilities, gradCamClass: prediction.gradCamClass, randomWeights: !saved, files: written.length }));
    else {
      const top = probabilities.map((p, i) => [p, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 3);
      io.out(`Predicted ${classNames[predicted]} (${top.map(([p, i]) => `${classNames[i]} ${(p * 100).toFixed(1)}%`).join(', ')})`);
      const innerCount = acts.filter((a) => insides.has(a.nodeId)).length;
      io.out(`Wrote ${written.length} files into ${out}: activations/ (${Object.keys(activationFiles).length / 2} nodes${innerCount ? `, ${innerCount} of them inside blocks` : ''}), filters/ (${Object.keys(filterFiles).length / 2}), gradcam/ (${Object.keys(camFiles).length / 2}, class ${prediction.gradCamClass.name}), prediction.json`);
    }
    return 0;
  },
});

/** Files keyed "<folder>/<name>" grouped by folder ('' first, then each block's folder after its parent's). */
function byFolder(files: Record<string, Uint8Array>): [string, Record<string, Uint8Array>][] {
  const out = new Map<string, Record<string, Uint8Array>>();
  for (const [key, data] of Object.entries(files)) {
    const cut = key.lastIndexOf('/');
    const folder = cut < 0 ? '' : key.slice(0, cut);
    const set = out.get(folder) ?? {};
    set[key.slice(cut + 1)] = data;
    out.set(folder, set);
  }
  return [...out].sort(([a], [b]) => a.split('/').length - b.split('/').length);
}
