// A picture of the graph as SVG: one box per node (name, type, summary, output shape, parameters) at its
// canvas position, edges labelled with the tensor shape they carry. Pure string building, no DOM.
import type { Graph, Position } from '../../graph/schema';
import { formatShape } from '../../graph/schema';
import { analyzeGraph, type GraphAnalysis } from '../../analysis/analyzeGraph';
import { xmlAttr, xmlText } from '../escape';

const BOX_W = 190;
const BOX_H = 64;
const MARGIN = 40;

const fmtCount = (n: number) => n.toLocaleString('en-US');

/** Nodes without a position are placed by depth (rows) in topological order. */
function positions(graph: Graph, a: GraphAnalysis): Map<string, Position> {
  const out = new Map<string, Position>();
  const depth = new Map<string, number>();
  for (const id of a.order) {
    const ins = graph.edges.filter((e) => e.target === id).map((e) => depth.get(e.source) ?? 0);
    depth.set(id, ins.length ? Math.max(...ins) + 1 : 0);
  }
  const perRow = new Map<number, number>();
  for (const n of graph.nodes) {
    if (n.position) {
      out.set(n.id, n.position);
      continue;
    }
    const d = depth.get(n.id) ?? 0;
    const col = perRow.get(d) ?? 0;
    perRow.set(d, col + 1);
    out.set(n.id, { x: col * (BOX_W + 40), y: d * (BOX_H + 50) });
  }
  return out;
}

export function graphSvg(graph: Graph, opts: { title?: string; analysis?: GraphAnalysis } = {}): string {
  const a = opts.analysis ?? analyzeGraph(graph);
  const pos = positions(graph, a);
  const xs = [...pos.values()].map((p) => p.x);
  const ys = [...pos.values()].map((p) => p.y);
  const minX = Math.min(0, ...xs) - MARGIN;
  const minY = Math.min(0, ...ys) - MARGIN - (opts.title ? 30 : 0);
  const width = Math.max(...xs, 0) + BOX_W + MARGIN - minX;
  const height = Math.max(...ys, 0) + BOX_H + MARGIN + 24 - minY;
  const centre = (id: string, dy: number) => {
    const p = pos.get(id)!;
    return { x: p.x + BOX_W / 2, y: p.y + dy };
  };
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX} ${minY} ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`);
  parts.push(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>`);
  parts.push(`<rect x="${minX}" y="${minY}" width="${width}" height="${height}" fill="#ffffff"/>`);
  if (opts.title) parts.push(`<text x="${minX + MARGIN}" y="${minY + 30}" font-size="18" font-weight="bold" fill="#222">${xmlText(opts.title)}</text>`);
  for (const e of graph.edges) {
    if (!pos.has(e.source) || !pos.has(e.target)) continue;
    const s = centre(e.source, BOX_H);
    const t = centre(e.target, 0);
    const shape = a.edges[e.id];
    parts.push(`<path class="edge" d="M${s.x},${s.y} C${s.x},${(s.y + t.y) / 2} ${t.x},${(s.y + t.y) / 2} ${t.x},${t.y}" fill="none" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>`);
    if (shape) parts.push(`<text x="${(s.x + t.x) / 2 + 6}" y="${(s.y + t.y) / 2 + 4}" font-size="11" fill="#0a58ca">${xmlText(formatShape(shape))}</text>`);
  }
  const hasError = new Set(a.issues.filter((i) => i.severity === 'error').map((i) => i.nodeId));
  for (const n of graph.nodes) {
    const p = pos.get(n.id)!;
    const info = a.nodes[n.id];
    const params = info ? info.paramCount.trainable + info.paramCount.nonTrainable : 0;
    const line2 = [n.type, info?.summary].filter(Boolean).join(' · ');
    const line3 = `→ ${formatShape(info?.outputShape)}${params ? `   ${fmtCount(params)} params` : ''}`;
    parts.push(
      `<g class="node" data-id="${xmlAttr(n.id)}"><rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="${hasError.has(n.id) ? '#fde2e1' : '#f4f6fb'}" stroke="${hasError.has(n.id) ? '#c0392b' : '#8896b3'}"/>` +
        `<text x="${p.x + 10}" y="${p.y + 19}" font-size="13" font-weight="bold" fill="#222">${xmlText(n.name || n.id)}</text>` +
        `<text x="${p.x + 10}" y="${p.y + 37}" font-size="11" fill="#444">${xmlText(line2)}</text>` +
        `<text x="${p.x + 10}" y="${p.y + 54}" font-size="11" fill="#0a58ca">${xmlText(line3)}</text></g>`,
    );
  }
  const t = a.totals;
  parts.push(`<text x="${minX + MARGIN}" y="${minY + height - 14}" font-size="12" fill="#444">${xmlText(`${fmtCount(t.trainable + t.nonTrainable)} parameters (${fmtCount(t.trainable)} trainable) · ${fmtCount(t.macs)} MACs per image`)}</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
