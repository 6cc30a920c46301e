// Finds a Python interpreter that can import the given modules. On these machines `python3` on PATH is not
// Debian's /usr/bin/python3 (where python3-torch and safetensors live), so both are tried, with
// CNN_PYTHON first when set. Used by the tests that run exports in numpy / PyTorch.
import { spawnSync } from 'node:child_process';

const CANDIDATES = [process.env.CNN_PYTHON, '/usr/bin/python3', 'python3', 'python'].filter((p): p is string => Boolean(p));
const found = new Map<string, string | undefined>();

/** The first interpreter that imports every module in `modules`, or undefined when none does. */
export function findPython(modules: readonly string[] = []): string | undefined {
  const key = modules.join(',');
  if (!found.has(key)) {
    const probe = modules.length ? `import ${modules.join(', ')}` : 'pass';
    found.set(key, CANDIDATES.find((py) => spawnSync(py, ['-c', probe], { encoding: 'utf8', timeout: 60_000 }).status === 0));
  }
  return found.get(key);
}
