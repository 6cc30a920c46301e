// The validate report's blocks: every user block instance, nested ones as "features_1 › stage_1", with its
// definition's name and ×N, the shapes it maps and its parameters; a repeated one also per repeat, with that
// repeat's changes. The numbers come from the instance's expansion analysed on its input, as analyzeGraph
// counts the instance, so a block's repeats add up to its row in the table.
import { analyzeSubgraph, type GraphAnalysis } from '../../src/analysis/analyzeGraph';
import { formatShape, type Graph, type GraphNode, type Shape } from '../../src/graph/schema';
import type { Lang } from '../../src/i18n/issues';
import { getLayer } from '../../src/layers/registry';
import { expandContextOf } from '../../src/layers/types';
import { USER_BLOCK_TYPE, UserBlockParams, blockCycle, findBlock, type RepeatOverride } from '../../src/layers/userBlock';
import { repeatStats } from '../../src/graph/repeatStats';

export interface BlockRepeatReport {
  inputShape: Shape | null;
  outputShape: Shape | null;
  /** Trainable + non-trainable; null where the shapes are unknown (a repeat that does not fit, or after it). */
  params: number | null;
  /** This repeat's overrides of the shared definition. */
  changes: RepeatOverride[];
}

export interface BlockReport {
  /** Instance names from the top level in: ["features_1", "stage_1"]; a repeat of a repeated block is "repeat 2". */
  path: string[];
  /** The definition's id and name (the name is undefined for a definition the project lacks). */
  block: string;
  title?: string;
  repeat: number;
  inputShape: Shape | null;
  outputShape: Shape | null;
  params: number | null;
  /** Each repeat, for repeat > 1. */
  repeats?: BlockRepeatReport[];
}

const words = {
  en: { blocks: 'Blocks', repeat: 'repeat', params: 'params', unknown: 'not defined', more: 'more instances not listed' },
  ko: { blocks: '블록', repeat: '반복', params: '매개변수', unknown: '정의 없음', more: '개 인스턴스는 생략' },
} as const;

/** At most this many instances are listed (a 64× repeat of a block holding blocks could list thousands). */
export const MAX_BLOCK_ROWS = 500;

const count = (a: { paramCount: { trainable: number; nonTrainable: number }; outputShape?: Shape }) => (a.outputShape ? a.paramCount.trainable + a.paramCount.nonTrainable : null);

/** The instance's inside analysed on its input, or undefined when it has none (unknown or recursive definition, unknown input). */
function inside(graph: Graph, node: GraphNode, input: Shape | undefined) {
  const def = getLayer(USER_BLOCK_TYPE);
  const parsed = UserBlockParams.safeParse(node.params);
  if (!def?.expand || !parsed.success || !input || !findBlock(graph.blocks, parsed.data.block) || blockCycle(graph.blocks, parsed.data.block)) return undefined;
  const exp = def.expand(parsed.data, [input], expandContextOf(graph));
  return { exp, sub: analyzeSubgraph(exp, [input]) };
}

/** Every user block instance of the graph in flow order, each followed by the instances inside it. */
export function blockReports(graph: Graph, analysis: GraphAnalysis): { rows: BlockReport[]; omitted: number } {
  const rows: BlockReport[] = [];
  let omitted = 0;
  const visit = (g: Graph, a: GraphAnalysis, path: string[]) => {
    const byId = new Map(g.nodes.map((n) => [n.id, n] as const));
    for (const id of a.order) {
      const node = byId.get(id);
      const at = a.nodes[id];
      if (node?.type !== USER_BLOCK_TYPE || !at) continue;
      if (rows.length >= MAX_BLOCK_ROWS) {
        omitted++;
        continue;
      }
      const parsed = UserBlockParams.safeParse(node.params);
      const p = parsed.success ? parsed.data : { block: String(node.params?.block ?? ''), repeat: 1, overrides: [] };
      const input = (at.inputShapes[0] ?? undefined) as Shape | undefined;
      const here = [...path, at.name];
      const row: BlockReport = { path: here, block: p.block, title: findBlock(g.blocks, p.block)?.name, repeat: p.repeat, inputShape: input ?? null, outputShape: at.outputShape ?? null, params: count(at) };
      rows.push(row);
      const inner = inside(g, node, input);
      if (!inner) continue;
      if (p.repeat === 1) {
        visit(inner.exp.graph, inner.sub.analysis, here);
        continue;
      }
      // The inspector's per-repeat numbers (src/graph/repeatStats.ts), with null for what is not known.
      row.repeats = (repeatStats(g, node.id, input)?.rows ?? []).map((r) => ({ inputShape: r.inputShape ?? null, outputShape: r.outputShape ?? null, params: r.params ?? null, changes: r.changes }));
      inner.exp.graph.nodes.forEach((n, i) => {
        if (n.type !== USER_BLOCK_TYPE) return;
        const deeper = inside(inner.exp.graph, n, (inner.sub.analysis.nodes[n.id]?.inputShapes[0] ?? undefined) as Shape | undefined);
        if (deeper) visit(deeper.exp.graph, deeper.sub.analysis, [...here, `${words.en.repeat} ${i + 1}`]);
      });
    }
  };
  visit(graph, analysis, []);
  return { rows, omitted };
}

const formatCount = (n: number | null) => (n === null ? '?' : n.toLocaleString('en-US'));
const value = (v: unknown) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
const changesText = (changes: RepeatOverride[]) => changes.map((c) => `${c.node}: ${Object.entries(c.params).map(([k, v]) => `${k} ${value(v)}`).join(', ')}`).join('; ');

/** The report's block section (empty when the graph has no user blocks). */
export function formatBlocks(graph: Graph, analysis: GraphAnalysis, lang: Lang): string[] {
  const w = words[lang];
  const { rows, omitted } = blockReports(graph, analysis);
  if (!rows.length) return [];
  const shapes = (i: Shape | null, o: Shape | null) => `${formatShape(i ?? undefined)} → ${formatShape(o ?? undefined)}`;
  const out = [`${w.blocks}:`];
  for (const r of rows) {
    const title = `${r.title ?? `${r.block}: ${w.unknown}`}${r.repeat > 1 ? ` ×${r.repeat}` : ''}`;
    out.push(`  ${r.path.join(' › ')} (${title})  ${shapes(r.inputShape, r.outputShape)}, ${formatCount(r.params)} ${w.params}`);
    r.repeats?.forEach((x, i) => {
      const changed = x.changes.length ? `  (${changesText(x.changes)})` : '';
      out.push(`    ${w.repeat} ${i + 1}  ${shapes(x.inputShape, x.outputShape)}, ${formatCount(x.params)} ${w.params}${changed}`);
    });
  }
  if (omitted) out.push(lang === 'ko' ? `  … ${omitted}${w.more}` : `  … ${omitted} ${w.more}`);
  return out;
}
