// Electron main: one locked-down window serving the renderer over app:// and the services over one
// IPC channel ('cnn:invoke'), answering only the app's own frames. See Electron's security checklist.
import { app, BrowserWindow, dialog, ipcMain, protocol, session, type WebContents } from 'electron';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { dispatch } from '../transport';
import type { HandlerContext, NativeDialogs } from '../services/context';
import { mimeOf, resolveStaticFile } from '../web/staticFiles';
import { SECURITY_HEADERS, securityHeadersFor } from '../web/securityHeaders';
import { APP_ORIGIN, denyPermissionCheck, denyPermissionRequest, guardWebContents, mainWindowOptions } from '../security/windowPolicy';
import { createInvokeHandler } from '../security/ipcGate';
import { defaultWorkspaceRoots } from '../security/pathGuard';
import { cleanAtStart } from '../recovery/startupCleanup';
import { printReportPdf } from './printPdf';

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const appRoot = app.getAppPath();
const rendererDir = path.join(appRoot, 'out', 'renderer');
const resourcesDir = app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(appRoot, 'resources');
/** The user's own folders; dialogs add the folders chosen in them (see SECURITY.md, file confinement). */
const allowedRoots: string[] = defaultWorkspaceRoots();

// Must run before 'ready': app:// behaves like https (secure context, fetch, module workers).
protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
]);

function dialogsFor(contents: WebContents): NativeDialogs {
  const win = () => BrowserWindow.fromWebContents(contents) ?? undefined;
  return {
    async openFile(o) {
      const opts: Electron.OpenDialogOptions = { title: o.title, filters: o.filters, properties: [o.directory ? 'openDirectory' : 'openFile'] };
      const w = win();
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      return { canceled: r.canceled, path: r.filePaths[0] };
    },
    async saveFile(o) {
      const opts: Electron.SaveDialogOptions = { title: o.title, defaultPath: o.defaultPath, filters: o.filters };
      const w = win();
      const r = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts);
      return { canceled: r.canceled, path: r.filePath || undefined };
    },
  };
}

function contextFor(contents: WebContents): HandlerContext {
  return {
    allowedRoots,
    resourcesDir,
    userDataDir: app.getPath('userData'),
    dialogs: dialogsFor(contents),
    printPdf: printReportPdf,
    emit: (event, payload) => {
      if (!contents.isDestroyed()) contents.send('cnn:event', event, payload);
    },
  };
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(path.join(appRoot, 'out', 'preload', 'index.cjs')));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return win;
}

app.on('web-contents-created', (_e, contents) => guardWebContents(contents, devServerUrl));

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler(denyPermissionRequest);
  session.defaultSession.setPermissionCheckHandler(denyPermissionCheck);

  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'cnn' ? await resolveStaticFile(rendererDir, url.pathname) : undefined;
    if (!file) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    return new Response(new Uint8Array(await fs.readFile(file)), { headers: { 'Content-Type': mimeOf(file), ...securityHeadersFor(file) } });
  });

  ipcMain.handle('cnn:invoke', createInvokeHandler<WebContents>({ dispatch, contextFor, devServerUrl }));
  // Writes killed in an earlier run (a crash, a forced quit) are finished or cleaned up, in the background.
  void cleanAtStart(app.getPath('userData')).catch(() => {});

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
