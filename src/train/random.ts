// Seeded random numbers so a split or shuffle is the same on every run with the same seed.
// mulberry32 (Tommy Ettinger, 2017): 32-bit state, full period, good enough for shuffling.
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates in place. */
export function shuffleInPlace<T>(a: T[] | Int32Array, rand: Random): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/**
 * Runs `fn` (synchronous) with Math.random drawing from mulberry32(seed), then puts it back. tfjs's initialisers
 * and dropout seed their own generator (alea) from Math.random when given no seed, so a model built inside this
 * starts from the same weights for the same seed, whatever its layer types: a fresh run is repeatable.
 */
export function withSeededRandom<T>(seed: number | Random, fn: () => T): T {
  const saved = Math.random;
  Math.random = typeof seed === 'number' ? mulberry32(seed) : seed;
  try {
    return fn();
  } finally {
    Math.random = saved;
  }
}
