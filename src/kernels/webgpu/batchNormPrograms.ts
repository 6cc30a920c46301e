// BatchNormTrain and BatchNormTrainGrad (src/kernels/bn/batchNormTrainKernels.ts: same names, inputs, attrs and
// outputs) as WGSL programs for tfjs-backend-webgpu, where src/kernels/bn/batchNormTrain.ts otherwise composes
// ~6 + ~9 tfjs ops, each its own dispatch, JavaScript cost and full pass over the [M, C] data.
// x is channels-last, viewed as [M, C] (M = size/C rows). Each kernel runs 4 dispatches:
//   forward:  1. partials: one workgroup per (block of ≤ 32 channels × chunk of ROWS_PER_CHUNK rows); each thread
//                runs Welford's update over its rows on d = x − x[0, c] (n ← n+1, δ = d − m, m ← m + δ/n,
//                q ← q + δ·(d − m)), then a workgroup-memory tree merges the threads with Chan et al.'s rule (1979):
//                  n = nₐ + n_b, δ = m_b − mₐ, m = mₐ + δ·n_b/n, q = qₐ + q_b + δ²·nₐ·n_b/n
//                → [2, P, C] (per-chunk mean of d, per-chunk Σ(d − m)²; a chunk's count follows from M and P);
//             2, 3. merge: one 64-thread workgroup per channel merges the P chunks the same way → mean x[0, c] + m
//                [C], then (same shader, another uniform) biased variance q/M [C]. No Σx² − (Σx)²/M anywhere, so
//                |μ| ≫ σ does not cancel; the shift by row 0 (exact where x is within 2× of it) keeps the running
//                mean's f32 rounding at the scale of σ rather than |μ| (at x = 1000 + noise: 3e-5 → 2e-7);
//             4. y = (x − μ)·γ/√(σ² + ε) + β, one thread per element.
//   backward (Ioffe & Szegedy 2015, x̂ = (x − μ)/√(σ² + ε)):
//             1. partials of Σdy and Σdy·(x − μ) (centred on the given μ: no cancellation) → [2, P, C];
//             2, 3. merge: dβ = Σdy [C], then dγ = Σdy·(x − μ)/√(σ² + ε) [C];
//             4. dx = γ/√(σ² + ε) · (dy − dβ/M − x̂·dγ/M), one thread per element (7 inputs + the output: the
//                8 storage buffers every WebGPU device allows a shader stage).
// A tfjs-webgpu program has one output, so each [C] result is its own merge dispatch (the merge reads only P·C
// partials) rather than one [2, C] output sliced twice. Arithmetic is f32 throughout.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { ProgramUniform, WebGpuBackendLike } from './webgpuBackend';
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD, batchNormChannels, batchNormGradChannels } from '../bn/batchNormTrainKernels';


/** Rows one partials workgroup reduces (per channel); M ≤ this is one chunk. */
export const ROWS_PER_CHUNK = 1024;
/** WebGPU's guaranteed maxComputeWorkgroupsPerDimension: the chunk count P may not exceed it. */
const MAX_WORKGROUPS_PER_DIMENSION = 65535;
const PARTIALS_THREADS = 256;
const MERGE_THREADS = 64;
const ELEMENTWISE_THREADS = 128;

/** How M rows split into P chunks of `rows` (the last one possibly shorter). */
interface Chunking {
  rows: number;
  count: number;
}

function chunking(M: number, rowsPerChunk: number): Chunking {
  const rows = Math.max(rowsPerChunk, Math.ceil(M / MAX_WORKGROUPS_PER_DIMENSION));
  return { rows, count: Math.ceil(M / rows) };
}

const int = (value: number): ProgramUniform => ({ type: 'int32', data: [value] });
const float = (value: number): ProgramUniform => ({ type: 'float32', data: [value] });

/** What the partials program accumulates per (chunk, channel). */
type PartialsKind = 'moments' | 'gradientSums';

/**
 * Per-chunk, per-channel partials → [2, P, C]. Workgroup = channelLanes (a power of two ≤ 32, ≥ C where C is
 * small) × rowLanes threads, 256 in all: lane (c, r) reads rows r, r + rowLanes, … of its chunk at channel c, so a
 * row's channels are adjacent threads (coalesced reads of channels-last x).
 */
export class BatchNormPartialsProgram {
  readonly variableNames: string[];
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number]; // tfjs reshapes it past the per-dimension limit
  readonly workgroupSize: [number, number, number];
  readonly uniforms = 'rows : i32, channels : i32, chunkRows : i32, chunks : i32,';

  constructor(
    private readonly kind: PartialsKind,
    C: number,
    chunks: number,
  ) {
    this.variableNames = kind === 'moments' ? ['X'] : ['Dy', 'X', 'Mean'];
    this.outputShape = [2, chunks, C];
    this.dispatchLayout = { x: [0, 1, 2] };
    let channelLanes = 1;
    while (channelLanes < Math.min(C, 32)) channelLanes *= 2;
    this.workgroupSize = [channelLanes, PARTIALS_THREADS / channelLanes, 1];
    this.dispatch = [Math.ceil(C / channelLanes), chunks, 1];
    this.shaderKey = `cnnStudioBatchNormPartials_${kind}`;
  }

  getUserCode(): string {
    const [channelLanes, rowLanes] = this.workgroupSize;
    const moments = this.kind === 'moments';
    // Per thread: moments (n, m, q) of d = x − x[0, c] by Welford; gradient sums (Σdy, Σdy·(x − μ), unused).
    const accumulate = moments
      ? `let v = X[element] - shift;
          acc.x = acc.x + 1.0;
          let delta = v - acc.y;
          acc.y = acc.y + delta / acc.x;
          acc.z = acc.z + delta * (v - acc.y);`
      : `let g = Dy[element];
          acc.x = acc.x + g;
          acc.y = acc.y + g * (X[element] - mu);`;
    const combine = moments ? 'chanMerge(partial[slot], partial[slot + other])' : 'partial[slot] + partial[slot + other]';
    return `
      var<workgroup> partial : array<vec3<f32>, ${PARTIALS_THREADS}>;

      ${CHAN_MERGE}

      fn main(index : i32) {
        let lane = i32(localId.x);
        let rowLane = i32(localId.y);
        let c = i32(workgroupId.x) * ${channelLanes} + lane;
        let chunk = i32(workgroupId.y);
        let rowEnd = min((chunk + 1) * uniforms.chunkRows, uniforms.rows);
        var acc = vec3<f32>(0.0);
        if (c < uniforms.channels) {
          ${moments ? 'let shift = X[c];' : 'let mu = Mean[c];'}
          for (var r = chunk * uniforms.chunkRows + rowLane; r < rowEnd; r = r + ${rowLanes}) {
            let element = r * uniforms.channels + c;
            ${accumulate}
          }
        }
        let slot = rowLane * ${channelLanes} + lane;
        partial[slot] = acc;
        workgroupBarrier();
        for (var span = ${rowLanes / 2}; span > 0; span = span / 2) {
          if (rowLane < span) {
            let other = span * ${channelLanes};
            partial[slot] = ${combine};
          }
          workgroupBarrier();
        }
        if (rowLane == 0 && c < uniforms.channels) {
          let total = partial[slot];
          setOutputAtIndex(chunk * uniforms.channels + c, ${moments ? 'total.y' : 'total.x'});
          setOutputAtIndex((uniforms.chunks + chunk) * uniforms.channels + c, ${moments ? 'total.z' : 'total.y'});
        }
      }`;
  }
}

/** Chan et al.'s merge of two (count, mean, Σ(x − mean)²) triples; an empty side leaves the other as it is. */
const CHAN_MERGE = `
      fn chanMerge(a : vec3<f32>, b : vec3<f32>) -> vec3<f32> {
        if (b.x == 0.0) { return a; }
        if (a.x == 0.0) { return b; }
        let n = a.x + b.x;
        let delta = b.y - a.y;
        let w = b.x / n;
        return vec3<f32>(n, a.y + delta * w, a.z + b.z + delta * delta * a.x * w);
      }`;

/** Which [C] result a merge dispatch writes. */
export type MergePart = 'mean' | 'variance' | 'dbeta' | 'dgamma';

/**
 * The P chunks' partials of one channel → one [C] result; one MERGE_THREADS workgroup per channel, each thread
 * merging chunks t, t + 64, … serially, then a workgroup-memory tree. `part` is a uniform (0: row 0 of the
 * partials' result, 1: row 1's), so mean and variance share a pipeline, as do dβ and dγ.
 */
export class BatchNormMergeProgram {
  readonly variableNames: string[];
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout = { x: [0] };
  dispatch: [number, number, number]; // tfjs reshapes it past the per-dimension limit
  readonly workgroupSize: [number, number, number] = [MERGE_THREADS, 1, 1];
  readonly uniforms = 'rows : i32, channels : i32, chunkRows : i32, chunks : i32, part : i32, epsilon : f32,';
  private readonly moments: boolean;

  constructor(part: MergePart, C: number) {
    this.moments = part === 'mean' || part === 'variance';
    // The moments' merge reads x's row 0: the partials' means are about it.
    this.variableNames = this.moments ? ['Partials', 'X'] : ['Partials', 'Variance'];
    this.outputShape = [C];
    this.dispatch = [C, 1, 1];
    this.shaderKey = `cnnStudioBatchNormMerge_${this.moments ? 'moments' : 'gradientSums'}`;
  }

  /** The uniform `part` selecting `which` (after rows, channels, chunkRows, chunks). */
  static partIndex(which: MergePart): number {
    return which === 'mean' || which === 'dbeta' ? 0 : 1;
  }

  getUserCode(): string {
    // A chunk's triple: its count from M and the chunking, its mean and Σ(x − m)² from the partials.
    const load = this.moments
      ? `let n = f32(min(uniforms.chunkRows, uniforms.rows - p * uniforms.chunkRows));
          acc = chanMerge(acc, vec3<f32>(n, Partials[p * uniforms.channels + c], Partials[(uniforms.chunks + p) * uniforms.channels + c]));`
      : `acc = acc + vec3<f32>(Partials[p * uniforms.channels + c], Partials[(uniforms.chunks + p) * uniforms.channels + c], 0.0);`;
    const combine = this.moments ? 'chanMerge(merged[t], merged[t + span])' : 'merged[t] + merged[t + span]';
    const result = this.moments
      ? 'select(max(total.z, 0.0) / f32(uniforms.rows), X[c] + total.y, uniforms.part == 0)'
      : 'select(total.y / sqrt(Variance[c] + uniforms.epsilon), total.x, uniforms.part == 0)';
    return `
      var<workgroup> merged : array<vec3<f32>, ${MERGE_THREADS}>;

      ${CHAN_MERGE}

      fn main(index : i32) {
        let t = i32(localId.x);
        let c = i32(workgroupId.x);
        var acc = vec3<f32>(0.0);
        for (var p = t; p < uniforms.chunks; p = p + ${MERGE_THREADS}) {
          ${load}
        }
        merged[t] = acc;
        workgroupBarrier();
        for (var span = ${MERGE_THREADS / 2}; span > 0; span = span / 2) {
          if (t < span) {
            merged[t] = ${combine};
          }
          workgroupBarrier();
        }
        if (t == 0) {
          let total = merged[0];
          setOutputAtIndex(c, ${result});
        }
      }`;
  }
}

/** One output element a thread over [M, C]: y (forward) or dx (backward), per-channel values read per element. */
export class BatchNormElementwiseProgram {
  readonly variableNames: string[];
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout = { x: [0, 1] };
  dispatch: [number, number, number]; // tfjs reshapes it past the per-dimension limit
  readonly workgroupSize: [number, number, number] = [ELEMENTWISE_THREADS, 1, 1];
  readonly size = true;
  readonly uniforms = 'channels : i32, rows : f32, epsilon : f32,';

  constructor(
    private readonly output: 'y' | 'dx',
    M: number,
    C: number,
  ) {
    this.variableNames = output === 'y' ? ['X', 'Gamma', 'Beta', 'Mean', 'Variance'] : ['Dy', 'X', 'Gamma', 'Mean', 'Variance', 'Dgamma', 'Dbeta'];
    this.outputShape = [M, C];
    this.dispatch = [Math.ceil((M * C) / ELEMENTWISE_THREADS), 1, 1];
    this.shaderKey = `cnnStudioBatchNormElementwise_${output}`;
  }

  getUserCode(): string {
    const value =
      this.output === 'y'
        ? '(X[index] - Mean[c]) * (Gamma[c] * invStd) + Beta[c]'
        : 'Gamma[c] * invStd * (Dy[index] - Dbeta[c] / uniforms.rows - (X[index] - Mean[c]) * invStd * (Dgamma[c] / uniforms.rows))';
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let c = index % uniforms.channels;
          let invStd = 1.0 / sqrt(Variance[c] + uniforms.epsilon);
          setOutputAtIndex(index, ${value});
        }
      }`;
  }
}

/** x's [M, C] view, C checked (batchNormChannels) by the caller, within the merges' dispatch limit. */
function rowsOf(kernel: string, x: TensorInfo, C: number): { M: number; C: number } {
  const size = x.shape.reduce((p, d) => p * d, 1);
  // The merges run one workgroup per channel along dispatch x, which tfjs would reshape past this limit.
  if (C > MAX_WORKGROUPS_PER_DIMENSION) throw new Error(`${kernel} on webgpu: at most ${MAX_WORKGROUPS_PER_DIMENSION} channels, got ${C}`);
  return { M: size / C, C };
}

/** The same buffer seen as [M, C] (as tfjs' Reshape does, without taking a reference: it lives only in this call). */
function asRows(t: TensorInfo, M: number, C: number): TensorInfo {
  return { dataId: t.dataId, shape: [M, C], dtype: t.dtype };
}

export interface WebgpuBatchNormOptions {
  /** Rows per partials workgroup (default ROWS_PER_CHUNK); smaller splits small tensors, for tests. */
  rowsPerChunk?: number;
}

export function makeWebgpuBatchNormTrainKernels(options: WebgpuBatchNormOptions = {}): Record<typeof BATCH_NORM_TRAIN | typeof BATCH_NORM_TRAIN_GRAD, KernelFunc> {
  const rowsPerChunk = options.rowsPerChunk ?? ROWS_PER_CHUNK;
  if (!(Number.isInteger(rowsPerChunk) && rowsPerChunk >= 1)) throw new Error(`makeWebgpuBatchNormTrainKernels: rowsPerChunk must be a positive integer, got ${rowsPerChunk}`);

  /** Partials of `inputs`, then the two merges of them (each also reading `mergeInput`): [row 0's result, row 1's]. */
  function reduce(gpu: WebGpuBackendLike, kind: PartialsKind, parts: [MergePart, MergePart], inputs: TensorInfo[], mergeInput: TensorInfo, M: number, C: number, epsilon: number): [TensorInfo, TensorInfo] {
    const chunks = chunking(M, rowsPerChunk);
    const shape = [int(M), int(C), int(chunks.rows), int(chunks.count)];
    const partials = gpu.runWebGPUProgram(new BatchNormPartialsProgram(kind, C, chunks.count), inputs, 'float32', shape);
    const merge = (part: MergePart) =>
      gpu.runWebGPUProgram(new BatchNormMergeProgram(part, C), [partials, mergeInput], 'float32', [...shape, int(BatchNormMergeProgram.partIndex(part)), float(epsilon)]);
    const results: [TensorInfo, TensorInfo] = [merge(parts[0]), merge(parts[1])];
    gpu.disposeData(partials.dataId);
    return results;
  }

  const forward: KernelFunc = ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const gamma = inputs.gamma as TensorInfo;
    const beta = inputs.beta as TensorInfo;
    const { M, C } = rowsOf(BATCH_NORM_TRAIN, x, batchNormChannels(BATCH_NORM_TRAIN, x, { gamma, beta }));
    const epsilon = Number(attrs?.epsilon);
    const gpu = backend as WebGpuBackendLike;
    const rows = asRows(x, M, C);
    const [mean, variance] = reduce(gpu, 'moments', ['mean', 'variance'], [rows], rows, M, C, epsilon);
    const y = gpu.runWebGPUProgram(new BatchNormElementwiseProgram('y', M, C), [rows, gamma, beta, mean, variance], 'float32', [int(C), float(M), float(epsilon)]);
    return [{ dataId: y.dataId, shape: [...x.shape], dtype: 'float32' }, mean, variance];
  };

  const backward: KernelFunc = ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    const gamma = inputs.gamma as TensorInfo;
    const mean = inputs.mean as TensorInfo;
    const variance = inputs.variance as TensorInfo;
    const { M, C } = rowsOf(BATCH_NORM_TRAIN_GRAD, x, batchNormGradChannels(dy, x, { gamma, mean, variance }));
    const epsilon = Number(attrs?.epsilon);
    const gpu = backend as WebGpuBackendLike;
    const [dyRows, xRows] = [asRows(dy, M, C), asRows(x, M, C)];
    const [dbeta, dgamma] = reduce(gpu, 'gradientSums', ['dbeta', 'dgamma'], [dyRows, xRows, mean], variance, M, C, epsilon);
    const dx = gpu.runWebGPUProgram(
      new BatchNormElementwiseProgram('dx', M, C),
      [dyRows, xRows, gamma, mean, variance, dgamma, dbeta],
      'float32',
      [int(C), float(M), float(epsilon)],
    );
    return [{ dataId: dx.dataId, shape: [...x.shape], dtype: 'float32' }, dgamma, dbeta];
  };

  return { [BATCH_NORM_TRAIN]: forward, [BATCH_NORM_TRAIN_GRAD]: backward };
}
