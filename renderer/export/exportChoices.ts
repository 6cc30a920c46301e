// Pure helpers of the export panel: the formats in display order, which need trained weights, the default
// folder (beside the project file: <project dir>/<name>-<format>), and a human byte size.
import { ExportFormatSchema, type ExportFormatName } from '../../src/contract/export';

export type { ExportFormatName };
export const EXPORT_FORMAT_NAMES: readonly ExportFormatName[] = ExportFormatSchema.options;

export const needsWeights = (f: ExportFormatName) => f !== 'svg' && f !== 'png';

export function defaultExportDir(projectPath: string | undefined, name: string, format: ExportFormatName): string {
  if (!projectPath) return '';
  const sep = projectPath.includes('\\') && !projectPath.includes('/') ? '\\' : '/';
  const dir = projectPath.slice(0, projectPath.lastIndexOf(sep));
  const stem = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
  return `${dir}${sep}${stem}-${format}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
