// The dataset's pixels move to the training worker: after the 'start' message is posted, the renderer's
// arrays are detached (byteLength 0) and the worker side has every byte — one copy, not two. Posted through a
// real MessageChannel (the structured clone a Worker's postMessage uses), with a dataset decoded from the
// host's wire format as the renderer gets it (images and labels are views of one response buffer).
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../src/contract/wire';
import type { InMemoryDataset } from '../../src/data/dataset';
import { TrainingSettingsSchema } from '../../src/train/settings';
import { ToWorkerSchema } from '../worker/messages';
import { startMessage, type StartRun } from './startMessage';

const run: StartRun = { graph: { nodes: [], edges: [] }, settings: TrainingSettingsSchema.parse({}) };

function hostResponse(n = 50): InMemoryDataset {
  const images = new Uint8Array(n * 28 * 28).map((_, i) => i % 251);
  const labels = new Uint8Array(n).map((_, i) => i % 10);
  const bytes = encodeMessage({ images, labels, n, height: 28, width: 28, channels: 1, classNames: [...'0123456789'] }).body as Uint8Array;
  return decodeMessage(new Uint8Array(bytes)) as InMemoryDataset;
}

/** Posts like Worker.postMessage(message, transfer) and resolves with what the other side received. */
function post(message: unknown, transfer: Transferable[]): Promise<unknown> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.onmessage = (ev) => {
      port1.close();
      port2.close();
      resolve(ev.data);
    };
    port1.postMessage(message, transfer);
  });
}

describe('the start message', () => {
  it('moves the pixels and labels to the worker: the renderer is left with detached buffers', async () => {
    const dataset = hostResponse();
    const expected = { images: dataset.images.slice(), labels: dataset.labels.slice() };
    const { message, transfer } = startMessage(run, { dataset });
    expect(transfer).toHaveLength(1); // one response buffer behind both views, listed once
    const received = ToWorkerSchema.parse(await post(message, transfer));
    expect(dataset.images.byteLength).toBe(0);
    expect(dataset.labels.byteLength).toBe(0);
    expect(dataset.images.buffer.byteLength).toBe(0);
    if (received.type !== 'start' || !received.dataset) throw new Error('expected a start message with the samples');
    expect(received.dataset.images).toEqual(expected.images);
    expect(received.dataset.labels).toEqual(expected.labels);
  });

  it('moves a streamed dataset’s labels; the built-in set fetched by the worker carries no buffers', async () => {
    const { images: _pixelsStayOnTheHost, ...streamedDataset } = hostResponse();
    const streamed = startMessage(run, { streamedDataset });
    await post(streamed.message, streamed.transfer);
    expect(streamedDataset.labels.byteLength).toBe(0);
    const fetched = startMessage(run, { hostDataset: { baseUrl: 'http://127.0.0.1:1', token: 't', name: 'mnist' } });
    expect(fetched.transfer).toEqual([]);
  });

  it('copies the initial weights: the session keeps its own to save and reload them', async () => {
    const weightData = new Uint8Array([1, 2, 3, 4]);
    const dataset = hostResponse(2);
    const { message, transfer } = startMessage({ ...run, initialWeights: { weightSpecs: [], weightData } }, { dataset });
    await post(message, transfer);
    expect(weightData.byteLength).toBe(4);
    expect(dataset.images.byteLength).toBe(0);
  });
});
