// Report services (#18): the HTML report the page built, written where the user chose (atomically, the old
// file kept as .bak), or printed to PDF by the Electron host. The target is confined like every path from the
// page: inside the allowed folders, not in a hidden folder of theirs, in a folder that exists, by extension.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defineHandlers, HostFailure, type HandlerContext } from './context';
import { atomicWrite } from '../../node/fs/atomicWrite';
import { describeFileError } from '../../node/fs/fileErrors';
import { confinePath } from '../security/pathGuard';
import { isWithin, realPathLoose } from '../security/realPath';
import { reportChannels } from '../../src/contract/report';

export const HTML_EXTENSIONS = ['.html', '.htm'];
export const PDF_EXTENSIONS = ['.pdf'];

/** What differs between the callers' messages: how the wanted file type is said, and which visible folder is suggested. */
export interface ReportTargetWords {
  savedAs: string;
  visibleFolder: string;
}

/**
 * Where a report may be written (this service's HTML/PDF, the dataset service's JSON): a file with one of
 * `extensions` (asked and real), visible, in an existing folder, over nothing but a file.
 */
export async function reportFileTarget(
  ctx: Pick<HandlerContext, 'allowedRoots'>,
  asked: string,
  extensions: string[],
  words: ReportTargetWords = { savedAs: `This report is saved as a ${extensions[0]} file`, visibleFolder: "the project's" },
): Promise<string> {
  const target = confinePath(ctx, asked, 'report file');
  const name = path.basename(asked);
  const want = extensions[0];
  if (!extensions.includes(path.extname(asked).toLowerCase())) throw new HostFailure('bad-path', `${words.savedAs} — save it as ${path.basename(asked, path.extname(asked))}${want}.`);
  if (!extensions.includes(path.extname(target).toLowerCase())) throw new HostFailure('bad-path', `${name} is a link to ${target}, which is not a ${want} file — choose another name.`);
  const root = ctx.allowedRoots
    .map(realPathLoose)
    .filter((r) => isWithin(r, target))
    .sort((a, b) => b.length - a.length)[0];
  const hidden = path
    .relative(root ?? path.dirname(target), path.dirname(target))
    .split(path.sep)
    .find((part) => part.startsWith('.') && part !== '.' && part !== '..');
  if (hidden) throw new HostFailure('bad-path', `Reports are not saved inside hidden folders (${hidden}) — choose a visible folder, such as ${words.visibleFolder}.`);
  const dir = path.dirname(target);
  const dirStat = await fs.stat(dir).catch(() => undefined);
  if (!dirStat?.isDirectory()) throw new HostFailure('not-found', `The folder ${dir} does not exist — choose an existing folder.`);
  const existing = await fs.lstat(target).catch(() => undefined);
  if (existing && !existing.isFile()) throw new HostFailure('bad-path', `${target} is a folder or a special file, not a report — choose another name.`);
  return target;
}

async function writeReport(target: string, data: string | Uint8Array): Promise<{ path: string; bytes: number }> {
  try {
    await atomicWrite(target, data, { backup: true });
  } catch (e) {
    throw new HostFailure('write-failed', `The report ${target} ${describeFileError(e, target, 'writing')} Nothing was changed.`);
  }
  return { path: target, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength };
}

export const handlers = defineHandlers(reportChannels, {
  'report.save': async (req, ctx) => writeReport(await reportFileTarget(ctx, req.path, HTML_EXTENSIONS), req.html),
  'report.savePdf': async (req, ctx) => {
    if (!ctx.printPdf) throw new HostFailure('unsupported', 'PDF is printed by the desktop app — save the HTML report and print it to PDF from a browser.');
    const target = await reportFileTarget(ctx, req.path, PDF_EXTENSIONS);
    return writeReport(target, await ctx.printPdf(req.html));
  },
});
