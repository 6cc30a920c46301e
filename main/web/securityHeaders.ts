// One Content-Security-Policy for both hosts: only the app's own scripts, no eval except WebAssembly
// compilation (tfjs wasm backend), no plugins, no framing, network only back to the host itself.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The training worker's policy — the page's, plus blob: scripts. Its wasm backend's threaded build (XNNPACK
 * threads) starts each pthread as a Worker from a blob: URL that importScripts() a blob: copy of the
 * emscripten glue, both minted by tfjs inside this worker; blob workers inherit the policy of the worker
 * that creates them, so without this they fail to load and the backend never starts. A worker loaded from
 * the host gets its CSP from its own response, so the page itself keeps script-src 'self'. A blob: URL can
 * only be minted by script already running in this origin, and only the worker's own code loads scripts;
 * the page's HTML (where an injection would land) never gets blob: scripts. Nothing else differs.
 */
export const TRAINING_WORKER_CSP = CONTENT_SECURITY_POLICY.replace("script-src 'self' 'wasm-unsafe-eval'", "script-src 'self' 'wasm-unsafe-eval' blob:");

/** The training worker's bundle as Vite names it (renderer/worker/train.worker.ts → assets/train.worker-<hash>.js). */
const TRAINING_WORKER_SCRIPT = /(^|[\\/])train\.worker-[\w-]+\.js$/;

/** Headers for one served file: SECURITY_HEADERS, with TRAINING_WORKER_CSP for the training worker's script. */
export function securityHeadersFor(file: string): Record<string, string> {
  return TRAINING_WORKER_SCRIPT.test(file) ? { ...SECURITY_HEADERS, 'Content-Security-Policy': TRAINING_WORKER_CSP } : SECURITY_HEADERS;
}

/** Headers for every response the app serves. COOP/COEP make the page cross-origin isolated (SharedArrayBuffer for wasm threads). */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
