// The graph picture: one box per node with its output shape, one labelled curve per edge, names escaped.
import { describe, expect, it } from 'vitest';
import { graphSvg } from './graphSvg';
import { analyzeGraph } from '../../analysis/analyzeGraph';
import { formatShape } from '../../graph/schema';
import { templateDoc } from '../testing/trainedModel';
import { mixedNet } from '../testing/nets';

describe('graphSvg', () => {
  it.each(['lenet5', 'inception'])('%s: a box per node and an edge label per edge, from the analysis', async (id) => {
    const { graph, name } = await templateDoc(id);
    const a = analyzeGraph(graph);
    const svg = graphSvg(graph, { title: name, analysis: a });
    expect(svg.match(/<g class="node"/g)!.length).toBe(graph.nodes.length);
    expect(svg.match(/<path class="edge"/g)!.length).toBe(graph.edges.length);
    for (const n of graph.nodes) expect(svg).toContain(`→ ${formatShape(a.nodes[n.id].outputShape)}`);
    expect(svg).toContain(`${(a.totals.trainable + a.totals.nonTrainable).toLocaleString('en-US')} parameters`);
  });

  it('lays out nodes without positions and escapes markup in names', () => {
    const g = mixedNet();
    g.nodes = g.nodes.map((n) => ({ ...n, position: undefined }));
    g.nodes[1].name = 'conv <1> & "x"';
    const svg = graphSvg(g);
    expect(svg).toContain('conv &lt;1&gt; &amp; "x"');
    const ys = [...svg.matchAll(/<g class="node" data-id="[^"]+"><rect x="[-\d.]+" y="([-\d.]+)"/g)].map((m) => Number(m[1]));
    expect(new Set(ys).size).toBeGreaterThan(5); // rows by depth, not one line
  });

  it('marks nodes with errors', () => {
    const g = mixedNet();
    g.nodes[1].params = { filters: 8, kernelSize: 40 };
    expect(graphSvg(g)).toContain('#fde2e1');
  });
});
