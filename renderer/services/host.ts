// The renderer's way to the host: the shared client (src/contract/webClient.ts) over the preload bridge
// `window.cnn` in Electron, or over fetch + SSE with the per-run token from the page URL in a browser.
import { createBridgeClient, createWebClient, type CnnBridge, type HostClient } from '../../src/contract/webClient';

export { HostCallError, type HostClient } from '../../src/contract/webClient';

declare global {
  interface Window {
    cnn?: CnnBridge;
  }
}

const TOKEN_KEY = 'cnn-studio-token';

/** The token from ?token= (kept in sessionStorage so in-app navigation and reloads keep working). */
function pageToken(): string {
  const fromUrl = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('token') : null;
  try {
    if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return fromUrl ?? ''; // workers have no sessionStorage
  }
}

function createDefaultClient(): HostClient {
  if (typeof window !== 'undefined' && window.cnn) return createBridgeClient(window.cnn);
  return createWebClient({ baseUrl: '', token: pageToken(), fetch: (url, init) => fetch(url, init), EventSource: globalThis.EventSource });
}

let current: HostClient | undefined;
const client = () => (current ??= createDefaultClient());

/** The app's host client, chosen on first use. */
export const host: HostClient = {
  get mode() {
    return client().mode;
  },
  invoke: (channel, request) => client().invoke(channel, request),
  on: (event, cb) => client().on(event, cb),
};
