// Chart series kept as growing columns (uPlot's aligned-data layout): one x per batch, in epochs
// (x = (step+1)/batchesPerEpoch), raw and smoothed loss/accuracy, and per-epoch train/val values placed
// at their epoch's last batch (null elsewhere). Appending is O(1); 100k batches stay cheap to plot.
export interface Series {
  x: number[];
  loss: number[];
  lossSmooth: number[];
  acc: number[];
  accSmooth: number[];
  epochLoss: (number | null)[];
  epochValLoss: (number | null)[];
  epochAcc: (number | null)[];
  epochValAcc: (number | null)[];
}

export const emptySeries = (): Series => ({ x: [], loss: [], lossSmooth: [], acc: [], accSmooth: [], epochLoss: [], epochValLoss: [], epochAcc: [], epochValAcc: [] });

/**
 * Exponential moving average with bias correction (as TensorBoard's smoothing): s_t = β·s_{t−1} + (1−β)·v_t,
 * shown as s_t / (1 − β^t) so the first points are not pulled towards 0.
 */
export class Smoother {
  private s = 0;
  private t = 0;
  constructor(private readonly beta = 0.9) {}
  push(v: number): number {
    this.t++;
    this.s = this.beta * this.s + (1 - this.beta) * v;
    return this.s / (1 - Math.pow(this.beta, this.t));
  }
}

export class SeriesBuilder {
  readonly data: Series = emptySeries();
  private lossS = new Smoother();
  private accS = new Smoother();

  addBatch(step: number, batchesPerEpoch: number, loss: number, acc: number): void {
    const d = this.data;
    d.x.push((step + 1) / batchesPerEpoch);
    d.loss.push(loss);
    d.acc.push(acc);
    d.lossSmooth.push(this.lossS.push(loss));
    d.accSmooth.push(this.accS.push(acc));
    d.epochLoss.push(null);
    d.epochValLoss.push(null);
    d.epochAcc.push(null);
    d.epochValAcc.push(null);
  }

  /** Places an epoch's averages on its last batch. */
  addEpoch(e: { loss: number; acc: number; valLoss?: number; valAcc?: number }): void {
    const i = this.data.x.length - 1;
    if (i < 0) return;
    this.data.epochLoss[i] = e.loss;
    this.data.epochAcc[i] = e.acc;
    this.data.epochValLoss[i] = e.valLoss ?? null;
    this.data.epochValAcc[i] = e.valAcc ?? null;
  }
}
