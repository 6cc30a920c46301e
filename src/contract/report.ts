// Channels of the HTML report (#18): the page builds the report (src/report/buildReport.ts) and the host
// writes it where the user chose, or (Electron) prints it to PDF. Listed in ./index.ts.
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';
import { PathSchema } from './primitives';

/** A report with 200 thumbnails and every chart is a few MB; the web host's body limit is 64 MB. */
export const REPORT_MAX_CHARS = 48 * 2 ** 20;

const ReportDocumentSchema = z.object({ path: PathSchema, html: z.string().min(1).max(REPORT_MAX_CHARS) });

export const reportChannels = defineChannels({
  /** Writes the report as one .html file (atomically: a crash leaves the old file or the new one whole). */
  'report.save': {
    request: ReportDocumentSchema,
    response: z.object({ path: z.string(), bytes: z.number().int() }),
  },
  /** Prints the report to a .pdf (Electron: Chromium's printToPDF of the page in a hidden window); other hosts answer 'unsupported'. */
  'report.savePdf': {
    request: ReportDocumentSchema,
    response: z.object({ path: z.string(), bytes: z.number().int() }),
  },
});
export const reportEvents = defineEvents({});
