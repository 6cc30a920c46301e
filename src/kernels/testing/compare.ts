// Shared by the kernel tests: how far a result is from a reference, and numerical gradients to check an
// analytic one (central differences, error O(h²)).

/** max |a − e| / max |e|: the error relative to the reference's scale (robust to entries near zero). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  let scale = 1e-12;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return worst / scale;
}

/** ∂loss/∂v[i] for every i by (loss(v + h·eᵢ) − loss(v − h·eᵢ)) / 2h; `v` is restored after each probe. */
export function centralDifferences(v: Float64Array, loss: () => number, h = 1e-4): number[] {
  return Array.from(v, (_, i) => {
    const keep = v[i];
    v[i] = keep + h;
    const up = loss();
    v[i] = keep - h;
    const down = loss();
    v[i] = keep;
    return (up - down) / (2 * h);
  });
}
