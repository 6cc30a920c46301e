// The report's stylesheet, inline in its <style>: an A4-width page on screen (about 800 px), and for printing
// (Electron's webContents.printToPDF) one section per page, table headers repeated, nothing split mid-figure.
// Only fonts already on the machine: a system stack with Korean faces for the ko report, no web fonts.
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { background: #eceff4; }
body { margin: 24px auto; max-width: 820px; background: #fff; color: #1d2330; padding: 40px 48px 56px;
  font: 13px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif;
  box-shadow: 0 1px 4px rgba(20, 30, 50, 0.12); }
.report-header { border-bottom: 3px solid #1f4e8c; padding-bottom: 12px; margin-bottom: 6px; }
.report-header .kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 11px; color: #1f4e8c; font-weight: 600; }
h1 { font-size: 26px; line-height: 1.25; margin: 2px 0 4px; letter-spacing: -0.01em; overflow-wrap: anywhere; }
.subtitle { color: #5b6475; margin: 0; }
.toc { margin: 10px 0 0; font-size: 12px; color: #5b6475; }
.toc ol { display: inline; padding: 0; margin: 0; list-style: none; }
.toc li { display: inline; }
.toc li + li::before { content: " · "; color: #a0a7b4; }
.toc a { color: #1f4e8c; text-decoration: none; }
h2 { font-size: 18px; color: #1f4e8c; border-bottom: 1px solid #d8dde6; padding-bottom: 4px; margin: 34px 0 12px; }
h3 { font-size: 14px; margin: 22px 0 8px; color: #2b3445; }
p { margin: 6px 0; }
.note { color: #5b6475; font-size: 12px; }
.facts { margin: 4px 0 10px; overflow-wrap: anywhere; }
table { border-collapse: collapse; font-size: 12px; }
table.data { width: 100%; margin: 4px 0 8px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e6e9ef; text-align: left; vertical-align: top; }
thead th { background: #f2f4f8; font-weight: 600; border-bottom: 1px solid #c4cad6; }
tfoot td { font-weight: 600; border-top: 1.5px solid #8a93a5; border-bottom: none; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0 0 6px; font-size: 13px; }
table.kv { width: 100%; }
table.kv th { font-weight: 500; color: #5b6475; width: 42%; }
table.kv td { overflow-wrap: anywhere; }
.two-col { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; align-items: start; }
.figure { margin: 8px 0; break-inside: avoid; }
.figure figcaption { font-size: 11px; color: #5b6475; text-align: center; margin-top: 2px; }
.figure-row { display: flex; gap: 20px; flex-wrap: wrap; align-items: flex-start; }
.figure-grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px 10px; }
svg.chart { display: block; max-width: 100%; height: auto; font-family: inherit; }
.graph-wrap { border: 1px solid #e6e9ef; border-radius: 6px; padding: 6px; text-align: center; background: #fff; }
svg.graph-picture { max-width: 100%; height: auto; max-height: 880px; }
.metrics { display: grid; grid-template-columns: repeat(6, 1fr); gap: 8px; margin: 10px 0 4px; }
.metric { background: #f4f6fa; border: 1px solid #e3e7ee; border-radius: 6px; padding: 8px 6px; text-align: center; break-inside: avoid; }
.metric-value { font-size: 19px; font-weight: 600; color: #1f4e8c; font-variant-numeric: tabular-nums; }
.metric-label { font-size: 10.5px; color: #5b6475; line-height: 1.3; }
table.confusion { margin: 4px 0; }
table.confusion th, table.confusion td { border: 1px solid #e3e7ee; padding: 3px 6px; min-width: 36px; text-align: center; font-variant-numeric: tabular-nums; }
table.confusion thead th { font-size: 11px; }
table.confusion tbody th { text-align: right; background: #f2f4f8; white-space: nowrap; }
table.confusion th.corner { font-weight: 500; color: #5b6475; font-size: 10.5px; white-space: nowrap; }
.warnings { margin: 4px 0; padding-left: 20px; color: #8a4b00; }
.path { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 11px; word-break: break-all; }
table.data.bins { width: auto; flex: 1; margin-top: 8px; }
.figure.reliability { flex: 0 0 350px; }
.figure.reliability figcaption { text-align: left; }
table.skipped td:first-child { width: 55%; }
.thumbs { display: grid; grid-template-columns: repeat(auto-fill, minmax(86px, 1fr)); gap: 8px; }
.thumb { margin: 0; text-align: center; border: 1px solid #e3e7ee; border-radius: 5px; padding: 6px 4px 5px; break-inside: avoid; }
.thumb img { image-rendering: pixelated; display: block; margin: 0 auto 4px; background: #000; border-radius: 2px; }
.thumb figcaption span { display: block; font-size: 11px; line-height: 1.3; overflow-wrap: anywhere; }
.thumb-label { font-weight: 600; }
.thumb-conf, .thumb-file { color: #5b6475; }
.report-footer { margin-top: 36px; padding-top: 8px; border-top: 1px solid #e6e9ef; font-size: 11px; color: #8a93a5; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  html { background: #fff; }
  body { margin: 0; max-width: none; padding: 0; box-shadow: none; font-size: 11.5px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .report-section + .report-section { break-before: page; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, .figure, .thumb, .metric { break-inside: avoid; }
  .toc a { color: inherit; }
}
`;
