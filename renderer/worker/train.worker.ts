// The training worker: tfjs off the main thread, so the editor never stalls while a model trains.
// Backend: the one the settings name, or for 'auto' the fastest of WebGPU, WebGL and wasm as timed on a few
// steps of the run's model (remembered per machine and model size), a GPU backend on a software renderer
// (SwiftShader) passed over untimed; a lost WebGPU device restarts training on the next backend with a
// notice. Progress is batched to at most ~4 messages a second.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { AUTO_ORDER, chooseBackend, type BackendName, type MeasureOptions } from '../../src/train/backend';
import { measurementKey, timingOrder, trainingTimer, type TimingWorkload } from '../../src/train/backendTiming';
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import { forgetChoices, recallChoice, rememberChoice } from './backendMemory';
import { timingWorkerTimer } from './gpuTiming';
import { registerWasmBackend, simdModuleReady, wantedThreads, wasmThreading } from './wasmBackend';
import { machineIdentity, vetGpuBackend, webGpuAdapterName } from './gpuProbe';
import { buildTfModelWithAnalysis } from '../../src/train/buildTfModel';
import { withSeededRandom } from '../../src/train/random';
import { train, type TrainResult } from '../../src/train/trainer';
import { TrainingControl } from '../../src/train/control';
import { applyWeights, exportWeights } from '../../src/train/applyWeights';
import { isStreamed, type InMemoryDataset, type StreamedDataset, type TrainingDataset } from '../../src/data/dataset';
import { normalizeInPlace } from '../../src/train/batches';
import type { TrainingSettings } from '../../src/train/settings';
import type { Graph } from '../../src/graph/schema';
import { takeFirst } from '../../src/data/mnist';
import { createWebClient } from '../../src/contract/webClient';
import { graphHash } from '../../src/train/graphHash';
import { layerActivations } from '../../src/learn/activations';
import { gradCam } from '../../src/learn/gradCam';
import { convFilters } from '../../src/learn/filters';
import { ToWorkerSchema, transferList, type BatchPoint, type FromWorker, type Gallery, type InspectFilters, type Inspection, type ResultMessage, type ToWorker, type WeightsMessage } from './messages';
import { cellImages } from './cellSamples';
import { patchImage, topPatchesJob } from './topPatchesJob';
import { RobustnessCancelled, robustnessJob } from './robustnessJob';
import { startLive, type LiveStart } from './liveJob';
import { EvaluateCancelled, evaluateJob } from './evaluateJob';

const GALLERY_SIZE = 48;

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

let model: tf.LayersModel | undefined;
let control: TrainingControl | undefined;
let deviceLost = false;
let current: BackendName | undefined;
/** The input normalisation of the model in hand (from the dataset it trained on, or the loaded weights). */
let normalization: InMemoryDataset['normalization'];
/** The graph `model` was built from (graphHash), so Learn knows whether the model fits the graph it shows. */
let modelHash: string | undefined;
/** Learn's model with random initial weights, for a graph the worker has no trained model of. */
let scratch: { hash: string; model: tf.LayersModel } | undefined;
/** The backend choice in flight for Learn's first look, if any. */
let backendPick: Promise<BackendName> | undefined;
/**
 * The dataset `model` last trained on and its validation split (the trainer's indices), kept so the confusion
 * matrix's cells and the top patches per channel can read exactly the samples the evaluation counted.
 */
let trainedOn: { dataset: TrainingDataset; validation?: NonNullable<TrainResult['validation']> } | undefined;
/** Robustness sweeps asked to stop, by request id. */
const robustnessCancels = new Set<number>();
/** Evaluations asked to stop, by request id. */
const evaluateCancels = new Set<number>();
/** The running start's live views request (Learn's probe image), if any: kept for a restart on the next backend. */
let liveRequest: LiveStart | undefined;

/** HWC uint8 pixels of these samples of `ds`, back to back (in memory: copied; streamed: read from the main thread). */
async function samplePixels(ds: TrainingDataset, indices: readonly number[]): Promise<Uint8Array> {
  if (!indices.length) return new Uint8Array(0);
  if (isStreamed(ds)) return ds.readSamples(indices);
  const size = ds.height * ds.width * ds.channels;
  const out = new Uint8Array(indices.length * size);
  indices.forEach((idx, i) => out.set(ds.images.subarray(idx * size, (idx + 1) * size), i * size));
  return out;
}

/** Learn's look inside: the model of this graph (trained, or random weights), every node's output, prediction, CAM, filters. */
async function inspect(msg: Extract<ToWorker, { type: 'inspect' }>): Promise<{ result: Inspection; transfer: ArrayBuffer[] }> {
  // One backend choice shared by looks sent back to back (two parallel setBackend calls left wasm half set up).
  if (!current) await (backendPick ??= setBackend(msg.backend ?? 'auto'));
  const hash = graphHash(msg.graph);
  const fits = !!model && modelHash === hash;
  let m: tf.LayersModel;
  if (fits) m = model!;
  else {
    if (scratch?.hash !== hash) {
      scratch?.model.dispose();
      scratch = { hash, model: buildTfModelWithAnalysis(msg.graph, tf).model };
    }
    m = scratch.model;
  }
  const [, h, w, c] = m.inputs[0].shape as number[];
  if (msg.pixels.length !== h * w * c) throw new Error(`The image has ${msg.pixels.length} values; the model takes ${h}×${w}×${c}.`);
  const x = Float32Array.from(msg.pixels, (v) => v / 255);
  if (fits) normalizeInPlace(x, c, normalization); // as the model saw its training data
  // The nodes inside composite blocks too (nodeId "<block>/<inner>"), so a block's inside can be inspected node by node.
  const activations = await layerActivations(tf, msg.graph, m, x, { inside: true });
  const probsT = tf.tidy(() => m.predict(tf.tensor4d(x, [1, h, w, c])) as tf.Tensor);
  const probs = (await probsT.data()) as Float32Array;
  probsT.dispose();
  let cam: Inspection['cam'];
  let camError: string | undefined;
  try {
    cam = await gradCam(tf, msg.graph, m, x, msg.cam?.nodeId, msg.cam?.classIndex);
  } catch (e) {
    camError = e instanceof Error ? e.message : String(e);
  }
  const filters: Record<string, InspectFilters> = {};
  for (const id of msg.filters ?? []) {
    const f = convFilters(msg.graph, m, id);
    if (f) filters[id] = f;
  }
  const result: Inspection = { untrained: !fits, reason: fits ? undefined : model ? 'stale' : 'none', training: fits && !!control, probs, activations, cam, camError, filters };
  const transfer = transferList(probs, cam?.cam, ...activations.map((a) => a.data), ...Object.values(filters).flatMap((f) => [f.data, f.bias]));
  return { result, transfer };
}

// Streamed datasets: pixels come from the main thread on request ('readSamples' → 'samples').
const reads = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();
let readSeq = 0;
function readFromMain(indices: readonly number[]): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const id = ++readSeq;
    reads.set(id, { resolve, reject });
    post({ type: 'readSamples', id, indices: [...indices] });
  });
}

/** The first `limit` samples (quick experiments), in memory or streamed. */
function firstSamples(ds: TrainingDataset, limit: number): TrainingDataset {
  if (!isStreamed(ds)) return takeFirst(ds, limit);
  if (limit >= ds.n) return ds;
  // As takeFirst: a validation split that the limit leaves empty is dropped, so the trainer makes its seeded one.
  const validationIndices = ds.validationIndices?.filter((i) => i < limit);
  return { ...ds, n: limit, labels: ds.labels.subarray(0, limit), validationIndices: validationIndices?.length ? validationIndices : undefined };
}

/**
 * 'auto' for a training run: time the contenders on its model (src/train/backendTiming.ts), unless this machine
 * measured a model of this size before. A restart after a lost device measures the rest but remembers
 * nothing: the device may be back next time.
 */
function measureFor(workload: TimingWorkload, remember: boolean): MeasureOptions {
  const { trainable, macs } = analyzeGraph(workload.graph).totals;
  const batchSize = workload.settings.batchSize ?? 64;
  let key: Promise<string> | undefined;
  const keyOf = () => (key ??= machineIdentity().then((machine) => measurementKey(machine, { params: trainable, macs, batchSize })));
  const here = trainingTimer(tf, workload);
  const apart = timingWorkerTimer(workload);
  return {
    // wasm steps here (its step blocks this worker anyway, and its threads are already up); a GPU backend in a
    // timing worker of its own that is terminated at its share's end.
    time: (name, limits) => (name === 'webgpu' || name === 'webgl' ? apart : here)(name, limits),
    contenders: timingOrder({ macs, batchSize }, wantedThreads().threads),
    recall: async () => recallChoice(await keyOf()),
    remember: remember ? async (r) => rememberChoice(await keyOf(), r) : undefined,
    onMeasure: (contenders) => post({ type: 'backendMeasuring', contenders }),
  };
}

async function setBackend(preference: TrainingSettings['backend'], exclude: BackendName[] = [], workload?: TimingWorkload): Promise<BackendName> {
  registerWasmBackend();
  const order = AUTO_ORDER.filter((b) => !exclude.includes(b));
  const pref = preference === 'auto' || exclude.includes(preference as BackendName) ? 'auto' : (preference as BackendName);
  // Learn's looks and loaded weights have no run to time: they take the first that starts.
  const measure = pref === 'auto' && workload ? measureFor(workload, exclude.length === 0) : undefined;
  const choice = await chooseBackend(tf, pref, order, vetGpuBackend, measure);
  current = choice.backend;
  deviceLost = false;
  if (choice.backend === 'webgpu') {
    const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
    device?.lost.then((info) => {
      deviceLost = true;
      post({ type: 'notice', message: `The GPU device was lost (${info.message || info.reason}).` });
    });
  }
  // wasm: how many threads XNNPACK got (shown beside the name), and why one where the machine has more.
  const wasm = choice.backend === 'wasm' ? wasmThreading() : undefined;
  const simd = wasm ? await simdModuleReady(tf.backend()) : undefined;
  const detail = choice.backend === 'webgpu' ? await webGpuAdapterName() : wasm ? `${wasm.threads} thread${wasm.threads === 1 ? '' : 's'}` : undefined;
  post({ type: 'backend', backend: choice.backend, adapter: detail, threads: wasm?.threads, simd, skipped: choice.skipped, measured: choice.measured, rememberedAt: choice.rememberedAt });
  if (wasm?.reason && wasm.threads === 1) post({ type: 'notice', message: `WebAssembly runs on one thread: ${wasm.reason}.` });
  return choice.backend;
}

/** Up to GALLERY_SIZE validation samples, the wrong ones first (half the grid at most). */
async function gallery(ds: TrainingDataset, v: NonNullable<TrainResult['validation']>): Promise<Gallery> {
  const all = v.indices.map((idx, k) => ({ idx, k, wrong: v.predicted[k] !== ds.labels[idx] }));
  const wrong = all.filter((s) => s.wrong);
  const shown = [...wrong.slice(0, GALLERY_SIZE / 2), ...all.filter((s) => !s.wrong)].slice(0, GALLERY_SIZE);
  const images = await samplePixels(ds, shown.map((s) => s.idx));
  return {
    images,
    height: ds.height,
    width: ds.width,
    channels: ds.channels,
    labels: shown.map((s) => ds.labels[s.idx]),
    predicted: shown.map((s) => v.predicted[s.k]),
    confidence: shown.map((s) => v.confidence[s.k]),
    wrongTotal: wrong.length,
    total: all.length,
  };
}

async function toResult(r: TrainResult, ds: TrainingDataset): Promise<ResultMessage> {
  return {
    status: r.status,
    failure: r.failure,
    history: r.history,
    bestEpoch: r.bestEpoch,
    evaluation: r.evaluation,
    validation: r.validation,
    gallery: r.validation ? await gallery(ds, r.validation) : undefined,
    normalization: ds.normalization,
    classNames: ds.classNames,
    seconds: r.seconds,
    samplesPerSec: r.samplesPerSec,
  };
}

async function fetchDataset(src: { baseUrl: string; token: string; name: 'mnist' }): Promise<InMemoryDataset> {
  const d = await createWebClient({ baseUrl: src.baseUrl, token: src.token, fetch: (url, init) => fetch(url, init) }).invoke('train.loadBuiltinDataset', { name: src.name });
  return { images: d.images, labels: d.labels, n: d.n, height: d.height, width: d.width, channels: d.channels, classNames: d.classNames };
}

async function runTraining(graph: Graph, settings: TrainingSettings, dataset: TrainingDataset, ctl: TrainingControl, initial?: WeightsMessage, exclude: BackendName[] = []): Promise<void> {
  await setBackend(settings.backend, exclude, { graph, settings });
  model?.dispose();
  // A fresh start draws its weights from the run's seed, so the same seed and backend give the same curves.
  const built = initial ? buildTfModelWithAnalysis(graph, tf) : withSeededRandom(settings.seed, () => buildTfModelWithAnalysis(graph, tf));
  model = built.model;
  modelHash = graphHash(graph);
  if (initial) applyWeights(tf, model, initial);
  control = ctl;
  let points: BatchPoint[] = [];
  let lastPost = 0;
  const live = liveRequest
    ? await startLive(tf, { graph, model, dataset, settings }, liveRequest, samplePixels, post).catch((e: unknown) => void post({ type: 'notice', message: `Live views are off for this run: ${e instanceof Error ? e.message : String(e)}` }))
    : undefined;
  const result = await train({
    tf,
    model,
    dataset,
    settings,
    control,
    graph, // its nodes' trainable / lrMultiplier flags (fine-tuning)
    activationBytesPerSample: built.analysis.totals.activationBytes,
    callbacks: {
      onStart: (s) => (live?.plan(s.batchesPerEpoch), post({ type: 'started', ...s, params: model!.countParams() })),
      afterStep: live?.afterStep,
      onBatch: (b) => {
        points.push({ step: b.step, epoch: b.epoch, loss: b.loss, acc: b.acc });
        const now = performance.now();
        if (now - lastPost >= 250 || b.batch === b.batchesPerEpoch - 1) {
          lastPost = now;
          post({ type: 'batches', points, samplesPerSec: b.samplesPerSec, epoch: b.epoch, batch: b.batch, batchesPerEpoch: b.batchesPerEpoch, paused: control?.state === 'paused' });
          points = [];
        }
      },
      onEpoch: (e) => post({ type: 'epoch', report: e }),
    },
  });
  if (result.status === 'failed' && (deviceLost || result.failure?.code === 'device-lost') && current === 'webgpu') {
    post({ type: 'notice', message: 'WebGPU stopped working; training again from the start on the next backend.' });
    return runTraining(graph, settings, dataset, new TrainingControl(), initial, [...exclude, 'webgpu']);
  }
  const weights = result.status !== 'failed' || result.bestEpoch !== undefined ? { ...(await exportWeights(tf, model)), normalization: dataset.normalization, classNames: dataset.classNames } : undefined;
  trainedOn = { dataset, validation: result.validation };
  const done = await toResult(result, dataset);
  // Moved, not copied: the worker has no further use for the weights' bytes or the gallery's pixels.
  post({ type: 'done', result: done, weights }, transferList(weights?.weightData, done.gallery?.images));
  control = undefined;
}

self.onmessage = async (ev: MessageEvent) => {
  const parsed = ToWorkerSchema.safeParse(ev.data);
  if (!parsed.success) return post({ type: 'error', message: `Training worker got a bad message: ${parsed.error.issues[0]?.message}` });
  const msg = parsed.data;
  try {
    switch (msg.type) {
      case 'start':
        if (control) return post({ type: 'error', message: 'Training is already running — stop it first.' });
        {
          // Created now so a pause or stop sent while the data loads is kept.
          const ctl = (control = new TrainingControl());
          const streamed: StreamedDataset | undefined = msg.streamedDataset ? { ...msg.streamedDataset, readSamples: readFromMain } : undefined;
          const full: TrainingDataset | undefined = msg.dataset ? (msg.dataset as InMemoryDataset) : (streamed ?? (msg.hostDataset ? await fetchDataset(msg.hostDataset) : undefined));
          if (!full) throw new Error('No dataset was given to train on.');
          normalization = full.normalization;
          liveRequest = msg.live;
          await runTraining(msg.graph, msg.settings, msg.limit ? firstSamples(full, msg.limit) : full, ctl, msg.initialWeights);
        }
        break;
      case 'samples': {
        const r = reads.get(msg.id);
        reads.delete(msg.id);
        if (msg.images) r?.resolve(msg.images);
        else r?.reject(new Error(`The dataset's pixels could not be read: ${msg.error ?? 'no reply'} — import the folder again.`));
        break;
      }
      case 'pause':
        control?.pause();
        break;
      case 'resume':
        control?.resume();
        break;
      case 'stop':
        control?.stop();
        break;
      case 'load':
        if (!current) await setBackend(msg.backend);
        model?.dispose();
        model = buildTfModelWithAnalysis(msg.graph, tf).model;
        modelHash = graphHash(msg.graph);
        trainedOn = undefined; // loaded weights: the worker has no dataset of theirs
        applyWeights(tf, model, msg.weights);
        normalization = msg.weights.normalization;
        post({ type: 'loaded' });
        break;
      case 'predict': {
        if (!model) return post({ type: 'error', message: 'No trained model yet — train or load weights first.' });
        const [, h, w, c] = model.inputs[0].shape as number[];
        if (msg.pixels.length !== h * w * c) return post({ type: 'error', message: `The image has ${msg.pixels.length} values; the model takes ${h}×${w}×${c}.` });
        const x = normalizeInPlace(msg.pixels, c, normalization); // as the model saw its training data
        const probs = tf.tidy(() => model!.predict(tf.tensor4d(x, [1, h, w, c])) as tf.Tensor);
        const data = (await probs.data()) as Float32Array;
        probs.dispose();
        post({ type: 'prediction', id: msg.id, probs: data });
        break;
      }
      case 'inspect':
        // Answered with the error in words (never the training 'error', which would fail a run in progress).
        try {
          const { result, transfer } = await inspect(msg);
          post({ type: 'inspection', id: msg.id, result }, transfer);
        } catch (e) {
          post({ type: 'inspection', id: msg.id, error: e instanceof Error ? e.message : String(e) });
        }
        break;
      case 'topPatches':
        try {
          const result = await topPatchesJob(tf, { model, modelHash, training: !!control, trainedOn }, samplePixels, msg);
          post({ type: 'topPatches', id: msg.id, result }, transferList(...result.channels.flatMap((ch) => ch.patches.map((p) => p.pixels))));
        } catch (e) {
          post({ type: 'topPatches', id: msg.id, error: e instanceof Error ? e.message : String(e) });
        }
        break;
      case 'patchImage':
        try {
          const result = await patchImage({ training: !!control, trainedOn }, samplePixels, msg.sample);
          post({ type: 'patchImage', id: msg.id, result }, transferList(result.pixels));
        } catch (e) {
          post({ type: 'patchImage', id: msg.id, error: e instanceof Error ? e.message : String(e) });
        }
        break;
      case 'robustnessCancel':
        robustnessCancels.add(msg.id);
        break;
      case 'robustness':
        // Not awaited: a cancel (or another message) must get through while the sweep runs.
        void (async () => {
          try {
            if (!current) await (backendPick ??= setBackend('auto'));
            const result = await robustnessJob(tf, { model, modelHash, normalization, training: !!control, trainedOn }, samplePixels, msg, (done, total) => post({ type: 'robustnessProgress', id: msg.id, done, total }), () => robustnessCancels.has(msg.id));
            post({ type: 'robustness', id: msg.id, result }, transferList(result.sample.pixels));
          } catch (e) {
            post({ type: 'robustness', id: msg.id, error: e instanceof Error ? e.message : String(e), cancelled: e instanceof RobustnessCancelled });
          } finally {
            robustnessCancels.delete(msg.id);
          }
        })();
        break;
      case 'evaluateCancel':
        evaluateCancels.add(msg.id);
        break;
      case 'evaluate':
        // Not awaited, as a robustness sweep: the cancel must get through while it runs.
        void (async () => {
          try {
            if (!current) await (backendPick ??= setBackend('auto'));
            const state = { model, modelHash, normalization, training: !!control, trainedOn };
            const result = await evaluateJob(tf, state, { read: samplePixels, fetchHost: fetchDataset }, msg, (done, total) => post({ type: 'evaluationProgress', id: msg.id, done, total }), () => evaluateCancels.has(msg.id));
            post({ type: 'evaluation', id: msg.id, result }, transferList(result.thumbnails.pixels));
          } catch (e) {
            post({ type: 'evaluation', id: msg.id, error: e instanceof Error ? e.message : String(e), cancelled: e instanceof EvaluateCancelled });
          } finally {
            evaluateCancels.delete(msg.id);
          }
        })();
        break;
      case 'forgetBackendMeasurements':
        await forgetChoices();
        break;
      case 'cellSamples':
        try {
          const result = await cellImages(trainedOn, samplePixels, msg);
          post({ type: 'cellSamples', id: msg.id, result }, transferList(result.images));
        } catch (e) {
          post({ type: 'cellSamples', id: msg.id, error: e instanceof Error ? e.message : String(e) });
        }
        break;
    }
  } catch (e) {
    control = undefined;
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
