// Helper threads for our SIMD kernels: tfjs-backend-wasm's XNNPACK pool sits idle while one of our kernels runs,
// so a kernel that splits (dW by input channels) runs its parts on helper threads at once — each a Worker that
// instantiates the same module on the same shared heap and waits on a control block (Atomics), so a call stays
// synchronous: post the parts, run part 0 here, wait for the rest. The host makes the Workers (the core has no
// Worker API: Node's worker_threads, a browser's blob: Worker) and says how many (its thread count − 1).

/** What a helper is sent once: the heap, the module's bytes, its control block, the export names by index. */
export interface HelperStart {
  memory: unknown;
  bytes: Uint8Array<ArrayBuffer>;
  control: SharedArrayBuffer;
  names: string[];
}

/** A Worker as far as a helper's start needs it. */
export interface HelperThread {
  postMessage(message: HelperStart): void;
}

/**
 * Starts a Worker that runs `source` (it defines `startSimdHelper(start)`) and, when the host has wired its first
 * message to that function, returns it. The host appends that wiring: `self.onmessage = (e) => startSimdHelper(e.data)`
 * in a browser, `require('node:worker_threads').parentPort.once('message', startSimdHelper)` in Node.
 */
export type SpawnHelper = (source: string) => HelperThread;

// Control block (Int32) of one helper: its state, ready flag, the export to call, its argument count, arguments.
const STATE = 0;
const READY = 1;
const EXPORT = 2;
const ARGC = 3;
const ARGS = 4;
const MAX_ARGS = 28;
const IDLE = 0;
const POSTED = 1;
const DONE = 2;
const FAILED = 3;
/** STATE: the helper's heap is gone (its backend restarted): leave. */
const QUIT = 4;
// READY: 0 while starting, then one of these.
const STARTED = 1;
const START_FAILED = 2;
/** Failed or hung on a call, or stopped: never posted to again. */
const DROPPED = 3;

/** The helper's code, self-contained (it runs in a bare Worker): compile, instantiate on the heap, serve calls. */
export const SIMD_HELPER_SOURCE = `
function startSimdHelper(start) {
  const c = new Int32Array(start.control);
  WebAssembly.instantiate(start.bytes, { env: { memory: start.memory } }).then(({ instance }) => {
    const fns = start.names.map((n) => instance.exports[n]);
    Atomics.store(c, ${READY}, ${STARTED});
    Atomics.notify(c, ${READY});
    for (;;) {
      const now = Atomics.load(c, ${STATE});
      if (now === ${QUIT}) break;
      if (now !== ${POSTED}) {
        Atomics.wait(c, ${STATE}, now);
        continue;
      }
      let state = ${DONE};
      try {
        fns[c[${EXPORT}]](...Array.from(c.subarray(${ARGS}, ${ARGS} + c[${ARGC}])));
      } catch (e) {
        state = ${FAILED};
      }
      // Only if still posted: a helper dropped meanwhile may have been told to leave.
      Atomics.compareExchange(c, ${STATE}, ${POSTED}, state);
      Atomics.notify(c, ${STATE});
    }
    // A browser Worker closes itself; in a Node worker_thread, process.exit() ends that thread only.
    if (typeof close === 'function') close();
    else process.exit(0);
  }, () => {
    Atomics.store(c, ${READY}, ${START_FAILED});
  });
}
`;

/** A helper's wait beyond this means it hangs: its part runs on the calling thread and the helper is dropped. */
const HELPER_TIMEOUT_MS = 10_000;

let host: { spawn: SpawnHelper; count: number } | undefined;
/** Helpers started so far: told to leave when the host starts a new backend (each holds its old heap alive). */
let started: SimdHelpers[] = [];

/**
 * Lets our SIMD kernels use `count` helper threads (the host's thread count − 1), made by `spawn`; count 0 or no
 * spawner: none. Takes effect for wasm backends whose kernels are instantiated afterwards; the hosts call it as a
 * wasm backend starts, so the helpers of an earlier backend (whose heap is gone) are stopped here.
 */
export function setSimdHelperThreads(spawn: SpawnHelper | undefined, count: number): void {
  host = spawn && count > 0 ? { spawn, count } : undefined;
  for (const helpers of started) helpers.stop();
  started = [];
}

/** Whether this thread may block in Atomics.wait (a browser page's main thread may not). */
function canWait(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** One call of a split kernel: the export's index and its integer arguments. */
export interface HelperCall {
  exportIndex: number;
  args: number[];
}

/** The helpers of one heap: run a kernel's parts on them and here at once. */
export class SimdHelpers {
  private readonly controls: Int32Array[];
  /** Parts handed to helper threads so far (the bench and tests read it). */
  posted = 0;

  private constructor(controls: Int32Array[]) {
    this.controls = controls;
  }

  /** Helpers on `memory` (a shared heap) where the host allows them, else undefined. */
  static start(memory: unknown, bytes: Uint8Array<ArrayBuffer>, names: string[]): SimdHelpers | undefined {
    if (!host || typeof SharedArrayBuffer === 'undefined' || !canWait()) return undefined;
    const controls: Int32Array[] = [];
    try {
      for (let i = 0; i < host.count; i++) {
        const control = new SharedArrayBuffer(4 * (ARGS + MAX_ARGS));
        host.spawn(SIMD_HELPER_SOURCE).postMessage({ memory, bytes, control, names });
        controls.push(new Int32Array(control));
      }
    } catch {
      return undefined; // no Worker here: one thread
    }
    const helpers = new SimdHelpers(controls);
    started.push(helpers);
    return helpers;
  }

  /** Tells every helper to leave (its thread ends); none is posted to again. */
  stop(): void {
    for (const c of this.controls) {
      Atomics.store(c, READY, DROPPED);
      Atomics.store(c, STATE, QUIT);
      Atomics.notify(c, STATE);
    }
  }

  /** Helpers started and ready now (a helper starts asynchronously: until then the calling thread does it all). */
  ready(): Int32Array[] {
    return this.controls.filter((c) => Atomics.load(c, READY) === STARTED);
  }

  /** Helper threads asked for (ready or not). */
  get count(): number {
    return this.controls.length;
  }

  /** Parts the next run can use: 1 + the ready helpers. */
  parts(): number {
    return 1 + this.ready().length;
  }

  /**
   * Runs calls[1 ..] on ready helpers and calls[0] here (`run`), and returns once all are done — also when the
   * part here throws, so that no helper still writes the heap afterwards. A helper that fails or hangs has its
   * part run here instead and is dropped (the split kernels write their part whole, so a rerun gives the same).
   */
  run(calls: HelperCall[], run: (call: HelperCall) => void): void {
    const helpers = this.ready().slice(0, calls.length - 1);
    const posted = helpers.filter((c, i) => {
      const { exportIndex, args } = calls[i + 1];
      if (args.length > MAX_ARGS) return false;
      c[EXPORT] = exportIndex;
      c[ARGC] = args.length;
      // Int32 stores wrap heap offsets ≥ 2³¹ to the same bits, which is what a wasm i32 pointer reads.
      c.set(args, ARGS);
      Atomics.store(c, STATE, POSTED);
      Atomics.notify(c, STATE);
      return true;
    });
    this.posted += posted.length;
    const here = calls.filter((_, i) => i === 0 || !posted.includes(helpers[i - 1]));
    try {
      for (const call of here) run(call);
    } finally {
      helpers.forEach((c, i) => {
        if (!posted.includes(c)) return;
        const deadline = Date.now() + HELPER_TIMEOUT_MS;
        while (Atomics.load(c, STATE) === POSTED && Date.now() < deadline) Atomics.wait(c, STATE, POSTED, HELPER_TIMEOUT_MS);
        if (Atomics.load(c, STATE) === DONE) Atomics.store(c, STATE, IDLE);
        else {
          Atomics.store(c, READY, DROPPED); // never posted to again
          run(calls[i + 1]);
        }
      });
    }
  }
}
