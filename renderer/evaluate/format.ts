// Number formats the Evaluate view shares: percentages, and a metric that can be missing (AUC of a class with
// no positives) shown as a dash.
export const pct = (x: number, digits = 1): string => (Number.isFinite(x) ? (x * 100).toFixed(digits) : '—');
export const fixed = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
