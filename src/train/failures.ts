// Training failures as values: a stable code the UI can act on and a message saying what to do.
export type TrainingFailureCode = 'nan-loss' | 'out-of-memory' | 'model-mismatch' | 'empty-dataset' | 'device-lost' | 'error';

export interface TrainingFailure {
  code: TrainingFailureCode;
  message: string;
  epoch?: number;
  batch?: number;
}

/**
 * Cross-entropy is clipped at −ln(1e-7) ≈ 16.1 per sample, so a diverged network (weights blown up, softmax
 * saturated on wrong classes) shows a finite loss stuck near that ceiling instead of NaN. A mean above 70% of it
 * for several batches in a row means most samples get p(true class) < 1e-5: divergence, same as NaN.
 */
export const SATURATED_LOSS = 0.7 * -Math.log(1e-7);
export const SATURATED_BATCHES = 3;

export function nanLossFailure(loss: number, epoch: number, batch: number, learningRate: number): TrainingFailure {
  const what = Number.isNaN(loss) ? 'became NaN' : !Number.isFinite(loss) ? 'became infinite' : `exploded to ${loss.toFixed(1)} (the network is sure of wrong answers)`;
  return {
    code: 'nan-loss',
    epoch,
    batch,
    message:
      `The loss ${what} in epoch ${epoch + 1}, batch ${batch + 1} — training diverged. ` +
      `Lower the learning rate (now ${learningRate}, try ${+(learningRate / 10).toPrecision(2)}), or add BatchNormalization after convolutions.`,
  };
}

const OOM = /out of memory|OOM|allocat|Array buffer|Invalid typed array length|Maximum call stack|exceeds|too large|device.*(?:memory|limit)/i;
const DEVICE_LOST = /device (?:was )?lost|GPUDevice|context lost|CONTEXT_LOST/i;

/** Turns an exception from a training step into a failure naming the likely cause. */
export function classifyError(e: unknown, ctx: { epoch: number; batch: number; batchSize: number; params: number; activationBytesPerSample?: number }): TrainingFailure {
  const raw = e instanceof Error ? e.message : String(e);
  const where = { epoch: ctx.epoch, batch: ctx.batch };
  if (DEVICE_LOST.test(raw))
    return { code: 'device-lost', ...where, message: `The GPU device was lost while training (${raw}). Training can continue on another backend.` };
  if (OOM.test(raw) || (e instanceof RangeError && !/index/i.test(raw))) {
    const weightsMb = (ctx.params * 4) / 2 ** 20;
    const act = ctx.activationBytesPerSample ? `, ≈${((ctx.activationBytesPerSample * ctx.batchSize * 2) / 2 ** 20).toFixed(0)} MB of activations and gradients per batch` : '';
    return {
      code: 'out-of-memory',
      ...where,
      message:
        `Ran out of memory with batch size ${ctx.batchSize} on a model of ${ctx.params.toLocaleString('en')} parameters (≈${weightsMb.toFixed(1)} MB of weights${act}). ` +
        `Lower the batch size (try ${Math.max(1, Math.floor(ctx.batchSize / 4))}) or make the model smaller. (${raw})`,
    };
  }
  return { code: 'error', ...where, message: `Training failed in epoch ${ctx.epoch + 1}, batch ${ctx.batch + 1}: ${raw}` };
}
