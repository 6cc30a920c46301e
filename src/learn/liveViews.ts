// Live views while training (issue #15 item 6): a probe image's maps, filters and Grad-CAM, recomputed every
// N optimizer steps with N chosen so the views cost at most 5% of the training time, plus one snapshot per
// epoch (epoch 0 = before the first step) that the epoch slider scrubs through. Pure: the worker and the
// tests plug `liveViews(...)` into the trainer's afterStep hook.
import type * as tfjs from '@tensorflow/tfjs';
import type { Graph } from '../graph/schema';
import { analysisOf, layerActivations, type NodeActivation } from './activations';
import { gradCam, type GradCam } from './gradCam';
import { convFilters } from './filters';
import type { Tf } from './nodeTensors';

/** The share of training time the live views may take. */
export const LIVE_BUDGET = 0.05;
/** At most ~4 live frames a second reach the UI (a frame it cannot draw is wasted work). */
export const LIVE_MIN_INTERVAL_MS = 250;
/** Weight of a new measurement in the running estimates (an exponential moving average). */
const EMA = 0.3;

export interface LiveFilters {
  /** [K, C, F, F], PyTorch's OIHW (as convFilters). */
  shape: [number, number, number, number];
  data: Float32Array;
  bias?: Float32Array;
}

export interface LiveFrame {
  /** Optimizer steps taken when the frame was computed (0: before the first). */
  steps: number;
  /** The epoch it belongs to, 1-based (0: before training); a snapshot of epoch e is taken at its end. */
  epoch: number;
  probs: Float32Array;
  activations: NodeActivation[];
  cam?: GradCam;
  camError?: string;
  filters: Record<string, LiveFilters>;
  /** The step interval N when the frame was taken (Infinity: the epoch snapshots use the whole budget). */
  interval?: number;
}

export interface LiveRequest {
  /** The probe image as the model takes it (HWC floats, normalised like the training data). */
  input: Float32Array;
  /** Conv nodes whose kernels each frame carries. */
  filters: readonly string[];
  /** Grad-CAM's node (default: the last spatial one) and class (default: the predicted one). */
  cam?: { nodeId?: string; classIndex?: number };
}

/**
 * The step interval N that keeps the views within `budget` of the training time: per step they cost
 * viewMs/N for the live frames plus viewMs/B for the epoch's snapshot (B steps an epoch), so
 * N = ceil(viewMs / (budget·stepMs − viewMs/B)), at least 1 — with B → ∞ the ceil(viewMs / (0.05·stepMs)).
 * Infinity when the snapshots alone use the budget (then only snapshots are taken).
 */
export function liveInterval(viewMs: number, stepMs: number, batchesPerEpoch: number, budget = LIVE_BUDGET): number {
  const room = budget * stepMs - viewMs / Math.max(1, batchesPerEpoch);
  if (!(room > 0)) return Infinity;
  // − 1e-6: float noise in 0.05·stepMs (20 ms → 1.0000000000000002) must not add a step.
  return Math.max(1, Math.ceil(viewMs / room - 1e-6));
}

/** Running estimates of a view's and a step's cost, and which steps get a live frame. */
export class LiveSchedule {
  viewMs?: number;
  stepMs?: number;
  /** All views so far (ms), for the bench's share of training time. */
  spentMs = 0;
  private lastStep = 0;
  private lastAt = -Infinity;
  private startedAt?: number;
  constructor(
    /** Steps an epoch (the trainer's onStart says; until then, counted as one very long epoch). */
    public batchesPerEpoch = Infinity,
    readonly minIntervalMs = LIVE_MIN_INTERVAL_MS,
    readonly budget = LIVE_BUDGET,
  ) {}

  noteView(ms: number): void {
    this.spentMs += ms;
    this.viewMs = this.viewMs === undefined ? ms : this.viewMs + EMA * (ms - this.viewMs);
  }
  noteStep(ms: number): void {
    this.stepMs = this.stepMs === undefined ? ms : this.stepMs + EMA * (ms - this.stepMs);
  }
  /** N with the current estimates (Infinity until both are measured). */
  get interval(): number {
    return this.viewMs === undefined || this.stepMs === undefined ? Infinity : liveInterval(this.viewMs, this.stepMs, this.batchesPerEpoch, this.budget);
  }
  /** The run's start (before the epoch-0 frame): the budget is a share of the time since. */
  start(t: number): void {
    this.startedAt = t;
  }
  /**
   * Whether a live frame is due after `steps` steps at time `t` (ms): N steps and the UI's minimum interval
   * since the last, and the views so far plus this one within the budget of the time since the start — so the
   * epoch-0 frame, the snapshots and a sudden change of speed never push the total over it.
   */
  due(steps: number, t: number): boolean {
    const next = this.viewMs ?? 0;
    const elapsed = t - (this.startedAt ?? t) + next;
    return steps - this.lastStep >= this.interval && t - this.lastAt >= this.minIntervalMs && this.spentMs + next <= this.budget * elapsed;
  }
  /** A frame (live or snapshot) was taken after `steps` steps at time `t`. */
  taken(steps: number, t: number): void {
    this.lastStep = steps;
    this.lastAt = t;
  }
}

/** One frame for the probe image: every node's output, the probabilities, Grad-CAM and the asked conv nodes' kernels. */
export async function computeLiveFrame(tf: Tf, graph: Graph, model: tfjs.LayersModel, req: LiveRequest, at: { steps: number; epoch: number }): Promise<LiveFrame> {
  const activations = await layerActivations(tf, graph, model, req.input);
  const outputId = analysisOf(graph).outputNodeId;
  const out = activations.find((a) => a.nodeId === outputId && a.shape.length === 1);
  let probs: Float32Array;
  if (out) probs = Float32Array.from(out.data);
  else {
    const p = tf.tidy(() => model.predict(tf.tensor(req.input, [1, ...(model.inputs[0].shape.slice(1) as number[])])) as tfjs.Tensor);
    probs = (await p.data()) as Float32Array;
    p.dispose();
  }
  let cam: GradCam | undefined;
  let camError: string | undefined;
  try {
    cam = await gradCam(tf, graph, model, req.input, req.cam?.nodeId, req.cam?.classIndex);
  } catch (e) {
    camError = e instanceof Error ? e.message : String(e);
  }
  const filters: Record<string, LiveFilters> = {};
  for (const id of req.filters) {
    const f = convFilters(graph, model, id);
    // Copies: the kernels' own arrays belong to the tfjs backend (dataSync may hand out its storage).
    if (f) filters[id] = { shape: f.shape, data: Float32Array.from(f.data), bias: f.bias && Float32Array.from(f.bias) };
  }
  return { steps: at.steps, epoch: at.epoch, probs, activations, cam, camError, filters };
}

export interface LiveViewsOptions {
  tf: Tf;
  graph: Graph;
  model: tfjs.LayersModel;
  request: LiveRequest;
  /** Steps an epoch, if known before training; else pass the trainer's onStart figure to plan(). */
  batchesPerEpoch?: number;
  /** A live frame (between snapshots). */
  onFrame(frame: LiveFrame): void;
  /** The frame at the end of an epoch (epoch 0: before the first step). */
  onSnapshot(epoch: number, frame: LiveFrame): void;
  /** A frame could not be computed: live views stop for this run (training goes on). */
  onError?(message: string): void;
  minIntervalMs?: number;
  budget?: number;
  now?: () => number;
}

export interface LiveViews {
  schedule: LiveSchedule;
  /** The epoch-0 snapshot (before training) and the first view-cost measurement. */
  begin(): Promise<void>;
  /** The trainer's plan (onStart): steps an epoch. */
  plan(batchesPerEpoch: number): void;
  /** For the trainer's afterStep: the snapshot at an epoch's last step, else a live frame when due. */
  afterStep(step: number, epoch: number): Promise<void> | undefined;
}

/**
 * Live views for one run. A view's cost is measured around computing and handing over a frame; a step's as the
 * time between two afterStep calls less the views taken in between (the first step, with its warm-up, is not
 * counted). Nothing here touches the weights or the trainer's random streams, so the loss curve is the same
 * with the views on or off.
 */
export function liveViews(o: LiveViewsOptions): LiveViews {
  const now = o.now ?? (() => performance.now());
  const schedule = new LiveSchedule(o.batchesPerEpoch, o.minIntervalMs, o.budget);
  let stopped = false;
  let lastEnd: number | undefined;
  let first = true;
  const take = async (steps: number, epoch: number, snapshot: boolean, t0: number) => {
    try {
      const frame = await computeLiveFrame(o.tf, o.graph, o.model, o.request, { steps, epoch });
      frame.interval = schedule.interval;
      if (snapshot) o.onSnapshot(epoch, frame);
      else o.onFrame(frame);
    } catch (e) {
      stopped = true;
      o.onError?.(e instanceof Error ? e.message : String(e));
      return;
    }
    const t1 = now();
    schedule.noteView(t1 - t0);
    schedule.taken(steps, t1);
    lastEnd = t1;
  };
  return {
    schedule,
    begin: () => {
      const t = now();
      schedule.start(t);
      return take(0, 0, true, t);
    },
    plan: (b) => void (schedule.batchesPerEpoch = b),
    afterStep(step, epoch) {
      const t = now();
      if (!first && lastEnd !== undefined) schedule.noteStep(t - lastEnd);
      first = false;
      lastEnd = t;
      if (stopped) return undefined;
      const steps = step + 1;
      if (steps % schedule.batchesPerEpoch === 0) return take(steps, epoch + 1, true, t);
      if (schedule.due(steps, t)) return take(steps, epoch + 1, false, t);
      return undefined;
    },
  };
}
