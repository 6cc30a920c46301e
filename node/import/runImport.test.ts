// Model files opened in a worker thread, as both hosts and the CLI open them: the result is what reading in
// process gives; hostile files are refused with the readers' own messages; a file that reads too long or needs
// too much memory is stopped at the limit while this thread keeps answering; a missing file starts no worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importModelFile } from './runImport';
import { ModelFileError, readModelFile } from './modelFile';
import { ImportError } from '../../src/import/importError';
import { bigDenseOnnx, convChainOnnx, exportedSmallNet, filesOf, HOSTILE_CASES, type ExportedNet } from '../../src/import/testing/hostileModels';

let dir: string;
let net: ExportedNet;

/** Writes the files into a new folder named `name`; returns the model file's path. */
function place(name: string, files: Record<string, string | Uint8Array>): string {
  const folder = path.join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, data] of Object.entries(files)) writeFileSync(path.join(folder, file), data);
  return path.join(folder, Object.keys(files)[0]);
}

async function refusal(run: Promise<unknown>): Promise<ImportError> {
  const error = await run.then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

/** The longest this thread went without running a 10 ms timer while `run` was pending. */
async function longestStall<T>(run: Promise<T>): Promise<{ stallMs: number; settled: PromiseSettledResult<T> }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last - 10);
    last = now;
  }, 10);
  const [settled] = await Promise.allSettled([run]);
  clearInterval(timer);
  return { stallMs, settled };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(path.join(tmpdir(), 'run-import-'));
  net = await exportedSmallNet(tf);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('importModelFile', () => {
  it.each([
    ['ONNX', () => place('onnx', { 'small.onnx': net.onnx })],
    ['tfjs', () => place('tfjs', filesOf({ kind: 'tfjs', modelJson: net.modelJson, shard: net.shard }))],
  ])('%s: the worker gives the project and weights reading in process gives', async (_kind, make) => {
    const file = make();
    const inWorker = await importModelFile(file);
    const inProcess = await readModelFile(file, { loadTf: async () => tf });
    expect(inWorker.doc).toEqual(inProcess.doc);
    expect(inWorker.weights!.weightSpecs).toEqual(inProcess.weights!.weightSpecs);
    expect(Buffer.from(inWorker.weights!.weightData).equals(Buffer.from(inProcess.weights!.weightData))).toBe(true);
    expect(inWorker.weights!.weightData.byteLength).toBe(111_110 * 4);
  });

  it.each(HOSTILE_CASES.filter((c) => /1e9|60000|no data|negative kernel|600 bytes short/.test(c.name)).map((c) => [c.name, c] as const))(
    '%s: refused with the reader’s message',
    async (name, c) => {
      const error = await refusal(importModelFile(place(name.replace(/\W+/g, '-'), filesOf(c.make(net)))));
      expect(error.message).toMatch(c.refusal);
    },
  );

  it('stops a file that reads too long at the time limit, while this thread keeps answering', async () => {
    // The deepest chain tfjs builds (2,000 layers); its full read timed here sets the limit at a third of it,
    // so the file reads longer than the limit on a fast machine as on a slow one.
    const file = place('slow', { 'chain.onnx': convChainOnnx(net, 1990) });
    const readStarted = performance.now();
    await importModelFile(file);
    const timeoutMs = Math.max(100, Math.round((performance.now() - readStarted) / 300) * 100);
    const started = performance.now();
    const { stallMs, settled } = await longestStall(importModelFile(file, { timeoutMs }));
    expect(settled.status).toBe('rejected');
    const error = (settled as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.code).toBe('too-slow');
    expect(error.message).toBe(
      `chain.onnx took too long to read (stopped after ${timeoutMs / 1000} s, far longer than a real model of its size takes) — the file is damaged or made to stall a reader. Nothing was imported.`,
    );
    expect(performance.now() - started).toBeLessThan(timeoutMs + 2000);
    expect(stallMs).toBeLessThan(250);
  });

  it('refuses a file that needs more memory than the cap with a message (no crash), and opens the next file', async () => {
    const big = place('big', { 'big.onnx': bigDenseOnnx(net, 7000) });
    const { stallMs, settled } = await longestStall(importModelFile(big, { memoryMb: 200 }));
    const error = (settled as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('big.onnx is too large to open: reading it needed more than 200 MB of memory. Nothing was imported — the file is damaged, or the network is larger than CNN Studio can hold.');
    expect(stallMs).toBeLessThan(250);
    const heap = await refusal(importModelFile(place('heap', { 'small.onnx': net.onnx }), { heapMb: 16 }));
    expect((heap as ModelFileError).code).toBe('too-large');
    expect(heap.message).toMatch(/^small\.onnx is too large to open: reading it needed more than 16 MB of memory/);
    expect((await importModelFile(path.join(dir, 'onnx', 'small.onnx'))).doc.graph.nodes).toHaveLength(5);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const run = importModelFile(place('cancel', { 'chain.onnx': convChainOnnx(net, 500) }), { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await refusal(run);
    expect((error as ModelFileError).code).toBe('cancelled');
  });

  it.each([
    ['a missing file', () => path.join(dir, 'nope.onnx'), /^Cannot read the model file .*nope\.onnx \(ENOENT\) — check the path\.$/],
    ['a folder', () => (mkdirSync(path.join(dir, 'folder.onnx'), { recursive: true }), path.join(dir, 'folder.onnx')), /is not a file — choose a \.onnx file or a model\.json\./],
  ])('refuses %s without starting a worker', async (_what, file, says) => {
    const started = performance.now();
    const error = await refusal(importModelFile(file()));
    expect((error as ModelFileError).code).toBe('not-found');
    expect(error.message).toMatch(says);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('hands model.json’s shard paths to confineShards before reading them; what it throws is the answer', async () => {
    const file = place('confined', filesOf({ kind: 'tfjs', modelJson: net.modelJson, shard: net.shard }));
    let asked: string[] = [];
    const refused = new Error('outside the allowed folders');
    const error = await importModelFile(file, {
      confineShards: (paths) => {
        asked = paths;
        throw refused;
      },
    }).catch((e) => e);
    expect(error).toBe(refused);
    expect(asked).toEqual([path.join(dir, 'confined', 'group1-shard1of1.bin')]);
  });
});
