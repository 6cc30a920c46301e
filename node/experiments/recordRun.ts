// Keeping a run with its project (#17 Runs) from Node (the CLI): where its folder goes beside the project file,
// its run.json, and appending the record to the project file — re-read just before writing, so edits saved
// meanwhile (the app, another run) are kept, and written atomically (a kill leaves the old file or the new one).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { atomicWrite } from '../fs/atomicWrite';
import { parseProjectFile, serializeProjectFile } from '../../src/project/projectFile';
import { RunRecordSchema, type RunRecord } from '../../src/experiments/runRecord';

export const RUN_JSON = 'run.json';

/** `<project name>.runs/<run id>` beside the project file: the absolute folder and the record's weightsPath ('/' separators). */
export function runFolderFor(projectPath: string, runId: string): { dir: string; weightsPath: string } {
  const base = path.basename(projectPath).replace(/\.cnnproj$/i, '');
  const rel = `${base}.runs/${runId}`;
  return { dir: path.join(path.dirname(path.resolve(projectPath)), `${base}.runs`, runId), weightsPath: rel };
}

/** The run.json text of a record (validated, so a file written is one RunRecordSchema reads back). */
export function runJsonText(run: RunRecord): string {
  return `${JSON.stringify(RunRecordSchema.parse(run), null, 2)}\n`;
}

/** Appends `run` to the project file's runs (replacing a record with the same id). */
export async function appendRunToProject(projectPath: string, run: RunRecord): Promise<{ ok: true } | { ok: false; message: string }> {
  let text: string;
  try {
    text = await fs.readFile(projectPath, 'utf8');
  } catch (e) {
    return { ok: false, message: `Could not read ${projectPath} to record the run: ${(e as Error).message}` };
  }
  const parsed = parseProjectFile(text);
  if (!parsed.ok) return { ok: false, message: `Could not record the run in ${projectPath}: ${parsed.error.message}` };
  const runs = (parsed.doc.runs ?? []).filter((r) => r.id !== run.id);
  try {
    await atomicWrite(projectPath, serializeProjectFile({ ...parsed.doc, runs: [...runs, RunRecordSchema.parse(run)] }), { backup: true });
  } catch (e) {
    return { ok: false, message: `Could not write ${projectPath}: ${(e as Error).message}` };
  }
  return { ok: true };
}
