// What 'auto' measured, kept per machine and model size (measurementKey) in IndexedDB — the storage a worker
// has (no localStorage there) — so the next run of a similar model skips the warm-up. Any failure (private
// mode, storage blocked) just means measuring again.
import { RememberedChoiceSchema, type RememberedChoice } from '../../src/train/backend';

const DB = 'cnn-studio-backend';
const STORE = 'measurements';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = op(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

/** A stored record that no longer fits the schema (an older version's) is as good as none: measure again. */
export const recallChoice = (key: string): Promise<RememberedChoice | undefined> =>
  run('readonly', (s) => s.get(key) as IDBRequest<unknown>).then(
    (v) => RememberedChoiceSchema.safeParse(v).data,
    () => undefined,
  );
export const rememberChoice = (key: string, r: RememberedChoice): Promise<void> => run('readwrite', (s) => s.put(r, key)).then(() => undefined, () => undefined);
/** "Measure again": every measurement forgotten, so the next run of any model times the backends anew. */
export const forgetChoices = (): Promise<void> => run('readwrite', (s) => s.clear()).then(() => undefined, () => undefined);
