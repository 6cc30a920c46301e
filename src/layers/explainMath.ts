// Helpers for the layers' `math`: the lecture's formulas written out with a node's numbers, language-neutral.
//   W2 = (W1 − F + 2P)/S + 1 (floored where S does not divide), 'same': W2 = ⌈W1/S⌉, F' = d·(F − 1) + 1.
import type { Shape } from '../graph/schema';
import type { Padding } from './spatial';

/** 352800 → "352,800": the same grouping in both UI languages. */
export const grouped = (n: number) => n.toLocaleString('en-US');

export const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** "a·b·c = n" with the product grouped. */
export const timesLine = (factors: readonly number[]) => `${factors.join('·')} = ${grouped(product(factors))}`;

function axisLine(axis: 'W' | 'H', W1: number, W2: number, F: number, S: number, padding: Padding): string {
  if (padding === 'same') return `${axis}2 = ⌈${axis}1/S⌉ = ⌈${W1}/${S}⌉ = ${W2}`;
  const P = padding === 'valid' ? 0 : padding;
  const span = W1 - F + 2 * P;
  const exact = span % S === 0;
  const rule = exact ? `(${axis}1 − F + 2P)/S + 1` : `⌊(${axis}1 − F + 2P)/S⌋ + 1`;
  const filled = exact ? `(${W1} − ${F} + 2·${P})/${S} + 1` : `⌊(${W1} − ${F} + 2·${P})/${S}⌋ + 1`;
  return `${axis}2 = ${rule} = ${filled} = ${W2}`;
}

/**
 * Output size of a sliding window (convolution or pooling) on H×W×D1, one line per rule; `depth` is the last
 * line, e.g. "D2 = K = 6".
 */
export function windowShapeLines(x: Shape, out: Shape, F: number, S: number, padding: Padding, dilation: number, depth: string): string[] {
  const lines: string[] = [];
  const Feff = dilation * (F - 1) + 1;
  if (dilation > 1) lines.push(`F' = d·(F − 1) + 1 = ${dilation}·(${F} − 1) + 1 = ${Feff}`);
  lines.push(axisLine('W', x[1], out[1], Feff, S, padding));
  lines.push(x[0] === x[1] ? `H2 = W2 = ${out[0]}` : axisLine('H', x[0], out[0], Feff, S, padding));
  lines.push(depth);
  lines.push(`${x.join('×')} → ${out.join('×')}`);
  return lines;
}
