// The dataset for `cnn-studio train --data …`: the embedded MNIST, an IDX folder (MNIST/Fashion-MNIST
// layout, raw or .gz), or an image/CIFAR folder. Folders are read by the same loaders the app's dataset
// import uses (node/data/loadDataset), so an IDX folder trains on its train pair and validates on its t10k pair
// in both.
// Where a folder may be: a project file is a document someone may have sent, so its dataset path (relative to
// the project file) must stay inside the project's folder tree or the user's home folder — anything else has to
// be named on the command line with --data, where the user chose it. Either way the kernel's own filesystems
// (/proc, /sys, /dev and the like) are refused at once: scanning them takes minutes and reads no images.
import { promises as fs, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatasetFormat, ImportReport } from '../../src/contract/dataset';
import type { InMemoryDataset } from '../../src/data/dataset';
import type { DatasetRef } from '../../src/project/schema';
import { describeFileError, errorCode } from '../../node/fs/fileErrors';
import { defaultWorkspaceRoots } from '../security/pathGuard';
import { isWithin } from '../security/realPath';

export type DataArg =
  | { kind: 'mnist' }
  | {
      kind: DatasetFormat;
      path: string;
      /** Set when the path came from a project file (resolved against `projectDir`), not from --data. */
      fromProject?: { projectDir: string; written: string };
    };

export function dataArgFrom(flag: string | undefined, projectRef: DatasetRef, projectDir: string | undefined): DataArg {
  if (flag === undefined) {
    if (projectRef.kind === 'mnist' || !projectRef.path) return { kind: 'mnist' };
    const dir = path.resolve(projectDir ?? '.');
    return { kind: projectRef.kind, path: path.resolve(dir, projectRef.path), fromProject: { projectDir: dir, written: projectRef.path } };
  }
  if (flag === 'mnist') return { kind: 'mnist' };
  return { kind: 'folder', path: path.resolve(flag) }; // what the folder holds is detected by loadTrainingData
}

/** Mount points of the kernel's virtual filesystems: never a dataset, often endless or blocking to read. */
const SYSTEM_MOUNTS = ['/proc', '/sys', '/dev'];
/** statfs f_type of virtual filesystems (linux/magic.h), for one mounted elsewhere (a bind mount of /proc). */
const VIRTUAL_FS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x1cd1: 'devpts',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0xcafe4a11: 'bpf',
  0x62656570: 'configfs',
  0x6165676c: 'pstore',
  0xde5e81e4: 'efivarfs',
  0x65735543: 'fusectl',
  0x19800202: 'mqueue',
  0x42494e4d: 'binfmt_misc',
};

function virtualFilesystemOf(real: string): string | undefined {
  const mount = SYSTEM_MOUNTS.find((m) => isWithin(m, real));
  if (mount) return mount;
  try {
    return VIRTUAL_FS[statfsSync(real).type];
  } catch {
    return undefined;
  }
}

/**
 * The real path of the dataset folder `arg` names, once it is known to be an existing folder that is not on a
 * system filesystem and, for a project's path, inside the project's folder tree or the home folder.
 */
export async function confineDataFolder(arg: Extract<DataArg, { path: string }>, home = os.homedir()): Promise<string> {
  const named = arg.fromProject ? `The project's dataset path "${arg.fromProject.written}"` : `--data ${arg.path}`;
  const fix = arg.fromProject ? 'fix the path in the project, or pass the folder with --data' : 'give "mnist", an IDX folder or an image folder';
  let real: string;
  try {
    real = await fs.realpath(arg.path);
  } catch (e) {
    const where = arg.fromProject ? ` (${arg.path})` : '';
    if (errorCode(e) === 'ENOENT') throw new Error(`${named}${where}: no such folder — ${fix}.`);
    throw new Error(`${named}${where}: ${describeFileError(e, arg.path, 'opening')} Or ${fix}.`);
  }
  // Where it really is: the project's path resolved (links too), or where a --data path's links lead.
  const shownReal = arg.fromProject ? ` (${real})` : real !== path.resolve(arg.path) ? ` (it leads to ${real})` : '';
  const system = virtualFilesystemOf(real);
  if (system) throw new Error(`${named}${shownReal} is on ${system}, a system filesystem, not a dataset folder — ${fix}.`);
  const stat = await fs.stat(real).catch(() => undefined);
  if (!stat?.isDirectory()) throw new Error(`${named}${shownReal} is not a folder — ${fix}.`);
  if (arg.fromProject) {
    const projectReal = await fs.realpath(arg.fromProject.projectDir).catch(() => arg.fromProject!.projectDir);
    const homeReal = await fs.realpath(home).catch(() => home);
    if (!isWithin(projectReal, real) && !isWithin(homeReal, real))
      throw new Error(`${named}${shownReal} is outside the project's folder (${projectReal}) and your home folder — a project file cannot send training there; pass it with --data ${real} if you mean it.`);
  }
  return real;
}

export async function loadTrainingData(
  arg: DataArg,
  input?: { height?: number; width?: number; channels?: 1 | 3 },
): Promise<{ dataset: InMemoryDataset; source: string; report?: ImportReport }> {
  if (arg.kind === 'mnist') {
    const { loadMnist } = await import('../../node/data/ensureMnist');
    return { dataset: await loadMnist(), source: 'embedded MNIST (10,000 digits)' };
  }
  const folder = await confineDataFolder(arg);
  const { detectFolderFormat, loadDataset, loadIdxFolder } = await import('../../node/data/loadDataset');
  // A folder given on the command line may hold IDX or CIFAR files; a project's 'idx'/'cifar10' reference says so.
  const format = arg.kind === 'folder' ? await detectFolderFormat(folder) : arg.kind;
  if (format === 'idx') {
    const { dataset, files } = await loadIdxFolder(folder);
    return { dataset, source: `IDX ${files.train.images} + ${files.train.labels}` };
  }
  // Image folders decode at the graph Input's size through the cache; CIFAR batches are read whole. An image
  // folder's links may lead where the app may read by default (home, temp) besides the folder itself.
  const limits = format === 'folder' ? { allowedRoots: [folder, ...defaultWorkspaceRoots()] } : {};
  const r = await loadDataset({ kind: format, path: folder, ...input }, undefined, limits);
  return { dataset: r.dataset, source: `folder ${arg.path}`, ...(r.result?.report ? { report: r.result.report } : {}) };
}

/** Skipped files printed before the list is cut short; all of them are in the run folder's import-report.json. */
const SKIPPED_SHOWN = 20;

/**
 * The image-folder import's report as the app's Dataset tab gives it: each skipped file and why, and the warnings
 * (imbalance, empty classes). Nothing when every file was imported and there is nothing to warn about.
 */
export function importReportLines(report: ImportReport): string[] {
  const lines: string[] = [];
  if (report.skipped.length) {
    lines.push(`import: ${report.skipped.length.toLocaleString('en-US')} of ${report.files.toLocaleString('en-US')} files skipped (${report.imported.toLocaleString('en-US')} imported):`);
    for (const s of report.skipped.slice(0, SKIPPED_SHOWN)) lines.push(`  ${s.path} — ${s.reason}`);
    if (report.skipped.length > SKIPPED_SHOWN) lines.push(`  … and ${(report.skipped.length - SKIPPED_SHOWN).toLocaleString('en-US')} more (every one is in import-report.json in the run folder)`);
  }
  for (const w of report.warnings) lines.push(`import: warning: ${w.message}`);
  return lines;
}
