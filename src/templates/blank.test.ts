// The blank project: valid and analysable with no issue at all, and made by 'project.new' like any template, so
// both hosts and the CLI make the same document.
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { findTemplate } from '../project/templates';
import { blank, BLANK_TEMPLATE_ID } from './blank';

describe('blank project', () => {
  it('is Input → Flatten → Output with no errors or warnings and 784·10 + 10 parameters', () => {
    const a = analyzeGraph(blank().graph);
    expect(a.issues).toEqual([]);
    expect(blank().graph.nodes.map((n) => n.type)).toEqual(['Input', 'Flatten', 'Output']);
    expect(a.totals.trainable).toBe(784 * 10 + 10);
    expect(a.nodes[a.outputNodeId!].outputShape).toEqual([10]);
  });

  it("is the template 'blank' that project.new makes", async () => {
    const t = await findTemplate(BLANK_TEMPLATE_ID);
    expect(t?.name).toBe('Blank project');
    expect(t?.description).toContain((7_850).toLocaleString('en-US'));
    expect(t!.makeDoc().graph).toEqual(blank().graph);
  });
});
