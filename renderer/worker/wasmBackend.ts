// Registers tfjs' wasm backend in the worker with its .wasm binaries emitted by the build (Vite `?url`), so
// the same URLs work from the web host (http://127.0.0.1) and from Electron's app:// — both serve
// out/renderer with application/wasm and the CSP's 'wasm-unsafe-eval'.
// SIMD always; threads only where the page is cross-origin isolated (COOP/COEP, which both hosts send) and
// WASM_THREADS allows it — see the note on WASM_THREADS.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/**
 * Whether XNNPACK may use a thread pool. tfjs' threaded build starts its pthreads from blob: scripts, which
 * the CSP's script-src 'self' refuses; so threads stay off and the SIMD build runs on the worker's thread.
 */
export const WASM_THREADS = false;

let registered = false;

export function registerWasmBackend(): { threads: boolean } {
  const threads = WASM_THREADS && (self as unknown as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  if (!registered) {
    if (!threads) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    else setThreadsCount(Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1)));
    setWasmPaths({ 'tfjs-backend-wasm.wasm': plain, 'tfjs-backend-wasm-simd.wasm': simd, 'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd });
    registered = true;
  }
  return { threads };
}
