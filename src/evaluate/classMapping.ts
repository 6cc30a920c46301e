// Which output unit each class of the evaluation data is (#18: "classes by folder name"). Where the weights
// record the names they were trained with, the data's classes are matched by name — any order, and a folder
// holding only some of the classes still evaluates; otherwise the counts must agree and class k is output k.

export type ClassMapping =
  /** `toOutput[k]` = the output unit of data class k; `classNames` = the outputs' names; `note` where worth saying. */
  | { ok: true; toOutput: number[]; classNames: string[]; note?: string }
  | { ok: false; message: string };

/** Up to 12 names, then how many in all: a 1000-class list does not fill the terminal. */
export function nameList(names: readonly string[]): string {
  return names.length <= 12 ? names.join(', ') : `${names.slice(0, 10).join(', ')}, … (${names.length} in all)`;
}

/**
 * @param dataClasses the data's class names (folder names), in the data's label order
 * @param outputs     the network's output units
 * @param trained     the class names the weights were trained with, when recorded (model.json / metrics.json)
 * @param fallback    names for the outputs when none are recorded (the project's, MNIST's digits, else 0 … n−1)
 */
export function mapClasses(dataClasses: readonly string[], outputs: number, trained: readonly string[] | undefined, fallback: readonly string[]): ClassMapping {
  const recorded = trained && trained.length === outputs ? [...trained] : undefined;
  const outputNames = recorded ?? Array.from({ length: outputs }, (_, k) => fallback[k] ?? String(k));
  const countMismatch = (): ClassMapping => ({
    ok: false,
    message:
      `the data has ${dataClasses.length} class${dataClasses.length === 1 ? '' : 'es'} (${nameList(dataClasses)}) but the network has ${outputs} outputs` +
      `${recorded ? ` (trained on ${nameList(recorded)})` : ''} — give data with one subfolder per class the network was trained on, named as those classes, ` +
      `or set the Output node to ${dataClasses.length} classes and train again.`,
  });
  if (recorded) {
    const toOutput = dataClasses.map((name) => recorded.indexOf(name));
    const unknown = dataClasses.filter((_n, k) => toOutput[k] < 0);
    if (unknown.length === 0) {
      const identity = toOutput.length === outputs && toOutput.every((o, k) => o === k);
      const note = identity
        ? undefined
        : dataClasses.length < outputs
          ? `the data holds ${dataClasses.length} of the network's ${outputs} classes; matched by name.`
          : 'the data lists the classes in another order than the network; matched by name.';
      return { ok: true, toOutput, classNames: recorded, ...(note ? { note } : {}) };
    }
    if (dataClasses.length !== outputs) return countMismatch();
    return {
      ok: false,
      message: `the data's classes ${nameList(unknown)} are not among the classes the weights were trained on (${nameList(recorded)}) — name the data's class folders as the network's classes.`,
    };
  }
  if (dataClasses.length !== outputs) return countMismatch();
  const sameNames = dataClasses.every((name, k) => name === outputNames[k]);
  return {
    ok: true,
    toOutput: dataClasses.map((_n, k) => k),
    classNames: [...dataClasses],
    ...(sameNames ? {} : { note: `the weights do not record their class names; data class k is taken as output k (${dataClasses[0]} = output 0, …).` }),
  };
}
