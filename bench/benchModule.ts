// What bench/index.ts expects from each bench module: `export async function run(args): Promise<BenchReport>`.
export interface BenchReport {
  name: string;
  /** Rows printed as a table; keys become columns. */
  table: Array<Record<string, string | number>>;
  /** Everything worth keeping, printed once as JSON. */
  json: unknown;
  /** More tables printed after the main one (e.g. per-kernel profiles), each under its title. */
  tables?: Array<{ title: string; rows: Array<Record<string, string | number>> }>;
}

export type BenchArgs = Map<string, string | true>;

/** `--flag` → true, `--key=value` → 'value'. */
export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = new Map();
  for (const arg of argv) {
    if (!arg.startsWith('--')) continue;
    const [key, ...value] = arg.slice(2).split('=');
    args.set(key, value.length ? value.join('=') : true);
  }
  return args;
}

export function formatTable(rows: Array<Record<string, string | number>>): string {
  if (rows.length === 0) return '(no rows)';
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string | number | undefined) => (v === undefined ? '' : typeof v === 'number' ? formatNumber(v) : v);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}
