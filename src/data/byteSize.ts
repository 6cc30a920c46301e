// Byte counts in the messages of the data readers' limits ("over the 1024 MiB limit"): binary units, since the
// limits are powers of two and a user comparing with `ls -lh` or a file manager sees the same numbers.
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

export function formatBytes(n: number): string {
  if (n < KiB) return `${n} bytes`;
  if (n < MiB) return `${(n / KiB).toFixed(n < 10 * KiB ? 1 : 0)} KiB`;
  if (n < GiB) return `${(n / MiB).toFixed(n < 10 * MiB ? 1 : 0)} MiB`;
  return `${(n / GiB).toFixed(1)} GiB`;
}
