// Number formatting for the node faces and the status bar.

/** 61706 → "61.7K", 1.2e9 → "1.2G": compact counts for small node faces (exact value in the tooltip). */
export function compactCount(n: number): string {
  const abs = Math.abs(n);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [v, u] of units) if (abs >= v) return `${trim((n / v).toFixed(abs / v >= 100 ? 0 : abs / v >= 10 ? 1 : 2))}${u}`;
  return String(n);
}

const trim = (s: string) => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);

/** Exact count with digit grouping: 61706 → "61,706". */
export const groupedCount = (n: number, lang = 'en') => n.toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-US');

/** Bytes in binary units: 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : trim(v.toFixed(v >= 100 ? 0 : 1))} ${units[i]}`;
}
