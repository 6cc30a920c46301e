// `cnn-studio train --init W --freeze-until NODE --classes N` end to end: LeNet-5 trained a little on real
// digits, then fine-tuned from those weights with C1…C3 frozen and a new 10-class classifier. The frozen
// layers' tensors in the new weights.bin are bit-identical to W's; the rest moved; misuse names the nodes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './main';
import { findTemplate } from '../../src/project/templates';
import { serializeProjectFile } from '../../src/project/projectFile';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-finetune-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Each weight tensor's bytes in a weights folder, by name ("C1/kernel"). */
function tensors(folder: string): Map<string, Buffer> {
  const manifest = JSON.parse(readFileSync(path.join(folder, 'model.json'), 'utf8')).weightsManifest[0].weights as { name: string; shape: number[] }[];
  const bin = readFileSync(path.join(folder, 'weights.bin'));
  const out = new Map<string, Buffer>();
  let at = 0;
  for (const w of manifest) {
    const bytes = w.shape.reduce((a, d) => a * d, 1) * 4;
    out.set(w.name, bin.subarray(at, at + bytes));
    at += bytes;
  }
  return out;
}

const base = path.join(dir, 'base');
beforeAll(async () => {
  const r = await cli(['train', 'lenet5', '--limit', '320', '--epochs', '1', '--backend', 'cpu', '--out', base]);
  expect(r.code, r.err).toBe(0);
}, 60_000);

describe('cnn-studio train fine-tuning', () => {
  it('--init W --freeze-until C3 --classes 10: C1 and C3 bit-identical to W, F5/F6 moved, the classifier new', async () => {
    const out = path.join(dir, 'tuned');
    const r = await cli(['train', 'lenet5', '--init', base, '--freeze-until', 'C3', '--classes', '10', '--limit', '320', '--epochs', '1', '--backend', 'cpu', '--out', out]);
    expect(r.code, r.err).toBe(0);
    const before = tensors(base);
    const after = tensors(out);
    for (const name of ['C1/kernel', 'C1/bias', 'C3/kernel', 'C3/bias']) expect(Buffer.compare(after.get(name)!, before.get(name)!), name).toBe(0);
    for (const name of ['F5/kernel', 'F6/kernel', 'output/kernel']) expect(Buffer.compare(after.get(name)!, before.get(name)!), name).not.toBe(0);
    const run = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(run.init).toEqual({ kind: 'continued' });
    // The run records the flags it trained with.
    const frozen = run.graph.nodes.filter((n: { trainable?: boolean }) => n.trainable === false).map((n: { id: string }) => n.id);
    expect(frozen).toEqual(['C1', 'C3']); // the layers with weights up to C3 (pooling has nothing to freeze)
  }, 60_000);

  it('--classes 5 on 10-class data is refused naming both counts; --init of another network names the tensor', async () => {
    const r = await cli(['train', 'lenet5', '--init', base, '--classes', '5', '--limit', '50', '--epochs', '1', '--backend', 'cpu', '--out', path.join(dir, 'five')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the data has 10 classes .* Output node has 5/);
    // LeNet-5 with F5 at 100 units: W's F5 no longer fits.
    const doc = (await findTemplate('lenet5'))!.makeDoc();
    const narrower = { ...doc, graph: { ...doc.graph, nodes: doc.graph.nodes.map((n) => (n.id === 'F5' ? { ...n, params: { ...n.params, units: 100 } } : n)) } };
    const file = path.join(dir, 'narrow.cnnproj');
    writeFileSync(file, serializeProjectFile(narrower));
    const other = await cli(['train', file, '--init', base, '--limit', '50', '--epochs', '1', '--backend', 'cpu', '--out', path.join(dir, 'other')]);
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/--init .*: The starting weights do not fit this network: F5\/kernel is \[400, 120\] there but \[400, 100\] here/);
  }, 60_000);

  it.each([
    [['--freeze-until', 'C9'], /--freeze-until: no node "C9" in LeNet-5 — give one of .*C1.*C3.*F6/],
    [['--classes', '1'], /--classes must be a whole number ≥ 2/],
    [['--init', '/no/such/folder'], /--init \/no\/such\/folder: No trained weights/],
  ])('%j is a usage error: %s', async (args, message) => {
    const r = await cli(['train', 'lenet5', ...args, '--limit', '50', '--epochs', '1', '--backend', 'cpu', '--out', path.join(dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
