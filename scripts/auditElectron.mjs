// `npm run audit:electron`: Electronegativity over the sources; fails on any HIGH or MEDIUM finding that is
// not explained in main/security/electronegativity-allowlist.json (check + file + reason). The release
// lookup check needs the network and is skipped; the Electron version comes from package.json.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const electronVersion = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/electron/package.json'), 'utf8')).version ?? pkg.devDependencies.electron.replace(/^\D+/, '');
const allowlist = JSON.parse(readFileSync(path.join(repoRoot, 'main/security/electronegativity-allowlist.json'), 'utf8')).allow;
const outDir = path.join(repoRoot, 'out', 'test-results');
mkdirSync(outDir, { recursive: true });

/** Minimal CSV reader for Electronegativity's output (quoted fields, commas inside quotes). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n') {
      row.push(field.trim());
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) {
    row.push(field.trim());
    rows.push(row);
  }
  return rows;
}

// Only the app's own code, scanned together (global checks look across files): the Electron main, preload
// and security policies, the Node layer they load, the renderer and the pure core — not tests, builds, benchmarks or node_modules.
const scanRoot = path.join(outDir, 'electronegativity-input');
rmSync(scanRoot, { recursive: true, force: true });
for (const dir of ['main', 'node', 'renderer', 'src'])
  cpSync(path.join(repoRoot, dir), path.join(scanRoot, dir), { recursive: true, filter: (src) => !/\.test\.tsx?$/.test(src) });
writeFileSync(path.join(scanRoot, 'package.json'), JSON.stringify({ name: pkg.name, devDependencies: { electron: electronVersion } }));
const inputs = [scanRoot];
const findings = [];
for (const input of inputs) {
  const csv = path.join(outDir, 'electronegativity.csv');
  rmSync(csv, { force: true });
  const r = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/@doyensec/electronegativity/dist/index.js'), '-i', input, '-r', '-v', 'false', '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck', '-o', csv],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, LANG: 'en-US' } },
  );
  if (!existsSync(csv)) {
    process.stderr.write(`Electronegativity produced no report for ${input} (exit ${r.status}):\n${r.stdout}\n${r.stderr}\n`);
    process.exit(1);
  }
  const [header, ...rows] = parseCsv(readFileSync(csv, 'utf8')).filter((row) => row.length > 3);
  const col = (name) => header.findIndex((h) => h.trim().toLowerCase() === name);
  for (const row of rows) {
    const file = row[col('filename')];
    findings.push({ check: row[col('issue')], severity: row[col('severity')], confidence: row[col('confidence')], file, location: row[col('location')], description: row[col('description')] });
  }
}

const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
// A global finding (file N/A) is reported once per scanned folder; count it once.
const unique = [...new Map(serious.map((f) => [`${f.check} ${f.file} ${f.location}`, f])).values()];
const explained = (f) => allowlist.find((a) => a.check === f.check && (a.file === f.file || a.file === '*') && typeof a.reason === 'string' && a.reason.length > 20);
const unexplained = unique.filter((f) => !explained(f));

for (const f of unique) process.stdout.write(`${explained(f) ? 'explained  ' : 'UNEXPLAINED'} ${f.severity.padEnd(6)} ${f.check} ${f.file}:${f.location} — ${f.description}\n`);
const unused = allowlist.filter((a) => !unique.some((f) => f.check === a.check && (a.file === f.file || a.file === '*')));
for (const a of unused) process.stdout.write(`note: allowlist entry ${a.check} (${a.file}) matched nothing — remove it if the finding is gone.\n`);
process.stdout.write(`electronegativity: ${findings.length} findings, ${unique.length} high/medium, ${unexplained.length} unexplained\n`);
process.exit(unexplained.length ? 1 : 0);
