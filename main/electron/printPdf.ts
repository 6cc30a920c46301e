// "Save as PDF" of the HTML report: Chromium's printToPDF of the page in a hidden window that runs no script,
// has no preload and no Node, and loads nothing but the report itself (a temporary file, removed afterwards;
// the report is self-contained, so there is nothing else to fetch).
import { BrowserWindow } from 'electron';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

export async function printReportPdf(html: string): Promise<Uint8Array> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cnn-report-'));
  const file = path.join(dir, `${randomUUID()}.html`);
  const win = new BrowserWindow({
    show: false,
    // Its own in-memory session: the request filter below leaves the app's window alone.
    webPreferences: { partition: 'cnn-report-pdf', javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false, spellcheck: false, disableBlinkFeatures: 'Auxclick' },
  });
  try {
    await fs.writeFile(file, html, 'utf8');
    // No window of its own and no navigation away from the report (a stray link, middle-click included).
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    win.webContents.on('will-navigate', (event) => event.preventDefault());
    // Nothing beyond the file itself: the report holds no external reference, and none is let through.
    win.webContents.session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_d, cb) => cb({ cancel: true }));
    await win.loadFile(file);
    const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
    return new Uint8Array(pdf);
  } finally {
    win.destroy();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
