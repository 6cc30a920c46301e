// A model file that cannot become a CNN Studio graph: the message names what was found and what to do;
// `unsupported` lists every op / layer class with no counterpart (all of them, not just the first).
export class ImportError extends Error {
  constructor(
    message: string,
    readonly unsupported: string[] = [],
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

export function unsupportedError(kind: string, names: string[]): ImportError {
  const list = [...new Set(names)].sort();
  return new ImportError(
    `This ${kind} uses ${list.length === 1 ? 'an operation' : `${list.length} operations`} CNN Studio has no layer for: ${list.join(', ')}. ` +
      'Nothing was imported — remove or replace those layers in the original model and export it again.',
    list,
  );
}
