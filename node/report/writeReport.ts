// Writes a built report (src/report/buildReport.ts) to disk crash-safely: a temp file beside the target,
// fsynced, renamed over it (node/fs/atomicWrite.ts), so a killed write never leaves half a report.
import path from 'node:path';
import { atomicWrite } from '../fs/atomicWrite';

/** The report at `file` (UTF-8); its folder must exist. Returns the absolute path written. */
export async function writeReportFile(file: string, html: string): Promise<string> {
  const target = path.resolve(file);
  await atomicWrite(target, html);
  return target;
}
