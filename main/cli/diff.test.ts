// `cnn-studio diff` through runCli with a recording IO, on real project files in a temp folder: the listing,
// --json, --lang ko, exit codes as diff(1) (0 same, 1 differ, 2 bad input), templates by id, migrations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './main';
import { serializeProjectFile } from '../../src/project/projectFile';
import { smallProjectDoc } from '../../src/project/testDoc';
import { ProjectDocSchema, PROJECT_FORMAT, PROJECT_VERSION, type ProjectDoc } from '../../src/project/schema';
import { lenet5 } from '../../src/templates/lenet5';
import type { Graph } from '../../src/graph/schema';
import { renameBlock, setBlockRepeat } from '../../src/graph/userBlocks';
import { resnet20 } from '../../src/templates/resnet';

let dir: string;
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const file = (name: string) => path.join(dir, name);
const lenetDoc = (graph: Graph): ProjectDoc =>
  ProjectDocSchema.parse({ format: PROJECT_FORMAT, version: PROJECT_VERSION, name: 'LeNet-5', dataset: { kind: 'mnist' }, graph });
const withC1 = (filters: number) => {
  const g = lenet5().graph;
  return { ...g, nodes: g.nodes.map((n) => (n.id === 'C1' ? { ...n, params: { ...n.params, filters } } : n)) };
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'diff-'));
  writeFileSync(file('lenet.cnnproj'), serializeProjectFile(lenetDoc(lenet5().graph)));
  writeFileSync(file('lenet-c1-8.cnnproj'), serializeProjectFile(lenetDoc(withC1(8))));
  const small = smallProjectDoc();
  writeFileSync(file('small.cnnproj'), serializeProjectFile(small));
  // The same network as a version-0 file (prototype builds: top-level nodes, x/y, edges as from/to).
  const v0 = {
    version: 0,
    name: small.name,
    nodes: small.graph.nodes.map(({ position, ...n }) => ({ ...n, ...(position ? { x: position.x, y: position.y } : {}) })),
    edges: small.graph.edges.map((e) => ({ from: e.source, to: e.target })),
  };
  writeFileSync(file('small-v0.cnnproj'), JSON.stringify(v0));
  writeFileSync(file('newer.cnnproj'), JSON.stringify({ ...JSON.parse(serializeProjectFile(small)), version: 99 }));
  const staged = resnet20();
  const edited = setBlockRepeat(renameBlock(staged.graph, 'stage3', 'conv4'), 'stage2', 4);
  writeFileSync(file('resnet-edited.cnnproj'), serializeProjectFile(ProjectDocSchema.parse({ format: PROJECT_FORMAT, version: PROJECT_VERSION, name: staged.name, dataset: staged.dataset, graph: edited })));
  writeFileSync(file('broken.cnnproj'), '{"format": "cnn-studio-project", "version": 2, "graph": ');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cnn-studio diff', () => {
  it('lists C1 6 → 8 filters as a code diff with the totals, and exits 1', async () => {
    const r = await cli('diff', file('lenet.cnnproj'), file('lenet-c1-8.cnnproj'));
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines).toContain('~ C1 filters 6 → 8 (+52 params, +39.2 K MACs)');
    expect(lines).toContain('· C3 params 2,416 → 3,216 (+800), MACs 240.0 K → 320.0 K (+80.0 K) — through its input');
    expect(lines).toContain('params 61,706 → 62,558 (+852) · MACs 422.8 K → 543.6 K (+120.8 K)');
    expect(r.err).toBe('');
  });

  it.each([
    ['a template by id against its own file', ['lenet5', 'lenet.cnnproj']],
    ['a version-0 file against its current-version twin (migrated on load)', ['small-v0.cnnproj', 'small.cnnproj']],
  ])('%s: the same graph, exit 0', async (_, [a, b]) => {
    const r = await cli('diff', a.endsWith('.cnnproj') ? file(a) : a, file(b));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ The graphs are the same$/);
  });

  it('a node inserted and one removed, between two templates', async () => {
    const r = await cli('diff', 'lenet5', 'pattern');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^- S4 MaxPooling2D 2×2 \/2/m);
    expect(r.out).toMatch(/^Connections:$/m);
  });

  it('lists Repeat ×N and a renamed block definition', async () => {
    const r = await cli('diff', 'resnet20', file('resnet-edited.cnnproj'));
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines).toContain('~ stage2 repeat 3 → 4 (+18,560 params, +4.76 M MACs)');
    expect(lines).toContain('~ stage3 its block definition changed');
    expect(lines.slice(lines.indexOf('Block definitions:'))).toContain('  ~ stage3 name stage3 → conv4');
    expect(lines).toContain('params 272,474 → 291,034 (+18,560) · MACs 41.30 M → 46.06 M (+4.76 M)');
  });

  it('--json gives every change with its before and after', async () => {
    const r = await cli('diff', file('lenet.cnnproj'), file('lenet-c1-8.cnnproj'), '--json');
    expect(r.code).toBe(1);
    const d = JSON.parse(r.out);
    expect(d.equal).toBe(false);
    expect(d.changed).toEqual([
      expect.objectContaining({ params: [{ key: 'filters', before: 6, after: 8 }], before: expect.objectContaining({ id: 'C1', params: 156 }), after: expect.objectContaining({ params: 208 }) }),
    ]);
    expect(d.totals.params).toEqual({ before: 61_706, after: 62_558, delta: 852 });
    expect(d.a.source).toBe(file('lenet.cnnproj'));
  });

  it('--lang ko gives the listing in Korean', async () => {
    const r = await cli('diff', file('lenet.cnnproj'), file('lenet-c1-8.cnnproj'), '--lang', 'ko');
    expect(r.out).toContain('매개변수 61,706 → 62,558 (+852)');
    expect(r.out).toContain('입력이 바뀌어서');
    expect((await cli('diff', 'lenet5', 'lenet5', '--lang', 'ko')).out).toMatch(/✓ 두 그래프가 같습니다$/);
  });

  it.each([
    ['a file that does not exist', ['nope.cnnproj', 'lenet5'], /diff: No file or template named ".*nope\.cnnproj"/],
    ['a newer version, naming it', ['lenet5', 'newer.cnnproj'], /newer CNN Studio \(file version 99, this app reads up to \d+\)/],
    ['a damaged file', ['broken.cnnproj', 'lenet5'], /diff: .*broken\.cnnproj: /],
    ['a folder', ['.', 'lenet5'], /is a folder/],
  ])('refuses %s (exit 2)', async (_, [a, b], message) => {
    const r = await cli('diff', a === '.' ? dir : a.endsWith('.cnnproj') ? file(a) : a, b.endsWith('.cnnproj') ? file(b) : b);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it.each([
    [['diff', 'lenet5'], /missing <b>: give the project after/],
    [['diff', 'lenet5', 'lenet5', 'pattern'], /unexpected argument "pattern"/],
    [['diff', 'lenet5', 'lenet5', '--jsn'], /unknown option --jsn \(did you mean --json\?\)/],
    [['diff', 'lenet5', 'lenet5', '--lang', 'fr'], /--lang must be en or ko, not "fr"/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
