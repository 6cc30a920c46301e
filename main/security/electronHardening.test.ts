// Electron hardening without Electron: the window options, CSP, navigation/window/permission guards, the IPC
// gate and the preload bridge are pure values and functions; the main/preload sources are checked to use them.
import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { channels, events } from '../../src/contract';
import { createDispatcher } from '../transport/dispatch';
import type { HandlerContext } from '../services/context';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS, TRAINING_WORKER_CSP, securityHeadersFor } from '../web/securityHeaders';
import { denyPermissionCheck, denyPermissionRequest, guardWebContents, isAppUrl, mainWindowOptions, type GuardableContents } from './windowPolicy';
import { createInvokeHandler } from './ipcGate';
import { createBridge, type IpcRendererLike } from './bridge';
import { smallProjectDoc } from '../../src/project/testDoc';

const repo = path.resolve(import.meta.dirname, '../..');
const DEV = 'http://localhost:5173';

describe('window options', () => {
  const web = mainWindowOptions('/app/out/preload/index.cjs').webPreferences!;
  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
  ] as const)('%s is %s', (key, value) => expect(web[key]).toBe(value));

  it('loads only the bundled preload and disables middle-click windows', () => {
    expect(web.preload).toBe('/app/out/preload/index.cjs');
    expect(web.disableBlinkFeatures).toContain('Auxclick');
    expect(web).not.toHaveProperty('enableBlinkFeatures');
    expect(web).not.toHaveProperty('additionalArguments');
  });
});

/** CSP text → directive → sources. */
function parseCsp(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...src]) => [name, src]));
}

describe('Content-Security-Policy', () => {
  const csp = parseCsp(CONTENT_SECURITY_POLICY);
  const all = [...csp.values()].flat();

  it('is sent with every response the app serves', () => expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY));

  it('runs only the app’s own scripts: no inline script, no eval (WebAssembly compile only)', () => {
    const script = csp.get('script-src') ?? csp.get('default-src')!;
    expect(script).toContain("'self'");
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    expect(script.filter((s) => s !== "'self'" && s !== "'wasm-unsafe-eval'")).toEqual([]);
  });

  it('names no remote origin, wildcard or plain-http source anywhere', () => {
    for (const s of all) {
      expect(s, s).not.toMatch(/^(https?:|wss?:|\*|.*\*\.)/);
      expect(s, s).not.toMatch(/^[a-z0-9-]+\.[a-z]/i); // a bare host name
    }
  });

  it.each([
    ['default-src', ["'self'"]],
    ['connect-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ])('%s is exactly %j', (directive, sources) => expect(csp.get(directive)).toEqual(sources));

  it('allows blob: only for workers and images (the training worker, canvas exports)', () => {
    for (const [name, src] of csp) if (src.includes('blob:')) expect(['worker-src', 'img-src']).toContain(name);
  });
});

describe('the training worker’s Content-Security-Policy (wasm threads)', () => {
  const page = parseCsp(CONTENT_SECURITY_POLICY);
  const worker = parseCsp(TRAINING_WORKER_CSP);

  it('is the page’s policy plus blob: in script-src, nothing else', () => {
    expect(worker.get('script-src')).toEqual([...page.get('script-src')!, 'blob:']);
    expect(new Map([...worker].filter(([name]) => name !== 'script-src'))).toEqual(new Map([...page].filter(([name]) => name !== 'script-src')));
  });

  it.each([
    ['/srv/out/renderer/assets/train.worker-2IFANgG5.js', TRAINING_WORKER_CSP],
    ['C:\\app\\out\\renderer\\assets\\train.worker-a_b-1.js', TRAINING_WORKER_CSP],
    ['/srv/out/renderer/assets/index-ems2lhN8.js', CONTENT_SECURITY_POLICY],
    ['/srv/out/renderer/index.html', CONTENT_SECURITY_POLICY],
    ['/srv/out/renderer/assets/train.worker-2IFANgG5.js.map', CONTENT_SECURITY_POLICY],
    ['/srv/out/renderer/assets/evil-train.worker-x.js', CONTENT_SECURITY_POLICY],
  ])('%s is served with the right policy', (file, policy) => {
    const headers = securityHeadersFor(file);
    expect(headers['Content-Security-Policy']).toBe(policy);
    expect({ ...headers, 'Content-Security-Policy': '' }).toEqual({ ...SECURITY_HEADERS, 'Content-Security-Policy': '' });
  });
});

/** A WebContents stand-in: Electron's event emitter plus the window-open handler slot. */
class FakeContents extends EventEmitter implements GuardableContents {
  openHandler?: () => { action: 'deny' };
  setWindowOpenHandler(h: () => { action: 'deny' }) {
    this.openHandler = h;
  }
  /** Emits like Electron and reports whether a listener prevented the default. */
  fire(event: string, url?: string): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

describe('navigation, new windows and permissions', () => {
  it.each([
    ['will-navigate', 'https://evil.example/', undefined, true],
    ['will-navigate', 'file:///etc/passwd', undefined, true],
    ['will-navigate', 'app://other/index.html', undefined, true],
    ['will-navigate', 'javascript:alert(1)', undefined, true],
    ['will-navigate', 'app://cnn/index.html#/train', undefined, false],
    ['will-navigate', `${DEV}/index.html`, undefined, true], // dev server only counts in development
    ['will-navigate', `${DEV}/index.html`, DEV, false],
    ['will-navigate', 'http://localhost:5174/', DEV, true],
    ['will-redirect', 'https://evil.example/', undefined, true],
    ['will-redirect', 'app://cnn/other.html', undefined, false],
    ['will-attach-webview', undefined, undefined, true],
  ])('%s to %s (dev %s) prevented: %s', (event, url, dev, prevented) => {
    const c = new FakeContents();
    guardWebContents(c, dev);
    expect(c.fire(event, url)).toBe(prevented);
  });

  it('denies every new window', () => {
    const c = new FakeContents();
    guardWebContents(c);
    expect(c.openHandler?.()).toEqual({ action: 'deny' });
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem', 'hid', 'serial'])('denies the %s permission', (perm) => {
    let granted: boolean | undefined;
    denyPermissionRequest({}, perm, (g) => (granted = g));
    expect(granted).toBe(false);
    expect(denyPermissionCheck()).toBe(false);
  });

  it.each([
    [undefined, false],
    ['', false],
    ['not a url', false],
    ['app://cnn/', true],
    ['app://cnn.evil/', false],
    ['app://evil/', false],
    ['https://cnn/', false],
  ])('isAppUrl(%j) is %s', (url, expected) => expect(isAppUrl(url)).toBe(expected));
});

describe('IPC gate', () => {
  const ctx: HandlerContext = { emit: () => {}, allowedRoots: [], resourcesDir: '/nonexistent', userDataDir: '/nonexistent' };
  let ran = 0;
  const dispatch = createDispatcher({ 'project.recent': channels['project.recent'], 'project.save': channels['project.save'] }, {
    'project.recent': async () => (ran++, { items: [] }),
    'project.save': async () => (ran++, { path: '/x.cnnproj', bytes: 1 }),
  });
  const invoke = createInvokeHandler({ dispatch, contextFor: () => ctx });
  const from = (url: string | undefined) => ({ senderFrame: url === undefined ? null : { url }, sender: {} });

  it.each([
    ['a page on another origin', 'https://evil.example/'],
    ['a file:// page', 'file:///tmp/x.html'],
    ['a destroyed frame', undefined],
    ['the dev server when not in development', `${DEV}/`],
  ])('refuses calls from %s without running the handler', async (_n, url) => {
    ran = 0;
    expect(await invoke(from(url), 'project.recent', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(ran).toBe(0);
  });

  it('answers the app’s own page', async () => {
    expect(await invoke(from('app://cnn/index.html'), 'project.recent', {})).toEqual({ ok: true, value: { items: [] } });
    const dev = createInvokeHandler({ dispatch, contextFor: () => ctx, devServerUrl: DEV });
    expect(await dev(from(`${DEV}/`), 'project.recent', {})).toEqual({ ok: true, value: { items: [] } });
  });

  it.each([
    ['a non-string channel', 42, {}, 'bad-request'],
    ['an unknown channel', 'fs.readFile', { path: '/etc/passwd' }, 'unknown-channel'],
    ['a prototype key as channel', 'constructor', {}, 'unknown-channel'],
    ['a request failing its schema', 'project.save', { path: '/x.cnnproj', doc: { format: 'evil' } }, 'bad-request'],
    ['a path of the wrong type', 'project.save', { path: ['/etc/passwd'], doc: smallProjectDoc() }, 'bad-request'],
  ])('refuses %s from the app page with %s', async (_n, channel, req, code) => {
    ran = 0;
    expect(await invoke(from('app://cnn/index.html'), channel, req)).toMatchObject({ ok: false, error: { code } });
    expect(ran).toBe(0);
  });
});

describe('preload bridge', () => {
  function fakeIpc() {
    const calls: unknown[][] = [];
    const bus = new EventEmitter();
    const ipc: IpcRendererLike = {
      invoke: async (...args) => (calls.push(args), { ok: true, value: 'sent' }),
      on: (ch, l) => bus.on(ch, l),
      removeListener: (ch, l) => bus.removeListener(ch, l),
    };
    return { ipc, calls, bus };
  }

  it('forwards contract channels over cnn:invoke only, and refuses others without IPC', async () => {
    const { ipc, calls } = fakeIpc();
    const bridge = createBridge(ipc, Object.keys(channels), Object.keys(events));
    expect(await bridge.invoke('project.recent', {})).toEqual({ ok: true, value: 'sent' });
    expect(calls).toEqual([['cnn:invoke', 'project.recent', {}]]);
    for (const bad of ['cnn:invoke', 'ELECTRON_BROWSER_REQUIRE', '__proto__', 42 as unknown as string])
      expect(await bridge.invoke(bad, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(calls).toHaveLength(1);
  });

  it('delivers only the named event’s payload, never the IPC event object, and unsubscribes', () => {
    const { ipc, bus } = fakeIpc();
    const eventName = Object.keys(events)[0] ?? 'train.progress';
    const bridge = createBridge(ipc, [], [eventName]);
    const got: unknown[][] = [];
    const off = bridge.on(eventName, (...args: unknown[]) => got.push(args));
    bus.emit('cnn:event', { sender: 'SECRET' }, eventName, { step: 1 });
    bus.emit('cnn:event', { sender: 'SECRET' }, 'other.event', { step: 2 });
    off();
    bus.emit('cnn:event', { sender: 'SECRET' }, eventName, { step: 3 });
    expect(got).toEqual([[{ step: 1 }]]);
    expect(() => bridge.on('not.an.event', () => {})).toThrow(/No event named/);
    expect(bus.listenerCount('cnn:event')).toBe(0);
  });
});

describe('the Electron sources use these policies', () => {
  const main = readFileSync(path.join(repo, 'main/electron/index.ts'), 'utf8');
  const preload = readFileSync(path.join(repo, 'main/electron/preload.ts'), 'utf8');
  it.each([
    ['mainWindowOptions(', main],
    ["app.on('web-contents-created', (_e, contents) => guardWebContents(contents", main],
    ['setPermissionRequestHandler(denyPermissionRequest)', main],
    ['setPermissionCheckHandler(denyPermissionCheck)', main],
    ["ipcMain.handle('cnn:invoke', createInvokeHandler", main],
    ["exposeInMainWorld('cnn', createBridge(", preload],
  ])('uses %s', (needle, source) => expect(source).toContain(needle));

  it('creates windows only from the tested options and exposes nothing else', () => {
    expect(main).not.toMatch(/new BrowserWindow\(\s*\{/);
    expect(main).not.toMatch(/ipcMain\.(on|handle)\((?!'cnn:invoke')/);
    expect(preload.match(/exposeInMainWorld/g)).toHaveLength(1);
    expect(main + preload).not.toMatch(/shell\.openExternal|nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false/);
  });
});
