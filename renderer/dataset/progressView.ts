// What the import's progress row says: a share of files with the rate while an image folder is decoded; while
// IDX or CIFAR-10 files are read whole there is no file count, so the bar is indeterminate and says so.
import type { DatasetImport } from './datasetImport';

export interface ProgressView {
  /** 0…1, or undefined for an indeterminate bar. */
  fraction?: number;
  text: { key: 'progress.scanning' | 'progress.count' | 'progress.reading'; values?: Record<string, number> };
}

export function progressView(p: NonNullable<DatasetImport['progress']>): ProgressView {
  if (p.phase === 'scan') return { text: { key: 'progress.scanning' } };
  if (p.total <= 0) return { text: { key: 'progress.reading' } };
  return { fraction: Math.min(1, p.done / p.total), text: { key: 'progress.count', values: { done: p.done, total: p.total, rate: Math.round(p.rate) } } };
}
