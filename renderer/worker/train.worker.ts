// The training worker: tfjs off the main thread, so the editor never stalls while a model trains.
// Backend order webgpu → webgl → wasm → cpu (or the one the settings name), a GPU backend on a software
// renderer (SwiftShader) passed over for wasm; a lost WebGPU device restarts training on the next backend
// with a notice. Progress is batched to at most ~4 messages a second.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { AUTO_ORDER, chooseBackend, type BackendName } from '../../src/train/backend';
import { registerWasmBackend } from './wasmBackend';
import { vetGpuBackend, webGpuAdapterName } from './gpuProbe';
import { buildTfModelWithAnalysis } from '../../src/train/buildTfModel';
import { train, type TrainResult } from '../../src/train/trainer';
import { TrainingControl } from '../../src/train/control';
import { applyWeights, exportWeights } from '../../src/train/applyWeights';
import type { InMemoryDataset } from '../../src/data/dataset';
import type { TrainingSettings } from '../../src/train/settings';
import type { Graph } from '../../src/graph/schema';
import { takeFirst } from '../../src/data/mnist';
import { createWebClient } from '../services/host';
import { ToWorkerSchema, type BatchPoint, type FromWorker, type Gallery, type ResultMessage, type WeightsMessage } from './messages';

const GALLERY_SIZE = 48;

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

let model: tf.LayersModel | undefined;
let control: TrainingControl | undefined;
let deviceLost = false;
let current: BackendName | undefined;

async function setBackend(preference: TrainingSettings['backend'], exclude: BackendName[] = []): Promise<BackendName> {
  registerWasmBackend();
  const order = AUTO_ORDER.filter((b) => !exclude.includes(b));
  const pref = preference === 'auto' || exclude.includes(preference as BackendName) ? 'auto' : (preference as BackendName);
  const choice = await chooseBackend(tf, pref, order, vetGpuBackend);
  current = choice.backend;
  deviceLost = false;
  if (choice.backend === 'webgpu') {
    const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
    device?.lost.then((info) => {
      deviceLost = true;
      post({ type: 'notice', message: `The GPU device was lost (${info.message || info.reason}).` });
    });
  }
  post({ type: 'backend', backend: choice.backend, adapter: choice.backend === 'webgpu' ? await webGpuAdapterName() : undefined, skipped: choice.skipped });
  return choice.backend;
}

/** Up to GALLERY_SIZE validation samples, the wrong ones first (half the grid at most). */
function gallery(ds: InMemoryDataset, v: NonNullable<TrainResult['validation']>): Gallery {
  const all = v.indices.map((idx, k) => ({ idx, k, wrong: v.predicted[k] !== ds.labels[idx] }));
  const wrong = all.filter((s) => s.wrong);
  const shown = [...wrong.slice(0, GALLERY_SIZE / 2), ...all.filter((s) => !s.wrong)].slice(0, GALLERY_SIZE);
  const size = ds.height * ds.width * ds.channels;
  const images = new Uint8Array(shown.length * size);
  shown.forEach((s, i) => images.set(ds.images.subarray(s.idx * size, (s.idx + 1) * size), i * size));
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

function toResult(r: TrainResult, ds: InMemoryDataset): ResultMessage {
  return {
    status: r.status,
    failure: r.failure,
    history: r.history,
    bestEpoch: r.bestEpoch,
    evaluation: r.evaluation,
    validation: r.validation,
    gallery: r.validation ? gallery(ds, r.validation) : undefined,
    classNames: ds.classNames,
    seconds: r.seconds,
    samplesPerSec: r.samplesPerSec,
  };
}

async function fetchDataset(src: { baseUrl: string; token: string; name: 'mnist' }): Promise<InMemoryDataset> {
  const d = await createWebClient({ baseUrl: src.baseUrl, token: src.token }).invoke('train.loadBuiltinDataset', { name: src.name });
  return { images: d.images, labels: d.labels, n: d.n, height: d.height, width: d.width, channels: d.channels, classNames: d.classNames };
}

async function runTraining(graph: Graph, settings: TrainingSettings, dataset: InMemoryDataset, ctl: TrainingControl, initial?: WeightsMessage, exclude: BackendName[] = []): Promise<void> {
  await setBackend(settings.backend, exclude);
  model?.dispose();
  const built = buildTfModelWithAnalysis(graph, tf);
  model = built.model;
  if (initial) applyWeights(tf, model, initial);
  control = ctl;
  let points: BatchPoint[] = [];
  let lastPost = 0;
  const result = await train({
    tf,
    model,
    dataset,
    settings,
    control,
    activationBytesPerSample: built.analysis.totals.activationBytes,
    callbacks: {
      onStart: (s) => post({ type: 'started', ...s, params: model!.countParams() }),
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
  const weights = result.status !== 'failed' || result.bestEpoch !== undefined ? await exportWeights(tf, model) : undefined;
  post({ type: 'done', result: toResult(result, dataset), weights }, weights ? [weights.weightData.buffer as ArrayBuffer] : []);
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
          const full = msg.dataset ? (msg.dataset as InMemoryDataset) : msg.hostDataset ? await fetchDataset(msg.hostDataset) : undefined;
          if (!full) throw new Error('No dataset was given to train on.');
          await runTraining(msg.graph, msg.settings, msg.limit ? takeFirst(full, msg.limit) : full, ctl, msg.initialWeights);
        }
        break;
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
        applyWeights(tf, model, msg.weights);
        post({ type: 'loaded' });
        break;
      case 'predict': {
        if (!model) return post({ type: 'error', message: 'No trained model yet — train or load weights first.' });
        const [, h, w, c] = model.inputs[0].shape as number[];
        if (msg.pixels.length !== h * w * c) return post({ type: 'error', message: `The image has ${msg.pixels.length} values; the model takes ${h}×${w}×${c}.` });
        const probs = tf.tidy(() => model!.predict(tf.tensor4d(msg.pixels, [1, h, w, c])) as tf.Tensor);
        const data = (await probs.data()) as Float32Array;
        probs.dispose();
        post({ type: 'prediction', id: msg.id, probs: data });
        break;
      }
    }
  } catch (e) {
    control = undefined;
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
