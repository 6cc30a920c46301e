// A picture of the graph as SVG: one box per node (name, type, summary, output shape, parameters) at its
// canvas position, edges labelled with the tensor shape they carry. Pure string building, no DOM.
import type { Graph, Position } from '../../graph/schema';
import { formatShape } from '../../graph/schema';
import { ROW_LAYOUT } from '../../templates/chain';
import { analyzeGraph, type GraphAnalysis } from '../../analysis/analyzeGraph';
import { getLayer } from '../../layers/registry';
import { expandContextOf } from '../../layers/types';
import { xmlAttr, xmlText } from '../escape';

const BOX_W = 190;
const BOX_H = 64;
const MARGIN = 40;
// The canvas lays nodes 136 wide with 80 between columns (ROW_LAYOUT); these boxes are wider, so canvas x
// positions are stretched to keep an edge label's room between side-by-side boxes.
const COLUMN_GAP = 80;
const X_SCALE = (BOX_W + COLUMN_GAP) / (ROW_LAYOUT.nodeWidth + ROW_LAYOUT.columnGap);

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
      out.set(n.id, { x: n.position.x * X_SCALE, y: n.position.y });
      continue;
    }
    const d = depth.get(n.id) ?? 0;
    const col = perRow.get(d) ?? 0;
    perRow.set(d, col + 1);
    out.set(n.id, { x: col * (BOX_W + 40), y: d * (BOX_H + 50) });
  }
  return out;
}

/** A user block instance's definition name and ×N ("unit 32 ×3"), where the node face shows only the definition's id. */
function blockTitle(graph: Graph, type: string, params: unknown): string | undefined {
  const def = getLayer(type);
  const title = params && def?.expand ? def.title?.(params, expandContextOf(graph)) : undefined;
  if (!title) return undefined;
  const times = (params as { repeat?: unknown }).repeat;
  return typeof times === 'number' && times > 1 ? `${title} ×${times}` : title;
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
  /** An edge's ends and its label's anchor: side by side (a row of the canvas layout) from side to side, else bottom to top. */
  const ends = (source: Position, target: Position) => {
    if (Math.abs(source.y - target.y) < BOX_H && Math.abs(source.x - target.x) >= BOX_W) {
      const right = target.x > source.x;
      const s = { x: source.x + (right ? BOX_W : 0), y: source.y + BOX_H / 2 };
      const t = { x: target.x + (right ? 0 : BOX_W), y: target.y + BOX_H / 2 };
      const mid = (s.x + t.x) / 2;
      return { d: `M${s.x},${s.y} C${mid},${s.y} ${mid},${t.y} ${t.x},${t.y}`, label: { x: mid, y: Math.min(s.y, t.y) - 6, anchor: 'middle' } };
    }
    const s = { x: source.x + BOX_W / 2, y: source.y + BOX_H };
    const t = { x: target.x + BOX_W / 2, y: target.y };
    const midY = (s.y + t.y) / 2;
    // A row's wrap-around edge is flat at its middle: the label sits above it there, not across it.
    const label = Math.abs(s.x - t.x) >= BOX_W ? { x: (s.x + t.x) / 2, y: midY - 6, anchor: 'middle' } : { x: (s.x + t.x) / 2 + 6, y: midY + 4, anchor: 'start' };
    return { d: `M${s.x},${s.y} C${s.x},${midY} ${t.x},${midY} ${t.x},${t.y}`, label };
  };
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX} ${minY} ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`);
  parts.push(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>`);
  parts.push(`<rect x="${minX}" y="${minY}" width="${width}" height="${height}" fill="#ffffff"/>`);
  if (opts.title) parts.push(`<text x="${minX + MARGIN}" y="${minY + 30}" font-size="18" font-weight="bold" fill="#222">${xmlText(opts.title)}</text>`);
  for (const e of graph.edges) {
    if (!pos.has(e.source) || !pos.has(e.target)) continue;
    const { d, label } = ends(pos.get(e.source)!, pos.get(e.target)!);
    const shape = a.edges[e.id];
    parts.push(`<path class="edge" d="${d}" fill="none" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>`);
    if (shape) parts.push(`<text x="${label.x}" y="${label.y}"${label.anchor === 'middle' ? ' text-anchor="middle"' : ''} font-size="11" fill="#0a58ca">${xmlText(formatShape(shape))}</text>`);
  }
  const hasError = new Set(a.issues.filter((i) => i.severity === 'error').map((i) => i.nodeId));
  for (const n of graph.nodes) {
    const p = pos.get(n.id)!;
    const info = a.nodes[n.id];
    const params = info ? info.paramCount.trainable + info.paramCount.nonTrainable : 0;
    const line2 = [n.type, blockTitle(graph, n.type, info?.params) ?? info?.summary].filter(Boolean).join(' · ');
    const line3 = `→ ${formatShape(info?.outputShape)}${params ? ` · ${fmtCount(params)} params` : ''}`; // SVG collapses runs of spaces
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
