// A map that keeps only its most recently used entries, within a count and a byte budget: past either, the
// least recently used entries go first. The host keeps its open datasets in one, so a long session that
// imports many datasets does not keep every one's pixels; a dropped dataset re-opens from its cache on disk.

export interface RecentlyUsedLimits<T> {
  maxEntries: number;
  maxBytes: number;
  /** What an entry holds now; read at every trim, so an entry may grow after it was added (pixels arriving). */
  bytesOf: (value: T) => number;
}

export class RecentlyUsed<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly limits: RecentlyUsedLimits<T>) {}

  /** The entry, now the most recently used one. */
  get(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Adds (or replaces) an entry as the most recently used one; older ones past the limits are dropped. */
  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    this.trim(key);
  }

  /**
   * Drops the least recently used entries until the count and the bytes fit. `keep` (the entry in use) is
   * never dropped, even when it alone is over the budget: the caller needs it now.
   */
  trim(keep?: string): void {
    let bytes = 0;
    for (const v of this.entries.values()) bytes += this.limits.bytesOf(v);
    for (const [key, value] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && bytes <= this.limits.maxBytes) break;
      if (key === keep) continue;
      this.entries.delete(key);
      bytes -= this.limits.bytesOf(value);
    }
  }

  /** Keys from least to most recently used. */
  keys(): string[] {
    return [...this.entries.keys()];
  }
}
