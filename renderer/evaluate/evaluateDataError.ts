// A failure of choosing the data that the view shows translated: `t(key, args)` in the evaluate namespace.
export class EvaluateDataError extends Error {
  constructor(
    readonly key: string,
    readonly args: Record<string, string | number>,
  ) {
    super(key);
  }
}

