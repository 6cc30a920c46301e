// Conv2DBackpropFilter and Conv2DBackpropInput on tfjs-backend-webgpu as hand-written WGSL implicit GEMMs (NHWC,
// dilation 1): each reads its operands through the convolution's index map, so no im2col buffer is built, and
// tiles the product 32×32 in workgroup memory with K loaded cooperatively 32 at a time.
//   dW[ky,kx,ci,co] = Σ_(b,oy,ox) x[b, oy·sH−padT+ky, ox·sW−padL+kx, ci] · dy[b,oy,ox,co]
//     M = kH·kW·inC, N = outC, K = batch·outH·outW. K is long and M·N small (ResNet-20: K = 131,072,
//     M·N = 2,304), so K is split across workgroups (split-K): each writes its partial dW for one K range, the
//     partials stacked along axis 0, and a second program sums them. Stock tfjs-webgpu gives one thread per dW
//     element, each walking all of K — a few thousand threads.
//   dX[b,y,x,ci] = Σ_(ky,kx,co) dy[b, (y+padT−ky)/sH, (x+padL−kx)/sW, co] · w[ky,kx,ci,co], the divisions exact
//     and in range. Only taps with ky ≡ y+padT (mod sH) land, so the pixels are split into sH·sW phases
//     (p = (y+padT) mod sH, likewise x), one dispatch each: in phase p, y = q·sH + p − padT, the taps are
//     ky = p + j·sH and oy = q − j, so M = batch·(pixels of the phase), N = inC, K = (its taps)·outC and no
//     tap that misses is ever visited (for stride 2 that is 3/4 of them).
// Every loop that holds a workgroupBarrier runs a uniform number of times; ranges are masked inside the loads.
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { backpropGeometry, type ConvGeometry, isChannelsLast } from '../cpu/convGeometry';
import type { ProgramUniform, WebGpuBackendLike } from './webgpuBackend';

type Tf = typeof tfjs;
type ConvGradName = 'Conv2DBackpropFilter' | 'Conv2DBackpropInput';


/** The M, N and K extent of one workgroup's tile; 16×16 threads, each computing 2×2 of the 32×32 tile. */
export const TILE = 32;
const THREADS_PER_SIDE = 16;
const THREADS = THREADS_PER_SIDE * THREADS_PER_SIDE;
/** Split K until about this many workgroups are in flight (a large GPU has ~100 compute units)… */
const TARGET_WORKGROUPS = 256;
/** …but give each split at least this much of K, so that the partial sums stay worth their reduction. */
const MIN_K_PER_SPLIT = 256;
/** WebGPU's default maxComputeWorkgroupsPerDimension: dX's M tiles spill into dispatch z beyond it. */
const MAX_WORKGROUPS_PER_DIMENSION = 65535;

export interface SplitKPlan {
  splits: number;
  /** A multiple of TILE; the last split may get less. */
  kPerSplit: number;
}

/** How the filter gradient's K = batch·outH·outW is split for an M×N result. */
export function splitKPlan(m: number, n: number, k: number): SplitKPlan {
  if (k <= 0) return { splits: 1, kPerSplit: 0 };
  const tiles = Math.ceil(m / TILE) * Math.ceil(n / TILE);
  const wanted = Math.ceil(TARGET_WORKGROUPS / tiles);
  const most = Math.max(1, Math.floor(k / MIN_K_PER_SPLIT));
  const kPerSplit = Math.ceil(Math.ceil(k / Math.min(wanted, most)) / TILE) * TILE;
  return { splits: Math.ceil(k / kPerSplit), kPerSplit };
}

/** Which index of a GEMM operand is contiguous in memory: the tile is loaded with neighbouring threads along it. */
type Fast = 'row' | 'k';

interface GemmSource {
  /** WGSL fn loadA(m : i32, k : i32) -> f32 and fn loadB(k : i32, n : i32) -> f32, called only in range. */
  loaders: string;
  /** WGSL fn writeC(m : i32, n : i32, value : f32), called only in range. */
  writer: string;
  aFast: Fast;
  bFast: Fast;
  /** WGSL expressions: this workgroup's M tile, and its K range [kBegin, kEnd). */
  mTile: string;
  kBegin: string;
  kEnd: string;
}

/**
 * C[M×N] = A[M×K]·B[K×N] for one 32×32 tile of C per workgroup: 32 of K at a time, A and B tiles staged in
 * workgroup memory by all 256 threads (4 elements each), then 32 rank-1 updates of each thread's 2×2 block
 * (rows ty, ty+16; columns tx, tx+16). Needs uniforms M, N and kTiles (the K tiles each workgroup runs).
 */
function tiledGemmSource(g: GemmSource): string {
  const loadsPerThread = (TILE * TILE) / THREADS;
  const split = (fast: Fast, row: string) =>
    fast === 'row' ? `let ${row} = e % ${TILE}; let kk = e / ${TILE};` : `let kk = e % ${TILE}; let ${row} = e / ${TILE};`;
  return `
    ${g.loaders}
    ${g.writer}
    var<workgroup> tileA : array<array<f32, ${TILE}>, ${TILE}>; // [k][m]
    var<workgroup> tileB : array<array<f32, ${TILE}>, ${TILE}>; // [k][n]

    fn main() {
      let tx = i32(localId.x);
      let ty = i32(localId.y);
      let lane = i32(localIndex);
      let m0 = (${g.mTile}) * ${TILE};
      let n0 = i32(workgroupId.x) * ${TILE};
      let kBegin = ${g.kBegin};
      let kEnd = ${g.kEnd};
      var c00 = 0.0; var c01 = 0.0; var c10 = 0.0; var c11 = 0.0;
      for (var t = 0; t < uniforms.kTiles; t++) {
        let k0 = kBegin + t * ${TILE};
        for (var i = 0; i < ${loadsPerThread}; i++) {
          let e = lane + i * ${THREADS};
          {
            ${split(g.aFast, 'mm')}
            let m = m0 + mm; let k = k0 + kk;
            var a = 0.0;
            if (m < uniforms.M && k < kEnd) { a = loadA(m, k); }
            tileA[kk][mm] = a;
          }
          {
            ${split(g.bFast, 'nn')}
            let n = n0 + nn; let k = k0 + kk;
            var b = 0.0;
            if (n < uniforms.N && k < kEnd) { b = loadB(k, n); }
            tileB[kk][nn] = b;
          }
        }
        workgroupBarrier();
        for (var kk = 0; kk < ${TILE}; kk++) {
          let a0 = tileA[kk][ty]; let a1 = tileA[kk][ty + ${THREADS_PER_SIDE}];
          let b0 = tileB[kk][tx]; let b1 = tileB[kk][tx + ${THREADS_PER_SIDE}];
          c00 = c00 + a0 * b0; c01 = c01 + a0 * b1;
          c10 = c10 + a1 * b0; c11 = c11 + a1 * b1;
        }
        workgroupBarrier();
      }
      let m1 = m0 + ty; let m2 = m1 + ${THREADS_PER_SIDE};
      let n1 = n0 + tx; let n2 = n1 + ${THREADS_PER_SIDE};
      if (m1 < uniforms.M && n1 < uniforms.N) { writeC(m1, n1, c00); }
      if (m1 < uniforms.M && n2 < uniforms.N) { writeC(m1, n2, c01); }
      if (m2 < uniforms.M && n1 < uniforms.N) { writeC(m2, n1, c10); }
      if (m2 < uniforms.M && n2 < uniforms.N) { writeC(m2, n2, c11); }
    }`;
}

const ints = (values: number[]): ProgramUniform[] => values.map((v) => ({ type: 'int32', data: [v] }));
/** Every output dimension in y: main() then takes no index, and tiles come from workgroupId. */
const TILED_LAYOUT = { x: [3], y: [0, 1, 2] };

/**
 * A tfjs-webgpu program running tiledGemmSource: 16×16 threads a workgroup, one 32×32 tile of C each; a
 * subclass gives its operands' index maps (gemm()), its uniforms (which start M, N, K, kTiles) and the dispatch.
 */
abstract class TiledGemmProgram {
  abstract readonly variableNames: string[];
  abstract readonly shaderKey: string;
  abstract readonly uniforms: string;
  readonly dispatchLayout = TILED_LAYOUT;
  readonly workgroupSize: [number, number, number] = [THREADS_PER_SIDE, THREADS_PER_SIDE, 1];

  constructor(
    readonly outputShape: number[],
    public dispatch: [number, number, number],
    readonly uniformData: ProgramUniform[],
  ) {}

  protected abstract gemm(): GemmSource;

  getUserCode(): string {
    return tiledGemmSource(this.gemm());
  }
}

/** The filter gradient of split `workgroupId.z` over its K range, written as [splits·kH, kW, inC, outC]. */
export class FilterGradGemmProgram extends TiledGemmProgram {
  readonly variableNames = ['X', 'DY'];
  readonly shaderKey = 'cnnStudioFilterGradGemm';
  readonly uniforms =
    'M : i32, N : i32, K : i32, kTiles : i32, kPerSplit : i32, inH : i32, inW : i32, inC : i32, outH : i32, outW : i32, kW : i32, strideH : i32, strideW : i32, padTop : i32, padLeft : i32,';

  constructor(g: ConvGeometry, plan: SplitKPlan) {
    const m = g.kH * g.kW * g.inC;
    const k = g.batch * g.outH * g.outW;
    super(
      [plan.splits * g.kH, g.kW, g.inC, g.outC],
      [Math.ceil(g.outC / TILE), Math.ceil(m / TILE), plan.splits],
      ints([m, g.outC, k, plan.kPerSplit / TILE, plan.kPerSplit, g.inH, g.inW, g.inC, g.outH, g.outW, g.kW, g.strideH, g.strideW, g.padTop, g.padLeft]),
    );
  }

  protected gemm(): GemmSource {
    return {
      loaders: `
        // A[m, k] = x at the tap m = (ky·kW + kx)·inC + ci of output pixel k = (b·outH + oy)·outW + ox.
        fn loadA(m : i32, k : i32) -> f32 {
          let tap = m / uniforms.inC; let ci = m - tap * uniforms.inC;
          let ky = tap / uniforms.kW; let kx = tap - ky * uniforms.kW;
          let pixels = uniforms.outH * uniforms.outW;
          let b = k / pixels; let r = k - b * pixels;
          let oy = r / uniforms.outW; let ox = r - oy * uniforms.outW;
          let iy = oy * uniforms.strideH - uniforms.padTop + ky;
          let ix = ox * uniforms.strideW - uniforms.padLeft + kx;
          if (iy < 0 || iy >= uniforms.inH || ix < 0 || ix >= uniforms.inW) { return 0.0; }
          return X[((b * uniforms.inH + iy) * uniforms.inW + ix) * uniforms.inC + ci];
        }
        // B[k, n] = dy[b, oy, ox, n]: dy is already [K, N].
        fn loadB(k : i32, n : i32) -> f32 {
          return DY[k * uniforms.N + n];
        }`,
      writer: `
        fn writeC(m : i32, n : i32, value : f32) {
          setOutputAtIndex((i32(workgroupId.z) * uniforms.M + m) * uniforms.N + n, value);
        }`,
      aFast: 'row',
      bFast: 'row',
      mTile: 'i32(workgroupId.y)',
      kBegin: 'i32(workgroupId.z) * uniforms.kPerSplit',
      kEnd: 'min(uniforms.K, kBegin + uniforms.kPerSplit)',
    };
  }
}

/** dW = the sum of the splits' partial filter gradients P [splits·kH, kW, inC, outC], one thread an element. */
export class SplitKSumProgram {
  readonly variableNames = ['P'];
  readonly outputShape: number[];
  readonly shaderKey = 'cnnStudioSplitKSum';
  readonly dispatchLayout = { x: [0, 1, 2, 3] };
  dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [64, 1, 1];
  readonly size = true;
  readonly uniforms = 'splits : i32,';
  readonly uniformData: ProgramUniform[];

  constructor(filterShape: number[], splits: number) {
    this.outputShape = filterShape;
    this.dispatch = [Math.ceil(filterShape.reduce((a, b) => a * b, 1) / 64), 1, 1];
    this.uniformData = ints([splits]);
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          var sum = 0.0;
          for (var s = 0; s < uniforms.splits; s++) { sum = sum + P[s * uniforms.size + index]; }
          setOutputAtIndex(index, sum);
        }
      }`;
  }
}

/** One stride phase of dX: the pixels y = q·sH + phaseY − padT (and likewise x) and the taps that land on them. */
export interface InputGradPhase {
  phaseY: number;
  phaseX: number;
  /** q of the phase's first row / column, and how many there are. */
  firstQy: number;
  firstQx: number;
  rows: number;
  cols: number;
  /** Taps ky = phaseY + j·sH < kH (j < tapsH), likewise kx. */
  tapsH: number;
  tapsW: number;
}

/** The q with 0 ≤ q·s + p − pad < size, and the taps p + j·s < k, for each phase p of one spatial axis. */
function axisPhases(size: number, pad: number, stride: number, k: number): { p: number; firstQ: number; count: number; taps: number }[] {
  return Array.from({ length: stride }, (_, p) => {
    const firstQ = Math.ceil((pad - p) / stride);
    const lastQ = Math.floor((size - 1 + pad - p) / stride);
    return { p, firstQ, count: Math.max(0, lastQ - firstQ + 1), taps: Math.max(0, Math.ceil((k - p) / stride)) };
  });
}

/** dX's stride phases that hold pixels (all sH·sW of them unless the input is smaller than a stride). */
export function inputGradPhases(g: ConvGeometry): InputGradPhase[] {
  const ys = axisPhases(g.inH, g.padTop, g.strideH, g.kH);
  const xs = axisPhases(g.inW, g.padLeft, g.strideW, g.kW);
  return ys
    .flatMap((y) => xs.map((x) => ({ phaseY: y.p, phaseX: x.p, firstQy: y.firstQ, firstQx: x.firstQ, rows: y.count, cols: x.count, tapsH: y.taps, tapsW: x.taps })))
    .filter((ph) => ph.rows > 0 && ph.cols > 0);
}

/** The phase of an empty dX. */
const NO_PIXELS: InputGradPhase = { phaseY: 0, phaseX: 0, firstQy: 0, firstQx: 0, rows: 0, cols: 0, tapsH: 0, tapsW: 0 };

/** The pixels of one stride phase of dX: M = batch·rows·cols, N = inC, K = tapsH·tapsW·outC. */
export class InputGradGemmProgram extends TiledGemmProgram {
  readonly variableNames = ['DY', 'W'];
  readonly shaderKey = 'cnnStudioInputGradGemm';
  readonly uniforms =
    'M : i32, N : i32, K : i32, kTiles : i32, inH : i32, inW : i32, outH : i32, outW : i32, outC : i32, kW : i32, strideH : i32, strideW : i32, padTop : i32, padLeft : i32, phaseY : i32, phaseX : i32, firstQy : i32, firstQx : i32, rows : i32, cols : i32, tapsW : i32,';

  constructor(g: ConvGeometry, ph: InputGradPhase) {
    const m = g.batch * ph.rows * ph.cols;
    const k = ph.tapsH * ph.tapsW * g.outC;
    const mTiles = Math.ceil(m / TILE);
    const mTilesPerZ = Math.max(1, Math.min(mTiles, MAX_WORKGROUPS_PER_DIMENSION));
    super(
      [g.batch, g.inH, g.inW, g.inC],
      [Math.ceil(g.inC / TILE), mTilesPerZ, Math.ceil(mTiles / mTilesPerZ)],
      ints([
        m, g.inC, k, Math.ceil(k / TILE), g.inH, g.inW, g.outH, g.outW, g.outC, g.kW, g.strideH, g.strideW, g.padTop, g.padLeft,
        ph.phaseY, ph.phaseX, ph.firstQy, ph.firstQx, ph.rows, ph.cols, ph.tapsW,
      ]),
    );
  }

  protected gemm(): GemmSource {
    return {
      loaders: `
        // A[m, k] = dy[b, qy − j, qx − i, co] for pixel m = (b·rows + iq)·cols + jq (qy = firstQy + iq, …) and
        // tap k = (j·tapsW + i)·outC + co; zero where the tap falls outside dy.
        fn loadA(m : i32, k : i32) -> f32 {
          let pixels = uniforms.rows * uniforms.cols;
          let b = m / pixels; let r = m - b * pixels;
          let iq = r / uniforms.cols; let jq = r - iq * uniforms.cols;
          let tap = k / uniforms.outC; let co = k - tap * uniforms.outC;
          let j = tap / uniforms.tapsW; let i = tap - j * uniforms.tapsW;
          let oy = uniforms.firstQy + iq - j; let ox = uniforms.firstQx + jq - i;
          if (oy < 0 || oy >= uniforms.outH || ox < 0 || ox >= uniforms.outW) { return 0.0; }
          return DY[((b * uniforms.outH + oy) * uniforms.outW + ox) * uniforms.outC + co];
        }
        // B[k, n] = w[phaseY + j·sH, phaseX + i·sW, n, co].
        fn loadB(k : i32, n : i32) -> f32 {
          let tap = k / uniforms.outC; let co = k - tap * uniforms.outC;
          let j = tap / uniforms.tapsW; let i = tap - j * uniforms.tapsW;
          let ky = uniforms.phaseY + j * uniforms.strideH; let kx = uniforms.phaseX + i * uniforms.strideW;
          return W[((ky * uniforms.kW + kx) * uniforms.N + n) * uniforms.outC + co];
        }`,
      writer: `
        fn writeC(m : i32, n : i32, value : f32) {
          let pixels = uniforms.rows * uniforms.cols;
          let b = m / pixels; let r = m - b * pixels;
          let iq = r / uniforms.cols; let jq = r - iq * uniforms.cols;
          let y = (uniforms.firstQy + iq) * uniforms.strideH + uniforms.phaseY - uniforms.padTop;
          let x = (uniforms.firstQx + jq) * uniforms.strideW + uniforms.phaseX - uniforms.padLeft;
          setOutputAtIndex(((b * uniforms.inH + y) * uniforms.inW + x) * uniforms.N + n, value);
        }`,
      aFast: 'k',
      bFast: 'k',
      mTile: 'i32(workgroupId.y + workgroupId.z * numWorkgroups.y)',
      kBegin: '0',
      kEnd: 'uniforms.K',
    };
  }
}

export interface ConvGradOptions {
  /**
   * Which convs' dX runs here: 'all', or 'strided' — stride 1 then goes to the stock kernel, itself an implicit GEMM
   * (tfjs' tuned Conv2DDerInputMMProgram), while ours skips the taps a stride misses (3/4 of them at stride 2).
   * Stock's dW is one thread per filter element, so dW always runs here.
   */
  inputGradFor?: 'all' | 'strided';
}

export function makeWebgpuConvGradKernels(tf: Tf, stock: Partial<Record<ConvGradName, KernelFunc>> = {}, options: ConvGradOptions = {}): Record<ConvGradName, KernelFunc> {
  const inputGradFor = options.inputGradFor ?? 'all';
  const geometry = (xShape: number[], filterShape: number[], a: NamedAttrMap): ConvGeometry => backpropGeometry(tf, xShape, filterShape, a);
  /** NCHW goes to the stock kernel when one was given; there is no channels-first program here. */
  const channelsFirst = (name: ConvGradName, args: Parameters<KernelFunc>[0]) => {
    const fallback = stock[name];
    if (!fallback) throw new Error(`${name} (webgpu WGSL): only NHWC is implemented, got dataFormat ${String(args.attrs?.dataFormat)}`);
    return fallback(args);
  };

  const Conv2DBackpropFilter: KernelFunc = (args) => {
    const a = args.attrs ?? {};
    if (!isChannelsLast(a)) return channelsFirst('Conv2DBackpropFilter', args);
    const x = args.inputs.x as TensorInfo;
    const dy = args.inputs.dy as TensorInfo;
    const gpu = args.backend as WebGpuBackendLike;
    const filterShape = a.filterShape as number[];
    const g = geometry(x.shape, filterShape, a);
    const plan = splitKPlan(g.kH * g.kW * g.inC, g.outC, g.batch * g.outH * g.outW);
    const gemm = new FilterGradGemmProgram(g, plan);
    const partials = gpu.runWebGPUProgram(gemm, [x, dy], 'float32', gemm.uniformData);
    if (plan.splits === 1) return partials;
    const sum = new SplitKSumProgram(filterShape, plan.splits);
    const dw = gpu.runWebGPUProgram(sum, [partials], 'float32', sum.uniformData);
    gpu.disposeData(partials.dataId);
    return dw;
  };

  const Conv2DBackpropInput: KernelFunc = (args) => {
    const a = args.attrs ?? {};
    if (!isChannelsLast(a)) return channelsFirst('Conv2DBackpropInput', args);
    const dy = args.inputs.dy as TensorInfo;
    const filter = args.inputs.filter as TensorInfo;
    const gpu = args.backend as WebGpuBackendLike;
    const g = geometry(a.inputShape as number[], filter.shape, a);
    if (inputGradFor === 'strided' && g.strideH === 1 && g.strideW === 1 && stock.Conv2DBackpropInput) return stock.Conv2DBackpropInput(args);
    // Each phase writes its own pixels of the one output; together they cover it. An empty output still runs
    // one program, which tfjs short-circuits.
    const [first, ...rest] = inputGradPhases(g);
    const run = (ph: InputGradPhase, dx?: TensorInfo) => {
      const program = new InputGradGemmProgram(g, ph);
      return gpu.runWebGPUProgram(program, [dy, filter], 'float32', program.uniformData, dx);
    };
    const dx = run(first ?? NO_PIXELS);
    for (const ph of rest) run(ph, dx);
    return dx;
  };

  return { Conv2DBackpropFilter, Conv2DBackpropInput };
}
