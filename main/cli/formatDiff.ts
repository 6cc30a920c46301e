// The `diff` listing, read like a code diff: "+" a node only in b, "-" one only in a, "~" one changed (each
// parameter before → after, with its Δparams), "·" one whose cost changed through its input; then edges,
// block definitions, layout, and the totals line — in English or Korean.
import type { BlockDefinitionChange, CostTotals, DiffEdge, DiffNode, GraphDiff, MatchedNode } from '../../src/experiments/graphDiff';
import type { Lang } from '../../src/i18n/issues';
import { formatCount, formatMacs } from './formatAnalysis';
import { terminalSafe } from './terminalSafe';

const words = {
  en: {
    params: 'params',
    equal: 'The graphs are the same',
    differ: (n: number) => `${n} difference${n === 1 ? '' : 's'}`,
    name: 'name',
    definition: 'its block definition changed',
    viaInput: 'through its input',
    edges: 'Connections',
    blocks: 'Block definitions',
    inside: (added: number, removed: number, changed: number) => `inside: +${added} −${removed} ~${changed} layers`,
    nested: 'uses changed definitions',
    inputs: 'inputs',
    output: 'output',
    moved: (n: number) => `Layout: ${n} node${n === 1 ? '' : 's'} moved (not a change)`,
    invalid: (side: string) => `${side} has errors: its counts leave out the layers that failed (see cnn-studio validate)`,
  },
  ko: {
    params: '매개변수',
    equal: '두 그래프가 같습니다',
    differ: (n: number) => `차이 ${n}개`,
    name: '이름',
    definition: '블록 정의가 바뀌었습니다',
    viaInput: '입력이 바뀌어서',
    edges: '연결',
    blocks: '블록 정의',
    inside: (added: number, removed: number, changed: number) => `내부: +${added} −${removed} ~${changed} 층`,
    nested: '바뀐 정의 사용',
    inputs: '입력',
    output: '출력',
    moved: (n: number) => `배치: 노드 ${n}개 이동 (변경 아님)`,
    invalid: (side: string) => `${side} 에 오류가 있어 실패한 층은 수에서 빠졌습니다 (cnn-studio validate 로 확인)`,
  },
} as const;

const signed = (n: number, format: (x: number) => string) => `${n < 0 ? '−' : '+'}${format(Math.abs(n))}`;

/** A parameter's value as written in a project file: strings bare, the rest as compact JSON. */
function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  return terminalSafe(typeof v === 'string' ? v : JSON.stringify(v));
}

const node = (n: DiffNode) => terminalSafe([n.name, n.type, n.summary].filter(Boolean).join(' '));

/** "(+52 params, +39.2 K MACs)", or nothing when the cost is the same. */
function costNote(before: { params: number; macs: number }, after: { params: number; macs: number }, lang: Lang): string {
  const parts: string[] = [];
  if (after.params !== before.params) parts.push(`${signed(after.params - before.params, formatCount)} ${words[lang].params}`);
  if (after.macs !== before.macs) parts.push(`${signed(after.macs - before.macs, formatMacs)} MACs`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function changedLine(m: MatchedNode, lang: Lang): string {
  const w = words[lang];
  const parts: string[] = [];
  if (m.nameChanged) parts.push(`${w.name} ${terminalSafe(m.nameChanged.before)} → ${terminalSafe(m.nameChanged.after)}`);
  if (m.typeChanged) parts.push(`${terminalSafe(m.typeChanged.before)} → ${terminalSafe(m.typeChanged.after)}`);
  for (const p of m.params) parts.push(`${terminalSafe(p.key)} ${formatValue(p.before)} → ${formatValue(p.after)}`);
  if (m.definitionChanged) parts.push(w.definition);
  return `~ ${terminalSafe(m.before.name)} ${parts.join(', ')}${costNote(m.before, m.after, lang)}`;
}

function affectedLine(m: MatchedNode, lang: Lang): string {
  const w = words[lang];
  const change = (label: string, before: number, after: number, f: (n: number) => string) => `${label} ${f(before)} → ${f(after)} (${signed(after - before, f)})`;
  const parts: string[] = [];
  if (m.before.params !== m.after.params) parts.push(change(w.params, m.before.params, m.after.params, formatCount));
  if (m.before.macs !== m.after.macs) parts.push(change('MACs', m.before.macs, m.after.macs, formatMacs));
  return `· ${terminalSafe(m.after.name)} ${parts.join(', ')} — ${w.viaInput}`;
}

const edge = (e: DiffEdge) => terminalSafe(`${e.sourceName} → ${e.targetName}${e.targetSlot !== undefined ? ` #${e.targetSlot}` : ''}`);

function blockLine(c: BlockDefinitionChange, lang: Lang): string {
  const w = words[lang];
  const parts: string[] = [];
  if (c.nameChanged) parts.push(`${w.name} ${terminalSafe(c.nameChanged.before)} → ${terminalSafe(c.nameChanged.after)}`);
  const n = c.nodes;
  if (n.added.length || n.removed.length || n.changed.length) parts.push(w.inside(n.added.length, n.removed.length, n.changed.length));
  for (const m of n.changed) parts.push(changedLine(m, lang).slice(2));
  if (c.inputsChanged) parts.push(`${w.inputs} ${terminalSafe(c.inputsChanged.before.join(','))} → ${terminalSafe(c.inputsChanged.after.join(','))}`);
  if (c.outputChanged) parts.push(`${w.output} ${terminalSafe(c.outputChanged.before)} → ${terminalSafe(c.outputChanged.after)}`);
  if (c.nestedChanged) parts.push(`${w.nested}: ${terminalSafe(c.nestedChanged.join(', '))}`);
  return `  ~ ${terminalSafe(c.id)} ${parts.join('; ')}`;
}

/** "params 61,706 → 62,558 (+852) · MACs 422.8 K → 542.4 K (+119.6 K)" */
export function totalsLine(t: GraphDiff['totals'], lang: Lang): string {
  const part = (label: string, c: CostTotals, f: (n: number) => string) => `${label} ${f(c.before)} → ${f(c.after)} (${c.delta === 0 ? '±0' : signed(c.delta, f)})`;
  return `${part(words[lang].params, t.params, formatCount)} · ${part('MACs', t.macs, formatMacs)}`;
}

/** How many things differ: nodes added, removed and changed, edges, definitions. */
export const differenceCount = (d: GraphDiff) =>
  d.added.length + d.removed.length + d.changed.length + d.edges.added.length + d.edges.removed.length + d.blocks.added.length + d.blocks.removed.length + d.blocks.changed.length;

export function formatDiff(d: GraphDiff, sides: { a: string; b: string }, lang: Lang): string {
  const w = words[lang];
  const out = [`--- ${terminalSafe(sides.a)}`, `+++ ${terminalSafe(sides.b)}`, ''];
  for (const n of d.removed) out.push(`- ${node(n)}${costNote(n, { params: 0, macs: 0 }, lang)}`);
  for (const n of d.added) out.push(`+ ${node(n)}${costNote({ params: 0, macs: 0 }, n, lang)}`);
  for (const m of d.changed) out.push(changedLine(m, lang));
  for (const m of d.affected) out.push(affectedLine(m, lang));
  if (d.edges.added.length || d.edges.removed.length) {
    out.push('', `${w.edges}:`, ...d.edges.removed.map((e) => `  - ${edge(e)}`), ...d.edges.added.map((e) => `  + ${edge(e)}`));
  }
  const b = d.blocks;
  if (b.added.length || b.removed.length || b.changed.length) {
    out.push('', `${w.blocks}:`);
    for (const x of b.removed) out.push(`  - ${terminalSafe(x.id)} "${terminalSafe(x.name)}"`);
    for (const x of b.added) out.push(`  + ${terminalSafe(x.id)} "${terminalSafe(x.name)}"`);
    for (const c of b.changed) out.push(blockLine(c, lang));
  }
  if (d.moved) out.push('', w.moved(d.moved));
  if (!d.valid.before) out.push('', w.invalid(sides.a));
  if (!d.valid.after) out.push('', w.invalid(sides.b));
  out.push('', totalsLine(d.totals, lang), d.equal ? `✓ ${w.equal}` : `✗ ${w.differ(differenceCount(d))}`);
  return out.join('\n');
}
