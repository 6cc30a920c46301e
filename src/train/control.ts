// Pause / resume / stop for a running training loop, driven from another task (UI message, signal).
export type ControlState = 'running' | 'paused' | 'stopping';

export class TrainingControl {
  private _state: ControlState = 'running';
  private wake: (() => void) | undefined;

  get state(): ControlState {
    return this._state;
  }
  pause(): void {
    if (this._state === 'running') this._state = 'paused';
  }
  resume(): void {
    if (this._state === 'paused') this._state = 'running';
    this.wake?.();
  }
  /** Ends training after the current batch; the best weights so far are kept. */
  stop(): void {
    this._state = 'stopping';
    this.wake?.();
  }
  get stopRequested(): boolean {
    return this._state === 'stopping';
  }
  /** Resolves at once unless paused; then when resumed or stopped. */
  async whilePaused(): Promise<void> {
    while (this._state === 'paused') await new Promise<void>((r) => (this.wake = r));
    this.wake = undefined;
  }
}

/** Lets queued messages (pause, stop) run between batches: setImmediate in Node, a MessageChannel hop in workers. */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => void };
  if (g.setImmediate) return new Promise((r) => g.setImmediate!(r));
  return new Promise((r) => {
    const ch = new MessageChannel();
    // Node's MessagePort typings lack onmessage, though Node's global MessageChannel has it (as workers do).
    const port = ch.port1 as unknown as { onmessage: (() => void) | null; close(): void };
    port.onmessage = () => {
      port.close();
      r();
    };
    ch.port2.postMessage(0);
  });
}
