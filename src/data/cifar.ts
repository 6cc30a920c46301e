// CIFAR-10 binary batches (https://www.cs.toronto.edu/~kriz/cifar.html, "binary version"): each record is
// 1 label byte then 3072 pixel bytes — the 1024 red values, then 1024 green, then 1024 blue, rows of 32
// (CHW). The app keeps images HWC, so each record is transposed on the way in.
import type { InMemoryDataset } from './dataset';

export const CIFAR_SIDE = 32;
export const CIFAR_RECORD_BYTES = 1 + 3 * CIFAR_SIDE * CIFAR_SIDE;
export const CIFAR10_CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
/** The standard file names: five training batches and one test batch. */
export const CIFAR10_TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
export const CIFAR10_TEST_FILE = 'test_batch.bin';

export class CifarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CifarFormatError';
  }
}

/** One batch file → HWC images + labels. Throws naming the file when its size is not a whole number of records. */
export function parseCifarBatch(bytes: Uint8Array, what = 'CIFAR batch', classes = 10): { images: Uint8Array; labels: Uint8Array; n: number } {
  if (bytes.length === 0 || bytes.length % CIFAR_RECORD_BYTES !== 0)
    throw new CifarFormatError(`${what} is ${bytes.length} bytes, not a multiple of ${CIFAR_RECORD_BYTES} (1 label + 32·32·3 pixels) — is it the CIFAR-10 *binary* version, complete?`);
  const n = bytes.length / CIFAR_RECORD_BYTES;
  const plane = CIFAR_SIDE * CIFAR_SIDE;
  const images = new Uint8Array(n * plane * 3);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const rec = i * CIFAR_RECORD_BYTES;
    const label = bytes[rec];
    if (label >= classes) throw new CifarFormatError(`${what}: record ${i} has label ${label}, but CIFAR-10 labels are 0–${classes - 1} (a CIFAR-100 file has 2 label bytes).`);
    labels[i] = label;
    const out = i * plane * 3;
    for (let p = 0; p < plane; p++) {
      images[out + p * 3] = bytes[rec + 1 + p];
      images[out + p * 3 + 1] = bytes[rec + 1 + plane + p];
      images[out + p * 3 + 2] = bytes[rec + 1 + 2 * plane + p];
    }
  }
  return { images, labels, n };
}

/** Class names from batches.meta.txt (one per line), falling back to the standard ten. */
export function parseCifarMeta(text: string | undefined): string[] {
  const names = (text ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  return names.length === 10 ? names : CIFAR10_CLASS_NAMES;
}

/** Training batches then the test batch, joined; the test records become the validation indices. */
export function cifarToDataset(train: Uint8Array[], test: Uint8Array | undefined, classNames = CIFAR10_CLASS_NAMES): InMemoryDataset {
  const parts = train.map((b, i) => parseCifarBatch(b, `training batch ${i + 1}`));
  const testPart = test ? parseCifarBatch(test, 'test batch') : undefined;
  const all = testPart ? [...parts, testPart] : parts;
  const n = all.reduce((a, p) => a + p.n, 0);
  const size = CIFAR_SIDE * CIFAR_SIDE * 3;
  const images = new Uint8Array(n * size);
  const labels = new Uint8Array(n);
  let at = 0;
  for (const p of all) {
    images.set(p.images, at * size);
    labels.set(p.labels, at);
    at += p.n;
  }
  const trainN = n - (testPart?.n ?? 0);
  return {
    images,
    labels,
    n,
    height: CIFAR_SIDE,
    width: CIFAR_SIDE,
    channels: 3,
    classNames,
    validationIndices: testPart ? Array.from({ length: testPart.n }, (_, i) => trainN + i) : undefined,
  };
}
