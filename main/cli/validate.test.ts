// validate warns, and train refuses, on graphs that are valid but cannot train here; neither lets a name drive
// the terminal; validate lists user blocks per instance (×N, per repeat) and names the inner node of a misfit.
// Through runCli with a recording IO, on real project files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './main';
import { serializeProjectFile } from '../../src/project/projectFile';
import { smallProjectDoc } from '../../src/project/testDoc';
import type { ProjectDoc } from '../../src/project/schema';
import { GraphSchema, type Graph } from '../../src/graph/schema';
import { setBlockNodeParams } from '../../src/graph/userBlocks';
import { lenetNested, lenetStageTwice, stagedResnet20 } from '../../src/export/testing/blockNets';

let dir: string;
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const write = (file: string, doc: ProjectDoc) => writeFileSync(path.join(dir, file), serializeProjectFile(doc));
const file = (name: string) => path.join(dir, name);
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'validate-'));
  // The issue's two cases: a 1 TB-per-sample input, and 20,000 layers in sequence.
  const huge = smallProjectDoc('Huge input');
  huge.graph.nodes = [
    { id: 'in', type: 'Input', params: { height: 8192, width: 8192, channels: 4096 } },
    { id: 'gap', type: 'GlobalAveragePooling2D', params: {} },
    { id: 'out', type: 'Output', params: { classes: 10 } },
  ];
  huge.graph.edges = [{ id: 'e1', source: 'in', target: 'gap' }, { id: 'e2', source: 'gap', target: 'out' }];
  write('huge.cnnproj', huge);
  const deep = smallProjectDoc('Deep chain');
  deep.graph.nodes = [{ id: 'in', type: 'Input', params: { height: 28, width: 28, channels: 1 } }];
  for (let i = 0; i < 19_997; i++) deep.graph.nodes.push({ id: `r${i}`, type: 'Activation', params: {} });
  deep.graph.nodes.push({ id: 'f', type: 'Flatten', params: {} }, { id: 'out', type: 'Output', params: { classes: 10 } });
  deep.graph.edges = deep.graph.nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: deep.graph.nodes[i].id, target: n.id }));
  write('deep.cnnproj', deep);
  // Names that would retitle the window, clear the screen, fake a ✓ and reverse the text, on a graph with an error.
  const evil = smallProjectDoc('Evil \x1b]0;pwned\x07');
  evil.graph.nodes[0].name = '\x1b]0;pwned\x07in';
  evil.graph.nodes[1].name = '\x1b[2Jconv';
  evil.graph.nodes[1].params = { filters: 6, kernelSize: 30 };
  evil.graph.nodes[2].name = '\r✓ ok';
  evil.graph.nodes[4].name = 'out\u202Etxt.exe';
  write('evil.cnnproj', evil);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('graphs that cannot train here', () => {
  it.each([
    ['huge.cnnproj', ['tensor-too-large', 'training-exceeds-memory'], /in: its output 8192×8192×4096 for a batch of 64 is 17,592,186,044,416 values/],
    ['deep.cnnproj', ['graph-too-deep'], /out: is 20000 layers deep, more than the 2000 tfjs can build/],
  ])('validate %s warns (exit 0) and train refuses it before loading data (exit 1)', async (name, codes, message) => {
    const v = await cli('validate', file(name), '--json');
    expect(v.code).toBe(0);
    const report = JSON.parse(v.out);
    expect(report.issues.map((i: { code: string }) => i.code)).toEqual(codes);
    expect(report.issues.every((i: { severity: string }) => i.severity === 'warning')).toBe(true);
    expect((await cli('validate', file(name))).out).toMatch(message);

    // --data names a folder that does not exist: the refusal comes first, so no data is ever read.
    const t = await cli('train', file(name), '--data', file('no-such-data'), '--out', file(`out-${name}`));
    expect(t.code).toBe(1);
    expect(t.err).toMatch(/cannot train here — /);
    expect(t.err).toMatch(message);
  }, 60_000);

  it('--lang ko gives the warning in Korean', async () => {
    const v = await cli('validate', file('deep.cnnproj'), '--lang', 'ko');
    expect(v.out).toMatch(/out: 층이 20000 개 이어져 있어 tfjs 가 만들 수 있는 2000 개를 넘습니다/);
  }, 60_000);
});

describe('names cannot drive the terminal', () => {
  it.each([
    ['the table', ['validate'], ['\\x1b]0;pwned\\x07', '\\x1b[2Jconv', '\\x0d✓ ok', 'out\\u202etxt.exe']],
    ['the Korean table', ['validate', '--lang', 'ko'], ['\\x1b[2Jconv', '\\x0d✓ ok', 'out\\u202etxt.exe']],
    // JSON.stringify writes C0 as \u001b; terminalSafe adds the \u202e it leaves raw.
    ['the JSON report', ['validate', '--json'], ['\\u001b]0;pwned\\u0007', '\\u001b[2Jconv', '\\r✓ ok', 'out\\u202etxt.exe']],
    ['train', ['train'], ['Evil \\x1b]0;pwned\\x07 has problems — \\x1b[2Jconv: output width']],
  ])('%s shows escapes, not control characters', async (_name, [command, ...flags], shown) => {
    const r = await cli(command, file('evil.cnnproj'), ...flags);
    expect(r.code).toBe(1);
    const printed = r.out + r.err;
    expect(printed).not.toMatch(UNSAFE);
    for (const text of shown) expect(printed).toContain(text);
  }, 60_000);

  it('the JSON report still decodes to the names in the file', async () => {
    const report = JSON.parse((await cli('validate', file('evil.cnnproj'), '--json')).out);
    expect(report.nodes.map((n: { name: string }) => n.name)).toEqual(['\x1b]0;pwned\x07in', '\x1b[2Jconv', '\r✓ ok', 'd', 'out\u202Etxt.exe']);
  });

  it('a hostile path or argument is escaped in the error', async () => {
    const r = await cli('validate', 'no\x1b[2Jsuch');
    expect(r.code).toBe(2);
    expect(r.err).toContain('"no\\x1b[2Jsuch"');
    expect(r.err).not.toMatch(UNSAFE);
  });
});

describe('projects with user blocks', () => {
  const fixture = (name: string): Graph => GraphSchema.parse(JSON.parse(readFileSync(path.join('src/fixtures/graphs', name), 'utf8')));
  const withGraph = (name: string, graph: Graph) => ({ ...smallProjectDoc(name), graph });
  beforeAll(() => {
    write('staged.cnnproj', withGraph('Staged ResNet-20', stagedResnet20()));
    write('nested.cnnproj', withGraph('Nested stages', lenetNested()));
    // The stage without 'same' padding: 14×14 → 5×5 fits the first instance, 5×5 → 1×1 leaves the second's pool nothing.
    write('misfit.cnnproj', withGraph('Misfit', setBlockNodeParams(lenetStageTwice(), 'stage', 'C3', { padding: undefined })));
    write('repeat-misfit.cnnproj', withGraph('Repeat misfit', fixture('user-block-repeat-misfit.json')));
    write('unknown.cnnproj', withGraph('Unknown block', fixture('user-block-unknown.json')));
    write('recursive.cnnproj', withGraph('Recursive', fixture('user-block-recursive.json')));
    const newer = JSON.parse(serializeProjectFile(withGraph('From the future', stagedResnet20())));
    writeFileSync(file('newer.cnnproj'), JSON.stringify({ ...newer, version: 99 }));
  });

  it.each([
    {
      name: 'a repeated instance: its definition ×N, shapes and params, then each repeat with its changes',
      file: 'staged.cnnproj',
      lang: 'en',
      lines: [
        '  stage16 (unit 16 ×3)  32×32×16 → 32×32×16, 14,208 params',
        '  stage32 (unit 32 ×3)  32×32×16 → 16×16×32, 52,096 params',
        '    repeat 1  32×32×16 → 16×16×32, 14,720 params  (res: strides 2)',
        '    repeat 3  16×16×32 → 16×16×32, 18,688 params',
        '  stage64 (unit 64 ×3)  16×16×32 → 8×8×64, 206,592 params',
      ],
    },
    { name: 'in Korean', file: 'staged.cnnproj', lang: 'ko', lines: ['블록:', '  stage32 (unit 32 ×3)  32×32×16 → 16×16×32, 52,096 매개변수', '    반복 1  32×32×16 → 16×16×32, 14,720 매개변수  (res: strides 2)'] },
    {
      name: 'nested instances by their path',
      file: 'nested.cnnproj',
      lang: 'en',
      lines: ['  features_1 (features)  14×14×6 → 3×3×16, 8,832 params', '  features_1 › stage_1 (stage)  14×14×6 → 7×7×16, 2,416 params', '  features_1 › stage_2 (stage)  7×7×16 → 3×3×16, 6,416 params'],
    },
  ])('$name', async ({ file: name, lang, lines }) => {
    const r = await cli('validate', file(name), '--lang', lang);
    expect(r.code).toBe(0);
    for (const l of lines) expect(r.out.split('\n')).toContain(l);
  });

  it('--json lists every instance, and a repeated one\'s repeats add up to it', async () => {
    const report = JSON.parse((await cli('validate', file('staged.cnnproj'), '--json')).out);
    expect(report.blocks.map((b: { path: string[]; title: string; repeat: number }) => [b.path.join(' › '), b.title, b.repeat])).toEqual([
      ['stage16', 'unit 16', 3],
      ['stage32', 'unit 32', 3],
      ['stage64', 'unit 64', 3],
    ]);
    for (const b of report.blocks) expect(b.repeats.reduce((s: number, r: { params: number }) => s + r.params, 0)).toBe(b.params);
    expect(report.blocks[1].repeats[0]).toEqual({ inputShape: [32, 32, 16], outputShape: [16, 16, 32], params: 14720, changes: [{ repeat: 0, node: 'res', params: { strides: 2 } }] });
  });

  it.each([
    // instance › inner node, and the arithmetic
    ['misfit.cnnproj', 'stage_2 › S4: output width (1 − 2 + 2·0)/2 + 1 = 0 is not positive — use F ≤ 1 or add padding.', '  stage_2 (stage)  5×5×16 → ?, ? params'],
    // instance › repeat: the override that breaks it
    ['repeat-misfit.cnnproj', 'stage › repeat_3: Add needs inputs of one shape but got 8×8×16 vs 8×8×24', '    repeat 3  8×8×16 → ?, ? params  (res: filters 24, projection never)'],
    ['recursive.cnnproj', 'block definitions contain themselves (feature → unit → feature)', '  b (feature)  8×8×1 → ?, ? params'],
    ['unknown.cnnproj', 'b: uses block "gone", which this project does not define', '  b (gone: not defined)  8×8×1 → ?, ? params'],
  ])('%s: exit 1, the issue says where and why', async (name, issue, line) => {
    const r = await cli('validate', file(name));
    expect(r.code).toBe(1);
    expect(r.out).toContain(issue);
    expect(r.out.split('\n')).toContain(line);
  });

  it('a project with blocks from a newer version is refused, naming the version (exit 2)', async () => {
    const r = await cli('validate', file('newer.cnnproj'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('newer CNN Studio (file version 99, this app reads up to');
  });
});
