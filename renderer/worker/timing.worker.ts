// A timing worker: one GPU backend timed on a few training steps of the run's model, in a worker of its own so
// the training worker can terminate it when its share of the warm-up ends — a WebGL first step blocks while its
// shaders compile (10 s on SwiftShader for LeNet-5) and a WebGPU one may still be queued; terminating frees
// the device's memory at once.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { registerFastKernels } from '../../src/kernels/index';
import { trainingTimer } from '../../src/train/backendTiming';
import { TimingRequestSchema, type TimingReply } from './timingMessages';

const reply = (r: TimingReply) => (self as unknown as { postMessage(m: TimingReply): void }).postMessage(r);

self.onmessage = async (ev: MessageEvent) => {
  const req = TimingRequestSchema.safeParse(ev.data);
  if (!req.success) return reply({ ok: false, error: `malformed timing request: ${req.error.issues[0]?.message ?? 'invalid'}` });
  const { graph, settings, backend, untilEpochMs, best } = req.data;
  try {
    if (!(await tf.setBackend(backend))) throw new Error(`${backend} failed to initialise`);
    await tf.ready();
    registerFastKernels(tf);
    const result = await trainingTimer(tf, { graph, settings })(backend, { until: untilEpochMs - performance.timeOrigin, best });
    reply({ ok: true, result });
  } catch (e) {
    reply({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
};
