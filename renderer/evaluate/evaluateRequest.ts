// Evaluate requests to the training worker and their answers, by id (the worker is the training session's:
// it holds the trained model and the dataset it trained on; the session hands over its sender and routes the
// answers here). Progress goes to the caller's callback; an AbortSignal sends 'evaluateCancel', and the
// promise then rejects with an EvaluateCancelledError.
import { transferList, type FromWorker, type ToWorker } from '../worker/messages';
import type { EvaluateReport, EvaluateRequest } from './evaluateMessages';

type Pending = { resolve: (r: EvaluateReport) => void; reject: (e: Error) => void; onProgress?: (done: number, total: number) => void };
const pending = new Map<number, Pending>();
let seq = 0;
let sendToWorker: (m: ToWorker, transfer?: Transferable[]) => void = () => {
  throw new Error('The training worker is not running.');
};
export const setEvaluateSender = (send: typeof sendToWorker) => (sendToWorker = send);

export class EvaluateCancelledError extends Error {
  readonly cancelled = true;
}

export function onEvaluateMessage(m: Extract<FromWorker, { type: 'evaluation' | 'evaluationProgress' }>): void {
  const p = pending.get(m.id);
  if (m.type === 'evaluationProgress') return p?.onProgress?.(m.done, m.total);
  pending.delete(m.id);
  if (m.result) p?.resolve(m.result);
  else if (m.cancelled) p?.reject(new EvaluateCancelledError('Cancelled.'));
  else p?.reject(new Error(m.error ?? 'The training worker did not answer.'));
}

export function evaluateInWorker(req: Omit<EvaluateRequest, 'type' | 'id'>, opts: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {}): Promise<EvaluateReport> {
  const id = ++seq;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress: opts.onProgress });
    opts.signal?.addEventListener('abort', () => sendToWorker({ type: 'evaluateCancel', id }));
    // The dataset's pixels move to the worker: the caller keeps no copy.
    const transfer = req.dataset ? transferList(req.dataset.images, req.dataset.labels) : [];
    sendToWorker({ type: 'evaluate', id, ...req }, transfer);
  });
}
