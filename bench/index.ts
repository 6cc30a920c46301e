// `npm run bench [-- flags]`: runs every module listed in MODULES, prints each table, then one JSON document.
// Flags go to every module (see bench/README.md); `--only=training` picks modules by name.
import { type BenchReport, formatTable, parseArgs } from './benchModule';

const MODULES: Array<{ name: string; load: () => Promise<{ run(args: Map<string, string | true>): Promise<BenchReport> }> }> = [
  { name: 'training', load: () => import('./training') },
];

const args = parseArgs(process.argv.slice(2));
const only = typeof args.get('only') === 'string' ? String(args.get('only')).split(',') : undefined;
const reports: BenchReport[] = [];
for (const module of MODULES) {
  if (only && !only.includes(module.name)) continue;
  const started = performance.now();
  const report = await (await module.load()).run(args);
  reports.push(report);
  console.log(`\n## ${report.name} (${((performance.now() - started) / 1000).toFixed(1)} s)\n${formatTable(report.table)}`);
}
console.log('\nJSON');
console.log(JSON.stringify(reports.map((r) => ({ name: r.name, result: r.json })), null, 2));
