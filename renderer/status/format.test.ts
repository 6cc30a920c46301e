import { describe, expect, it } from 'vitest';
import { compactCount, formatBytes, groupedCount } from './format';

describe('formatting', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1K'],
    [61706, '61.7K'],
    [431080, '431K'],
    [1_234_567, '1.23M'],
    [2.5e9, '2.5G'],
  ])('compactCount(%d) = %s', (n, s) => expect(compactCount(n)).toBe(s));

  it.each([
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [28 * 28 * 6 * 4, '18.4 KiB'],
    [3 * 1048576, '3 MiB'],
  ])('formatBytes(%d) = %s', (n, s) => expect(formatBytes(n)).toBe(s));

  it('groups digits', () => expect(groupedCount(61706)).toBe('61,706'));
});
