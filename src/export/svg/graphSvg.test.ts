// The graph picture: one box per node with its output shape, one labelled curve per edge, names escaped.
import { describe, expect, it } from 'vitest';
import { graphSvg } from './graphSvg';
import { analyzeGraph } from '../../analysis/analyzeGraph';
import { formatShape } from '../../graph/schema';
import { templateDoc } from '../testing/trainedModel';
import { mixedNet } from '../testing/nets';
import { lenetStageTwice, stagedResnet20 } from '../testing/blockNets';

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

describe('graphSvg of user blocks', () => {
  it.each([
    // [net, a node's id, what its box says under its name]
    ['ResNet-20 as three repeated stages', stagedResnet20, 'stage32', 'Block · unit 32 ×3', '→ 16×16×32 · 52,096 params'],
    ['LeNet-5 with a stage used twice', lenetStageTwice, 'block_2', 'Block · stage', '→ 3×3×16 · 6,416 params'],
  ] as const)('%s: an instance shows its definition\'s name and ×N', (_name, make, id, line2, line3) => {
    const svg = graphSvg(make());
    const box = svg.split('\n').find((l) => l.startsWith(`<g class="node" data-id="${id}"`))!;
    expect(box).toContain(`>${line2}</text>`);
    expect(box).toContain(`>${line3}</text>`);
  });

  it('escapes a definition name', () => {
    const g = stagedResnet20();
    g.blocks![1] = { ...g.blocks![1], name: 'unit <32> & "x"' };
    expect(graphSvg(g)).toContain('>Block · unit &lt;32&gt; &amp; "x" ×3</text>');
  });
});

describe('graphSvg edge labels', () => {
  // A label under a box is hidden by it (the boxes are drawn after the edges). Its extent: ~0.6 em a character
  // at 11 px, from its anchor (start) or around it (middle), and from its baseline up 9 px.
  it.each([
    ['lenet5 (rows of the canvas layout)', async () => (await templateDoc('lenet5')).graph],
    ['inception', async () => (await templateDoc('inception')).graph],
    ['ResNet-20 as three repeated stages', async () => stagedResnet20()],
  ])('%s: no shape label lies inside a box, and side-by-side boxes are joined side to side', async (_name, make) => {
    const svg = graphSvg(await make());
    const boxes = [...svg.matchAll(/<g class="node" data-id="[^"]+"><rect x="([-\d.]+)" y="([-\d.]+)" width="(\d+)" height="(\d+)"/g)].map((m) => m.slice(1).map(Number));
    const labels = [...svg.matchAll(/<text x="([-\d.]+)" y="([-\d.]+)"( text-anchor="middle")? font-size="11" fill="#0a58ca">([^<→]+)<\/text>/g)].map((m) => {
      const [x, y, width] = [Number(m[1]), Number(m[2]), m[4].length * 6.6];
      return { text: m[4], x0: m[3] ? x - width / 2 : x, x1: m[3] ? x + width / 2 : x + width, y0: y - 9, y1: y };
    });
    expect(labels.length).toBeGreaterThan(3);
    const hidden = labels.filter((l) => boxes.some(([bx, by, w, h]) => l.x1 > bx && l.x0 < bx + w && l.y1 > by && l.y0 < by + h));
    expect(hidden.map((l) => l.text)).toEqual([]);
    // A horizontal edge: from one box's right side (x + width) at mid-height.
    const [bx, by, w, h] = boxes[0];
    expect(svg).toContain(`<path class="edge" d="M${bx + w},${by + h / 2} `);
  });
});
