// How an exported model's input is scaled from pixels, written into every export's metadata and docs:
// x = (pixel/255 − mean)/std per channel, the normalisation the weights were trained with.
export interface InputNormalization {
  mean: number[];
  std: number[];
}

export const isIdentityNormalization = (n?: InputNormalization): boolean => !n || (n.mean.every((m) => m === 0) && n.std.every((s) => s === 1));

const list = (v: number[]) => `[${v.map((x) => +x.toFixed(6)).join(', ')}]`;

/** 'pixel / 255', or '(pixel / 255 − mean) / std, mean [..], std [..] per channel'. */
export function describeInputScale(n?: InputNormalization): string {
  return isIdentityNormalization(n) ? 'pixel / 255' : `(pixel / 255 - mean) / std per channel, mean ${list(n!.mean)}, std ${list(n!.std)}`;
}
