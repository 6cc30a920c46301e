// The Electron window's security settings as plain values and functions, so they are tested without
// Electron (main/security/electronHardening.test.ts). Follows Electron's security checklist:
// https://www.electronjs.org/docs/latest/tutorial/security
import type { BrowserWindowConstructorOptions } from 'electron';

/** The packaged renderer's origin (privileged custom scheme, see main/electron/index.ts). */
export const APP_ORIGIN = 'app://cnn';

/** Window options: isolated, sandboxed, no Node, web security on, no <webview>, no middle-click windows. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    show: false,
    title: 'CNN Studio',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click (auxclick) could open a link in a new window; the window-open handler denies it too.
      disableBlinkFeatures: 'Auxclick',
    },
  };
}

/** True for the app's own pages only: the packaged app:// origin, or the dev server in development. */
export function isAppUrl(url: string | undefined, devServerUrl?: string): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    if (u.protocol === 'app:' && u.host === 'cnn') return true;
    return !!devServerUrl && u.origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}

/** What the app answers when a page asks for a new window: never (links to the web are not opened in-app). */
export const denyWindowOpen = (): { action: 'deny' } => ({ action: 'deny' });

/** Camera, microphone, geolocation, notifications, …: the app needs none, so every request is refused. */
export const denyPermissionRequest = (_wc: unknown, _permission: string, callback: (granted: boolean) => void): void => callback(false);
export const denyPermissionCheck = (): boolean => false;

/** The part of a WebContents the guards attach to (Electron's WebContents satisfies it). */
export interface GuardableContents {
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (e: { preventDefault(): void }, url?: string) => void): unknown;
}

/** Every web contents: no new windows, no navigation or redirect away from the app, no <webview>. */
export function guardWebContents(contents: GuardableContents, devServerUrl?: string): void {
  contents.setWindowOpenHandler(denyWindowOpen);
  contents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url, devServerUrl)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!isAppUrl(url, devServerUrl)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
}
