// `npm run bench [-- flags]`: runs every module listed in MODULES, prints each table, then one JSON document.
// Flags go to every module (see bench/README.md); `--only=a,b` picks modules by name, which is also the only
// way to run the opt-in ones (too long for the default run, ~3 minutes here, 8 at most).
// bench/validate.bench.ts is a standalone script (`npx tsx bench/validate.bench.ts`), not a module.
import { type BenchArgs, type BenchReport, formatTable, parseArgs } from './benchModule';

interface BenchModuleEntry {
  name: string;
  optIn?: boolean;
  load: () => Promise<{ run(args: BenchArgs): Promise<BenchReport> }>;
}

const MODULES: BenchModuleEntry[] = [
  // datasets first: its peak-RSS figures are the process's, and the training runs would inflate them.
  { name: 'datasets', load: () => import('./datasets') },
  { name: 'training', load: () => import('./training') },
  { name: 'app', load: () => import('./appOverhead') },
  { name: 'learn', load: () => import('./learn.bench') },
  { name: 'robustness', load: () => import('./robustness.bench') },
  { name: 'soak', optIn: true, load: () => import('./soak') },
  { name: 'quantize', optIn: true, load: () => import('./quantize.bench') },
];

const args = parseArgs(process.argv.slice(2));
const only = typeof args.get('only') === 'string' ? String(args.get('only')).split(',') : undefined;
const reports: BenchReport[] = [];
for (const module of MODULES) {
  if (only ? !only.includes(module.name) : module.optIn) continue;
  const started = performance.now();
  const report = await (await module.load()).run(args);
  reports.push(report);
  console.log(`\n## ${report.name} (${((performance.now() - started) / 1000).toFixed(1)} s)\n${formatTable(report.table)}`);
  for (const t of report.tables ?? []) console.log(`\n### ${t.title}\n${formatTable(t.rows)}`);
}
console.log('\nJSON');
console.log(JSON.stringify(reports.map((r) => ({ name: r.name, result: r.json })), null, 2));
// tfjs-backend-wasm's thread pool keeps the event loop alive: without this, `npm run bench` never returns.
process.exit(0);
