// PadV2 with a constant by whole lines: the axes after the last padded one are one contiguous run, so each output
// line along that axis is [before·inner constants][the input line][after·inner constants], copied in one pass.
// Stock tfjs-wasm walks the output element by element: LeNet-5's input pad (256×28×28×1, P = 2) took 2.5–6 ms of
// a b256 step there; lines of 28 floats take ~0.5 ms.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { TensorIO } from '../tensorIO';

export function makePadKernel(io: TensorIO, stock: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x as TensorInfo;
    const paddings = attrs?.paddings as Array<[number, number]>;
    const value = Number(attrs?.constantValue ?? 0);
    const rank = x.shape.length;
    if (x.dtype !== 'float32' || rank === 0 || paddings.length !== rank || paddings.some(([b, a]) => b < 0 || a < 0)) {
      if (!stock) throw new Error('PadV2: only float32 with non-negative paddings is implemented');
      return stock(args);
    }
    const outShape = x.shape.map((d, i) => d + paddings[i][0] + paddings[i][1]);
    const { info, values: out } = io.allocate(backend, outShape);
    const src = io.read(backend, x);
    let last = rank - 1;
    while (last > 0 && paddings[last][0] === 0 && paddings[last][1] === 0) last--;
    let inner = 1;
    for (let a = last + 1; a < rank; a++) inner *= x.shape[a];
    const [before, after] = paddings[last];
    const lineIn = x.shape[last] * inner;
    const lead = before * inner;
    const lineOut = lead + lineIn + after * inner;
    // Output lines: every index of the axes before `last`; a line whose index falls in a pad is all constants.
    const outer = outShape.slice(0, last);
    const lines = outer.reduce((p, d) => p * d, 1);
    const index = new Array<number>(last).fill(0);
    for (let line = 0, to = 0; line < lines; line++, to += lineOut) {
      let from = 0;
      let inside = true;
      for (let a = 0; a < last; a++) {
        const i = index[a] - paddings[a][0];
        if (i < 0 || i >= x.shape[a]) inside = false;
        from = from * x.shape[a] + i;
      }
      if (!inside) out.fill(value, to, to + lineOut);
      else {
        for (let k = 0; k < lead; k++) out[to + k] = value;
        const start = from * lineIn;
        // A typed-array set() is a memcpy but costs ~0.1 µs a call: short lines copy faster in a loop.
        if (lineIn >= 64) out.set(src.subarray(start, start + lineIn), to + lead);
        else for (let k = 0; k < lineIn; k++) out[to + lead + k] = src[start + k];
        for (let k = lead + lineIn; k < lineOut; k++) out[to + k] = value;
      }
      for (let a = last - 1; a >= 0 && ++index[a] === outer[a]; a--) index[a] = 0;
    }
    return info;
  };
}
