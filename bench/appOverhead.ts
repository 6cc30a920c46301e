// App overhead: LeNet-5 b256 trained by the app's worker in Chromium (web build, real host, embedded MNIST)
// against the same model, batch and backend in this Node process, in the same run. The issue's aim: the app
// within 10% of the bench.
// Three figures per round, all steady state (the first epoch / first step, which compiles and warms up, is
// left out):
//   app          the worker's own epoch reports (EpochReport.seconds, no validation: split 0), read from the
//                worker's messages by a listener added to the page's Worker before the app starts it;
//   node loop    src/train/trainer.ts train() on the same data and settings in Node — the app's loop without
//                the browser, the worker and the messages;
//   node + live  the same loop with the live views the app's worker runs (src/learn/liveViews.ts, its probe the
//                first validation image, every conv node's filters, Grad-CAM's default): the same work as
//                the app, so app / (node + live) is what the browser, the worker and the messages cost;
//   node bench   trainOnBatch steps as bench/training.ts times them (synthetic batch, Adam, cross-entropy).
// The backend column shows both sides' wasm threads; "app live frames" counts the live-view frames and epoch
// snapshots the worker computed (the app always runs them, within a 5% budget; the plain node loop runs none).
// Flags: --rounds=N (default 2), --limit=N samples per epoch (default 5120 = 20 batches), --epochs=N (3).
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import type { BenchArgs, BenchReport } from './benchModule';
import { lenet5 } from './models';
import { setUpBackend } from './backends';
import { nodeWasmThreading } from '../node/train/nodeWasmThreads';
import { chooseBackend, type BackendName } from '../src/train/backend';
import { train } from '../src/train/trainer';
import { takeFirst } from '../src/data/mnist';
import { liveViews } from '../src/learn/liveViews';
import { CONV_TYPES } from '../src/learn/filters';
import { normalizeInPlace } from '../src/train/batches';
import { buildTfModel } from '../src/train/buildTfModel';
import { ensureMnistFile, loadMnist } from '../node/data/ensureMnist';
import { startWebHost } from '../e2e/helpers/webHost';
import { CHROMIUM_PATH, hasChromium, launchBrowser } from '../e2e/helpers/browser';

const BATCH = 256;

interface AppRun {
  backend: string;
  skipped: { backend: string; reason: string }[];
  epochSeconds: number[];
  samplesPerSec: number;
  /** The last figure the UI showed (data-testid=train-speed), a 2-s window: a cross-check. */
  uiSpeed?: number;
  messages: number;
  /** XNNPACK threads the worker's wasm backend got (its 'backend' message). */
  threads?: number;
  /** Live-view frames and snapshots the worker computed and posted (the node loop runs none). */
  liveFrames: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : Number.NaN;
};

/** Steady-state samples/s from epoch reports: every epoch after the first. */
const steady = (seconds: number[], samples: number) => samples / median(seconds.slice(1));

async function runApp(page: Page, url: string, limit: number, epochs: number): Promise<AppRun> {
  await page.goto(url);
  await page.getByTestId('tab-training').click();
  await page.getByTestId('training-panel').waitFor();
  await page.getByTestId('ts-batchSize').fill(String(BATCH));
  await page.getByTestId('ts-epochs').fill(String(epochs));
  await page.getByTestId('ts-validationSplit').fill('0');
  await page.getByTestId('train-limit').fill(String(limit));
  await page.getByTestId('train-start').click();
  await page.waitForFunction(() => (window as unknown as { __benchMsgs: { type: string }[] }).__benchMsgs.some((m) => m.type === 'done' || m.type === 'error'), null, { timeout: 600_000 });
  const uiText = await page.getByTestId('train-speed').textContent().catch(() => null);
  const msgs = await page.evaluate(() => (window as unknown as { __benchMsgs: Record<string, unknown>[] }).__benchMsgs);
  const error = msgs.find((m) => m.type === 'error');
  if (error) throw new Error(`the app's worker failed: ${String(error.message)}`);
  const backend = msgs.find((m) => m.type === 'backend') as { backend: string; threads?: number; skipped: AppRun['skipped'] } | undefined;
  const epochSeconds = msgs.filter((m) => m.type === 'epoch').map((m) => (m.report as { seconds: number }).seconds);
  return {
    backend: backend?.backend ?? '?',
    skipped: backend?.skipped ?? [],
    epochSeconds,
    samplesPerSec: steady(epochSeconds, limit),
    uiSpeed: uiText ? Number(/([\d,]+)/.exec(uiText)?.[1]?.replace(/,/g, '')) : undefined,
    messages: msgs.length,
    threads: backend?.threads,
    liveFrames: msgs.filter((m) => m.type === 'liveFrame' || m.type === 'liveSnapshot').length,
  };
}

/** Records every worker message but the per-batch ones (and no weights), with its arrival time. */
async function recordWorkerMessages(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: Record<string, unknown>[] = [];
    (window as unknown as { __benchMsgs: typeof log }).__benchMsgs = log;
    const Base = window.Worker;
    window.Worker = class extends Base {
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, opts);
        this.addEventListener('message', (e: MessageEvent) => {
          const d = e.data as Record<string, unknown>;
          if (d?.type === 'done') log.push({ type: 'done', at: performance.now() });
          else if (d?.type === 'liveFrame' || d?.type === 'liveSnapshot') log.push({ type: d.type, at: performance.now() });
          else if (d && d.type !== 'batches') log.push({ ...d, at: performance.now() });
        });
      }
    };
  });
}

/**
 * The app's loop (trainer.ts) in Node, same data and settings as the app run; with `live`, also the live views
 * the worker runs beside it (frames computed and dropped here, posted there).
 */
async function runNodeLoop(limit: number, epochs: number, live = false): Promise<{ samplesPerSec: number; liveFrames: number }> {
  await ensureMnistFile();
  const dataset = takeFirst(await loadMnist(), limit);
  const graph = lenet5.graph();
  const model = buildTfModel(graph, tf);
  const seconds: number[] = [];
  let liveFrames = 0;
  // As renderer/worker/liveJob.ts: the probe normalised as the trainer feeds it; LeNet's two convs fit the filter limit.
  const size = dataset.height * dataset.width * dataset.channels;
  const input = normalizeInPlace(Float32Array.from(dataset.images.subarray(0, size), (v) => v / 255), dataset.channels, dataset.normalization);
  const views = live
    ? liveViews({ tf, graph, model, request: { input, filters: graph.nodes.filter((n) => CONV_TYPES.has(n.type)).map((n) => n.id), cam: {} }, onFrame: () => void liveFrames++, onSnapshot: () => void liveFrames++ })
    : undefined;
  await views?.begin();
  await train({
    tf,
    model,
    dataset,
    settings: { batchSize: BATCH, epochs, validationSplit: 0 },
    callbacks: { onStart: (st) => views?.plan(st.batchesPerEpoch), afterStep: views?.afterStep, onEpoch: (e) => seconds.push(e.seconds) },
  });
  model.dispose();
  return { samplesPerSec: steady(seconds, limit), liveFrames };
}

/** trainOnBatch as bench/training.ts times it: one warm-up step, then `steps` timed. */
async function runNodeBench(steps: number): Promise<number> {
  const model = lenet5.build(tf);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const x = tf.randomUniform([BATCH, ...lenet5.inputShape], 0, 1, 'float32', 7);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, lenet5.classes, 'int32', 8), lenet5.classes);
  await model.trainOnBatch(x, y);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const ms = (performance.now() - t0) / steps;
  tf.dispose([x, y]);
  model.dispose();
  return (BATCH / ms) * 1000;
}

export async function run(args: BenchArgs): Promise<BenchReport> {
  const rounds = Number(args.get('rounds') ?? 2);
  const limit = Number(args.get('limit') ?? 5120);
  const epochs = Number(args.get('epochs') ?? 3);
  const name = 'app overhead (LeNet-5 b256, app worker in Chromium vs Node)';
  if (!hasChromium()) return { name, table: [{ note: `skipped: no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)` }], json: { skipped: 'no Chromium' } };
  // Builds out/renderer when it is missing or older than its sources (as npm run web does).
  const { ensureRenderer } = (await import('../scripts/ensureRenderer.mjs' as string)) as { ensureRenderer(): void };
  ensureRenderer();
  const browser = await launchBrowser();
  const rows: BenchReport['table'] = [];
  const raw: unknown[] = [];
  let nodeBackend: string | undefined;
  try {
    for (let r = 0; r < rounds; r++) {
      // A fresh host (own user-data folder) and page per round: no recovery prompt from the last round's autosave.
      const host = await startWebHost();
      const page = await browser.newPage();
      try {
        await recordWorkerMessages(page);
        const app = await runApp(page, host.url, limit, epochs);
        // Node on the backend the app chose, with our kernels registered the way the app does it.
        if (nodeBackend !== app.backend) {
          const ready = await setUpBackend(app.backend);
          if (!ready.ok) throw new Error(`Node cannot run the app's backend ${app.backend}: ${ready.reason}`);
          await chooseBackend(tf, app.backend as BackendName);
          nodeBackend = app.backend;
        }
        const loop = (await runNodeLoop(limit, epochs)).samplesPerSec;
        const withLive = await runNodeLoop(limit, epochs, true);
        const bench = await runNodeBench(Math.round((limit / BATCH) * (epochs - 1)));
        rows.push({
          round: String(r + 1),
          backend: `${app.backend}${app.threads ? ` ×${app.threads}` : ''} (node ${tf.getBackend()}${tf.getBackend() === 'wasm' ? ` ×${nodeWasmThreading().threads}` : ''})`,
          'app live frames': String(app.liveFrames),
          'app samples/s': app.samplesPerSec,
          'node loop samples/s': loop,
          'node + live samples/s': withLive.samplesPerSec,
          'node live frames': String(withLive.liveFrames),
          'node bench samples/s': bench,
          'app/bench': app.samplesPerSec / bench,
          'app/node loop': app.samplesPerSec / loop,
          'app/(node + live)': app.samplesPerSec / withLive.samplesPerSec,
          'ui shows': app.uiSpeed ?? '',
        });
        raw.push({ round: r + 1, app, nodeLoop: loop, nodeLoopWithLive: withLive, nodeBench: bench });
      } catch (e) {
        const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
        rows.push({ round: String(r + 1), note: `failed: ${message}` });
        raw.push({ round: r + 1, error: message });
      } finally {
        await page.close();
        await host.close();
      }
    }
  } finally {
    await browser.close();
  }
  const col = (k: string) => rows.filter((r) => r[k] !== undefined).map((r) => Number(r[k]));
  const summary = {
    model: 'LeNet-5 (template lenet5)',
    batch: BATCH,
    samplesPerEpoch: limit,
    app: median(col('app samples/s')),
    nodeLoop: median(col('node loop samples/s')),
    nodeLoopWithLive: median(col('node + live samples/s')),
    nodeBench: median(col('node bench samples/s')),
  };
  rows.push({
    round: 'median',
    backend: String(rows[0]?.backend ?? ''),
    'app samples/s': summary.app,
    'node loop samples/s': summary.nodeLoop,
    'node + live samples/s': summary.nodeLoopWithLive,
    'node bench samples/s': summary.nodeBench,
    'app/bench': summary.app / summary.nodeBench,
    'app/node loop': summary.app / summary.nodeLoop,
    'app/(node + live)': summary.app / summary.nodeLoopWithLive,
  });
  return { name, table: rows, json: { ...summary, appOverBench: summary.app / summary.nodeBench, appOverNodeLoop: summary.app / summary.nodeLoop, appOverNodeLoopWithLive: summary.app / summary.nodeLoopWithLive, rounds: raw } };
}
