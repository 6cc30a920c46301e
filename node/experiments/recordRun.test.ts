// Recording a CLI run with its project: the folder beside the file, run.json that reads back, and an append
// that keeps edits saved to the file meanwhile and the runs already there.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendRunToProject, runFolderFor, runJsonText } from './recordRun';
import { buildRunRecord, RunRecordSchema } from '../../src/experiments/runRecord';
import { findTemplate } from '../../src/project/templates';
import { parseProjectFile, serializeProjectFile } from '../../src/project/projectFile';

const lenet = async () => (await findTemplate('lenet5'))!.makeDoc();
const record = async (id: string) => {
  const doc = await lenet();
  return buildRunRecord({
    id, name: 'Run 1', startedAt: new Date('2026-12-02T09:05:07Z'), origin: 'cli', graph: doc.graph, settings: doc.training,
    dataset: { ref: doc.dataset, trainSamples: 80, validationSamples: 20, limit: 100 }, init: { kind: 'fresh' }, backend: { name: 'cpu' }, params: 61706,
    outcome: { status: 'completed', history: [{ epoch: 0, loss: 1, acc: 0.5, valLoss: 1.1, valAcc: 0.4, seconds: 1, learningRate: 0.001 }], seconds: 1, samplesPerSec: 80 },
  });
};

describe('recordRun', () => {
  it('puts the run folder beside the project file, relative with / separators', () => {
    const r = runFolderFor(path.join('/tmp', 'x', 'lenet.cnnproj'), 'r1');
    expect(r).toEqual({ dir: path.join('/tmp', 'x', 'lenet.runs', 'r1'), weightsPath: 'lenet.runs/r1' });
  });

  it('writes run.json text RunRecordSchema reads back', async () => {
    const run = await record('r20261202-090507-abcd');
    expect(RunRecordSchema.parse(JSON.parse(runJsonText(run)))).toEqual(run);
  });

  it('appends runs, keeping edits saved to the file meanwhile', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'record-run-'));
    const file = path.join(dir, 'lenet.cnnproj');
    await fs.writeFile(file, serializeProjectFile(await lenet()));
    expect(await appendRunToProject(file, await record('r1'))).toEqual({ ok: true });
    // Someone renames the project between the two runs: the second append must keep that.
    const mid = parseProjectFile(await fs.readFile(file, 'utf8'));
    if (!mid.ok) throw new Error(mid.error.message);
    await fs.writeFile(file, serializeProjectFile({ ...mid.doc, name: 'Renamed' }));
    expect(await appendRunToProject(file, await record('r2'))).toEqual({ ok: true });
    const after = parseProjectFile(await fs.readFile(file, 'utf8'));
    if (!after.ok) throw new Error(after.error.message);
    expect(after.doc.name).toBe('Renamed');
    expect(after.doc.runs?.map((r) => r.id)).toEqual(['r1', 'r2']);
  });

  it('refuses a file that is not a project, saying why', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'record-run-'));
    const file = path.join(dir, 'bad.cnnproj');
    await fs.writeFile(file, '');
    const r = await appendRunToProject(file, await record('r1'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/empty/);
  });
});
