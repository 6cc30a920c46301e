// chooseBackend's timer for the GPU backends: each timed in a timing worker (./timing.worker.ts) that is
// terminated when its share of the warm-up ends, so a step that blocks (a WebGL shader compile) or is still
// queued on the device costs its share and no more — the whole warm-up stays within MEASURE_BUDGET_MS.
import type { BackendTimer, TimedSteps } from '../../src/train/backend';
import type { TimingWorkload } from '../../src/train/backendTiming';
import { TrainingSettingsSchema } from '../../src/train/settings';
import { TimingReplySchema, type TimingRequest } from './timingMessages';

/** Time left for the timing worker's own reply after its timer stops at the share's end. */
const REPLY_GRACE_MS = 150;

export function timingWorkerTimer(workload: TimingWorkload): BackendTimer {
  const settings = TrainingSettingsSchema.parse(workload.settings);
  return (backend, limits) =>
    new Promise<TimedSteps>((resolve, reject) => {
      const t0 = performance.now();
      const w = new Worker(new URL('./timing.worker.ts', import.meta.url), { type: 'module', name: `cnn-timing-${backend}` });
      const end = (settle: () => void) => {
        clearTimeout(cutOff);
        w.terminate();
        settle();
      };
      // Not back by the share's end: its first step had not finished, so its rate is at most one batch over the wait.
      const cutOff = setTimeout(
        () => end(() => resolve({ samplesPerSec: (settings.batchSize * 1000) / Math.max(1, performance.now() - t0), steps: 0, cut: 'budget', firstStepOnly: true })),
        Math.max(0, limits.until - performance.now()) + REPLY_GRACE_MS,
      );
      w.onmessage = (ev: MessageEvent) => {
        const r = TimingReplySchema.safeParse(ev.data);
        end(() => (r.success ? (r.data.ok ? resolve(r.data.result) : reject(new Error(r.data.error))) : reject(new Error('the timing worker sent a malformed reply'))));
      };
      w.onerror = (ev: ErrorEvent) => end(() => reject(new Error(ev.message || 'the timing worker failed to start')));
      const req: TimingRequest = { graph: workload.graph, settings, backend, untilEpochMs: performance.timeOrigin + limits.until, best: limits.best };
      w.postMessage(req);
    });
}
