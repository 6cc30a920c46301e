// The convolution arithmetic at the picked output pixel, with real numbers: per input channel the patch
// under the kernel (padding cells marked), the kernel, and Σ patch·kernel; then the sum over channels plus
// the bias = the value in the map (and the fused activation, if any).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Graph } from '../../src/graph/schema';
import { incomingEdges, type GraphAnalysis } from '../../src/analysis/analyzeGraph';
import type { NodeActivation } from '../../src/learn/activations';
import { convArithmetic, type ConvArithmetic } from '../../src/learn/convArithmetic';
import type { InspectFilters } from '../worker/messages';
import { fmt3, oihwToHwio } from './maps';

const CHANNELS = 6;

export function arithmeticFor(graph: Graph, analysis: GraphAnalysis, nodeId: string, activations: NodeActivation[], filters: InspectFilters, at: { y: number; x: number; k: number }): ConvArithmetic | undefined {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const p = analysis.nodes[nodeId]?.params as { strides: number; padding: 'valid' | 'same' | number; dilation: number; activation: string } | undefined;
  const source = incomingEdges(graph.edges).get(nodeId)?.[0]?.source;
  const input = activations.find((a) => a.nodeId === source);
  if (!node || !p || !input || input.shape.length !== 3) return undefined;
  const [K, , F, G] = filters.shape;
  const depthwise = node.type === 'DepthwiseConv2D';
  const C = input.shape[2];
  const kernelShape: [number, number, number, number] = depthwise ? [F, G, C, K / C] : [F, G, C, K];
  return convArithmetic(
    { input, kernel: oihwToHwio(filters.data, filters.shape), kernelShape, bias: filters.bias, strides: [p.strides, p.strides], padding: p.padding, dilation: [p.dilation, p.dilation], activation: p.activation, depthwise },
    at,
  );
}

export function ArithmeticView({ a, name, source, padding, stride, dilation, activation }: { a: ConvArithmetic; name: string; source: string; padding: string; stride: number; dilation: number; activation?: string }) {
  const { t } = useTranslation('learn');
  const C = a.patch[0]?.[0]?.length ?? 0;
  const sums = useMemo(() => Array.from({ length: C }, (_, c) => a.patch.reduce((s, row, i) => s + row.reduce((r, cell, j) => r + cell[c] * a.kernel[i][j][c], 0), 0)), [a, C]);
  const shown = Math.min(C, CHANNELS);
  const restSum = sums.slice(shown).reduce((s, v) => s + v, 0);
  const inRows = a.rows.filter((r) => r >= 0);
  const inCols = a.cols.filter((c) => c >= 0);
  const out = a.activated ?? a.value;
  return (
    <section className="learn-arith" data-testid="learn-arith" data-value={out} data-y={a.y} data-x={a.x} data-k={a.k}>
      <p>
        <strong>{t('arith.at', { name, y: a.y, x: a.x, k: a.k })}</strong>
        <br />
        <span className="muted">
          {t('arith.window', { r0: inRows[0] ?? '−', r1: inRows.at(-1) ?? '−', c0: inCols[0] ?? '−', c1: inCols.at(-1) ?? '−', src: source, s: stride, p: padding, d: dilation > 1 ? t('arith.dilation', { d: dilation }) : '' })}
        </span>
      </p>
      <table className="learn-arith-table mono">
        <thead>
          <tr>
            <th>{t('arith.channel')}</th>
            <th>{t('arith.patch')}</th>
            <th />
            <th>{t('arith.kernel')}</th>
            <th>{t('arith.sum')}</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: shown }, (_, c) => (
            <tr key={c}>
              <td>{c}</td>
              <td>
                <Grid a={a} c={c} which="patch" padLabel={t('arith.pad')} />
              </td>
              <td>·</td>
              <td>
                <Grid a={a} c={c} which="kernel" />
              </td>
              <td className="num">{fmt3(sums[c])}</td>
            </tr>
          ))}
          {C > shown && (
            <tr>
              <td colSpan={4} className="muted">
                {t('arith.more', { count: C - shown })}
              </td>
              <td className="num">{fmt3(restSum)}</td>
            </tr>
          )}
        </tbody>
      </table>
      <p className="mono learn-arith-total" data-testid="learn-arith-total">
        {t('arith.total', { dot: fmt3(a.dot), bias: fmt3(a.bias), value: fmt3(a.value) })}
        {a.activated !== undefined && (
          <>
            <br />
            {t('arith.activated', { fn: activation, value: fmt3(a.value), out: fmt3(a.activated) })}
          </>
        )}
      </p>
    </section>
  );
}

function Grid({ a, c, which, padLabel }: { a: ConvArithmetic; c: number; which: 'patch' | 'kernel'; padLabel?: string }) {
  const m = which === 'patch' ? a.patch : a.kernel;
  return (
    <table className="learn-grid">
      <tbody>
        {m.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) => {
              const pad = which === 'patch' && (a.rows[i] < 0 || a.cols[j] < 0);
              return (
                <td key={j} className={pad ? 'pad' : undefined} title={pad ? padLabel : which === 'patch' ? `(${a.rows[i]}, ${a.cols[j]})` : undefined}>
                  {fmt3(cell[c])}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
