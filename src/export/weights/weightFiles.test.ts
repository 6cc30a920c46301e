// safetensors and .npz written by hand, read back by independent parsing (header JSON / zip directory / .npy
// header) and compared byte-for-byte with the tfjs weights of a trained LeNet-5; numpy checks when present.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { weightSetFromModel } from './weightSet';
import { weightsNpz, weightsSafetensors } from './weightFiles';
import { decodeSafetensors, encodeSafetensors } from './safetensors';
import { unzipStore, zipStore } from './zip';
import { decodeNpy } from './npy';
import { crc32 } from './crc32';
import { mnistBatch, templateDoc, trainedModel, MNIST_BIN } from '../testing/trainedModel';
import { findPython } from '../../../node/testing/python';

let model: tf.LayersModel;
beforeAll(async () => {
  await tf.setBackend('cpu');
  model = await trainedModel((await templateDoc('lenet5')).graph, mnistBatch(readFileSync(MNIST_BIN), 16));
});

const numpyPython = findPython(['numpy']);

describe('weight files', () => {
  it('crc32 matches the published check value of "123456789" (0xCBF43926)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('safetensors: 8-byte LE header length, JSON header with offsets, raw float32 equal to tfjs', () => {
    const bytes = weightsSafetensors(weightSetFromModel(model));
    const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    for (const w of model.weights) {
      const h = header[w.originalName];
      expect(h, w.originalName).toBeDefined();
      expect(h.dtype).toBe('F32');
      expect(h.shape).toEqual(w.shape);
      const [b, e] = h.data_offsets;
      const raw = new Float32Array(bytes.slice(8 + n + b, 8 + n + e).buffer);
      expect(Array.from(raw)).toEqual(Array.from(w.read().dataSync()));
    }
    expect(bytes.length).toBe(8 + n + model.countParams() * 4);
  });

  it('safetensors round-trips I64 and refuses a shape that does not fit its data', () => {
    const t = [{ name: 'a', shape: [2], data: new BigInt64Array([3n, -4n]) }, { name: 'b', shape: [1, 2], data: new Float32Array([0.5, -1]) }];
    const back = decodeSafetensors(encodeSafetensors(t, { x: 'y' }));
    expect(back.metadata).toEqual({ x: 'y' });
    expect(Array.from(back.tensors[0].data as BigInt64Array)).toEqual([3n, -4n]);
    expect(() => encodeSafetensors([{ name: 'c', shape: [3], data: new Float32Array(2) }])).toThrow(/needs 3/);
  });

  it('npz: a stored zip of .npy files, one per tfjs weight, data equal to tfjs', () => {
    const entries = unzipStore(weightsNpz(weightSetFromModel(model)));
    expect([...entries.keys()]).toEqual(model.weights.map((w) => `${w.originalName}.npy`));
    for (const w of model.weights) {
      const a = decodeNpy(entries.get(`${w.originalName}.npy`)!);
      expect(a.shape).toEqual(w.shape);
      expect(Array.from(a.data as Float32Array)).toEqual(Array.from(w.read().dataSync()));
    }
  });

  it('zip: a damaged entry is caught by its CRC', () => {
    const z = zipStore([{ name: 'a.npy', data: new Uint8Array([1, 2, 3, 4]) }]);
    z[30 + 5] ^= 0xff;
    expect(() => unzipStore(z)).toThrow(/CRC/);
  });

  it.skipIf(!numpyPython)('numpy reads the .npz (skipped: no Python with numpy)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cnn-npz-'));
    writeFileSync(path.join(dir, 'w.npz'), weightsNpz(weightSetFromModel(model)));
    const r = spawnSync(numpyPython!, ['-c', "import numpy as np; z = np.load('w.npz'); print(sum(v.size for v in z.values()), z['C1/kernel.npy'.replace('.npy','')].shape if 'C1/kernel' in z else z.files[0])"], { cwd: dir, encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).toBe('');
    expect(r.stdout.split(' ')[0]).toBe(String(model.countParams()));
  });
});
