// Markup helpers the report's sections share: escaping (every user string goes through esc / attr), the
// language's texts, number formats, tables and figures.
import { xmlAttr, xmlText } from '../export/escape';
import { reportText, type ReportLang, type ReportTextKey } from './reportTexts';

export const esc = xmlText;
export const attr = xmlAttr;

export interface ReportContext {
  lang: ReportLang;
  /** The text for `key`, its placeholders filled, escaped for HTML. */
  t(key: ReportTextKey, args?: Record<string, string | number>): string;
  /** The same as plain text, for the SVG charts (they escape their own labels). */
  plain(key: ReportTextKey, args?: Record<string, string | number>): string;
}

export const reportContext = (lang: ReportLang): ReportContext => ({ lang, t: (key, args) => esc(reportText(lang, key, args)), plain: (key, args) => reportText(lang, key, args) });

/** 0.9731 → "97.3%". */
export const pct = (v: number | null | undefined, digits = 1): string => (typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(digits)}%` : '—');
/** A metric in 0..1 to three decimals ("0.973"), or a dash. */
export const num3 = (v: number | null | undefined): string => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '—');
/** A count with thousands separators. */
export const int = (n: number): string => n.toLocaleString('en-US');
/** Up to `digits` significant digits, no exponent for ordinary sizes ("0.001", "1.5"). */
export const sig = (v: number, digits = 4): string => (Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : String(v));

/** "2026-12-02T18:30:05.123Z" → "2026-12-02 18:30 UTC"; anything unparsable as given. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** A section: its heading, then the parts (already markup). */
export const section = (id: string, title: string, parts: string[]): string => `<section class="report-section" id="${attr(id)}" data-section="${attr(id)}">\n<h2>${title}</h2>\n${parts.join('\n')}\n</section>`;

/** Label / value rows (values already markup). */
export const keyValues = (rows: [string, string][], caption?: string): string =>
  `<table class="kv">${caption ? `<caption>${caption}</caption>` : ''}<tbody>${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>`;

export interface Column {
  head: string;
  /** Right-aligned numbers. */
  numeric?: boolean;
}

/** A data table: header cells and rows of cells (all markup), an optional footer row. */
export function table(columns: Column[], rows: string[][], opts: { caption?: string; foot?: string[]; className?: string } = {}): string {
  const cls = (c: Column) => (c.numeric ? ' class="num"' : '');
  const head = `<thead><tr>${columns.map((c) => `<th scope="col"${cls(c)}>${c.head}</th>`).join('')}</tr></thead>`;
  const body = `<tbody>${rows.map((r) => `<tr>${r.map((cell, i) => `<td${cls(columns[i] ?? {})}>${cell}</td>`).join('')}</tr>`).join('')}</tbody>`;
  const foot = opts.foot ? `<tfoot><tr>${opts.foot.map((cell, i) => `<td${cls(columns[i] ?? {})}>${cell}</td>`).join('')}</tr></tfoot>` : '';
  return `<table class="data${opts.className ? ` ${opts.className}` : ''}">${opts.caption ? `<caption>${opts.caption}</caption>` : ''}${head}${body}${foot}</table>`;
}

/** A chart or picture with its caption, kept on one page when printed. */
export const figure = (caption: string, body: string, className = ''): string => `<figure class="figure${className ? ` ${className}` : ''}">${body}<figcaption>${caption}</figcaption></figure>`;

/** A row of headline numbers. */
export const metrics = (items: [string, string][]): string => `<div class="metrics">${items.map(([k, v]) => `<div class="metric"><div class="metric-value">${v}</div><div class="metric-label">${k}</div></div>`).join('')}</div>`;
