// A ModelEvaluation as terminal text (`cnn-studio evaluate` without --json), in English or Korean: the summary
// line, the per-class table, the confusion matrix (up to 20 classes) and the most confident mistakes.
import type { ModelEvaluation } from './evaluationSchema';

export type EvaluationLang = 'en' | 'ko';

const TEXT = {
  en: {
    samples: (n: string, source: string) => `Evaluated ${n} samples: ${source}`,
    accuracy: 'accuracy',
    loss: 'loss',
    macro: 'macro',
    precision: 'precision',
    recall: 'recall',
    ece: 'ECE (expected calibration error)',
    klass: 'class',
    support: 'support',
    confusion: 'Confusion matrix (rows = true class, columns = predicted):',
    tooMany: (k: number) => `Confusion matrix: ${k}×${k}, too large to print — see --json or --report.`,
    mistakes: (shown: number, total: number) => `Most confident mistakes (${shown} of ${total}):`,
    none: 'No mistakes.',
    sample: (i: number) => `sample #${i}`,
  },
  ko: {
    samples: (n: string, source: string) => `표본 ${n}개를 평가했습니다: ${source}`,
    accuracy: '정확도',
    loss: '손실',
    macro: '매크로 평균',
    precision: '정밀도',
    recall: '재현율',
    ece: 'ECE(기대 보정 오차)',
    klass: '클래스',
    support: '표본 수',
    confusion: '혼동 행렬 (행 = 실제 클래스, 열 = 예측):',
    tooMany: (k: number) => `혼동 행렬: ${k}×${k} — 너무 커서 출력하지 않습니다. --json 또는 --report를 보세요.`,
    mistakes: (shown: number, total: number) => `가장 확신한 오답 (${total}개 중 ${shown}개):`,
    none: '오답이 없습니다.',
    sample: (i: number) => `표본 #${i}`,
  },
} as const;

/** Terminal columns of a string: Hangul and other wide East Asian letters take two. */
export function columns(text: string): number {
  return [...text].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
}
const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - columns(text))) + text;
const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - columns(text)));
/** A class name cut to `width` columns (an ellipsis marks the cut). */
function clip(text: string, width: number): string {
  if (columns(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (columns(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const num3 = (v: number | null) => (v === null ? '—' : v.toFixed(3));

/** The most confident mistakes printed, at most. */
export const MISTAKES_SHOWN = 10;
/** Up to this many classes the confusion matrix is printed. */
export const CONFUSION_PRINTED = 20;

export function formatEvaluation(e: ModelEvaluation, lang: EvaluationLang): string {
  const t = TEXT[lang];
  const m = e.macro;
  const lines = [
    t.samples(e.samples.toLocaleString('en-US'), e.source),
    `${t.accuracy} ${pct(e.accuracy)} · ${t.loss} ${e.loss.toFixed(4)} · ${t.macro} ${t.precision} ${pct(m.precision)}, ${t.recall} ${pct(m.recall)}, F1 ${pct(m.f1)}, ROC AUC ${num3(m.rocAuc)}, AP ${num3(m.prAuc)}`,
    `${t.ece}: ${e.calibration.ece.toFixed(4)}`,
    '',
  ];
  const nameWidth = Math.min(24, Math.max(columns(t.klass), ...e.classNames.map(columns)));
  const heads = [t.precision, t.recall, 'F1', t.support, 'ROC AUC', 'AP'];
  const widths = heads.map((h) => Math.max(columns(h), 8));
  lines.push(`${padEnd(t.klass, nameWidth)}  ${heads.map((h, k) => padStart(h, widths[k])).join('  ')}`);
  for (const c of e.perClass) {
    const cells = [pct(c.precision), pct(c.recall), pct(c.f1), String(c.support), num3(c.rocAuc), num3(c.prAuc)];
    lines.push(`${padEnd(clip(c.name, nameWidth), nameWidth)}  ${cells.map((v, k) => padStart(v, widths[k])).join('  ')}`);
  }
  lines.push('');
  const k = e.classNames.length;
  if (k <= CONFUSION_PRINTED) {
    lines.push(t.confusion);
    const label = e.classNames.map((n) => clip(n, 12));
    const rowWidth = Math.max(...label.map(columns));
    const cellWidth = Math.max(...label.map(columns), ...e.confusion.flat().map((v) => String(v).length));
    lines.push(`${' '.repeat(rowWidth)}  ${label.map((l) => padStart(l, cellWidth)).join(' ')}`);
    e.confusion.forEach((row, r) => lines.push(`${padEnd(label[r], rowWidth)}  ${row.map((v) => padStart(String(v), cellWidth)).join(' ')}`));
  } else lines.push(t.tooMany(k));
  lines.push('');
  if (!e.misclassifiedTotal) lines.push(t.none);
  else {
    const shown = e.misclassified.slice(0, MISTAKES_SHOWN);
    lines.push(t.mistakes(shown.length, e.misclassifiedTotal));
    const where = shown.map((w) => w.file ?? t.sample(w.index));
    const whereWidth = Math.max(...where.map(columns));
    shown.forEach((w, i) => lines.push(`  ${padEnd(where[i], whereWidth)}  ${e.classNames[w.truth]} → ${e.classNames[w.predicted]}  (${w.confidence.toFixed(3)})`));
  }
  return lines.join('\n');
}
