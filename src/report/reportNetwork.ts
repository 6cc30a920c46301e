// The report's network section: the graph picture (the SVG export's) and a table of every layer's output
// shape and parameter count from the shape analysis, with the totals.
import type { Graph } from '../graph/schema';
import { formatShape } from '../graph/schema';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { graphSvg } from '../export/svg/graphSvg';
import { esc, figure, int, section, table, type ReportContext } from './html';

/** The SVG file's markup made fit for inline use: no XML namespace URL (HTML needs none), scaled to the page. */
export const inlineSvg = (svg: string, className: string): string => svg.replace(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, `<svg class="${className}"`);

export function networkSection(c: ReportContext, graph: Graph): string {
  const analysis = analyzeGraph(graph);
  const picture = inlineSvg(graphSvg(graph, { analysis }), 'graph-picture');
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const ids = [...analysis.order, ...graph.nodes.map((n) => n.id).filter((id) => !analysis.order.includes(id))];
  const rows = ids.map((id) => {
    const n = byId.get(id)!;
    const info = analysis.nodes[id];
    const params = info ? info.paramCount.trainable + info.paramCount.nonTrainable : 0;
    return [esc(n.name || n.id), esc(n.type), esc(formatShape(info?.outputShape)), params ? int(params) : '0'];
  });
  const t = analysis.totals;
  const total = t.trainable + t.nonTrainable;
  return section('network', c.t('modelSection'), [
    figure(c.t('graphPicture'), `<div class="graph-wrap">${picture}</div>`, 'graph-figure'),
    `<h3>${c.t('layerTable')}</h3>`,
    table(
      [{ head: c.t('colLayer') }, { head: c.t('colType') }, { head: c.t('colOutputShape') }, { head: c.t('colParameters'), numeric: true }],
      rows,
      { foot: [c.t('totalRow'), '', '', int(total)], className: 'layers' },
    ),
    `<p class="note">${c.t('paramSummary', { total: int(total), trainable: int(t.trainable), macs: int(t.macs) })}</p>`,
  ]);
}
