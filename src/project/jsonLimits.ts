// Structural limits on parsed project JSON, checked in one pass before the schema: zod validates every
// element of an oversized array before its max() applies (a 20 MB file of 9 M zeros took 16 s), so the
// sizes are counted first. The same pass removes own `__proto__` keys (JSON.parse makes them plain data,
// but a later spread or merge could turn them into a prototype change).

export interface JsonLimits {
  /** Longest array anywhere (graphs allow 20,000 nodes and 50,000 edges). */
  maxArrayLength: number;
  /** Most keys in one object (layer params have a handful). */
  maxObjectKeys: number;
  /** All values in the document together. */
  maxValues: number;
}

export const PROJECT_JSON_LIMITS: JsonLimits = { maxArrayLength: 100_000, maxObjectKeys: 10_000, maxValues: 2_000_000 };

/** Where the first limit is broken ("graph.nodes has 9000000 items, limit 100000"), or undefined. */
export function checkJsonLimits(root: unknown, limits: JsonLimits = PROJECT_JSON_LIMITS): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value: root, path: '(document)' }];
  let values = 0;
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (++values > limits.maxValues) return `the file holds more than ${limits.maxValues.toLocaleString('en')} values`;
    if (typeof value !== 'object' || value === null) continue;
    const at = (key: string | number) => (path === '(document)' ? String(key) : `${path}.${key}`);
    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayLength) return `${path} has ${value.length.toLocaleString('en')} items (limit ${limits.maxArrayLength.toLocaleString('en')})`;
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: at(i) });
      continue;
    }
    const obj = value as Record<string, unknown>;
    if (Object.hasOwn(obj, '__proto__')) delete obj.__proto__;
    const keys = Object.keys(obj);
    if (keys.length > limits.maxObjectKeys) return `${path} has ${keys.length.toLocaleString('en')} keys (limit ${limits.maxObjectKeys.toLocaleString('en')})`;
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: obj[keys[i]], path: at(keys[i]) });
  }
  return undefined;
}

/**
 * The same limits read off the raw text in one pass, before JSON.parse (which alone takes seconds on
 * millions of values): nesting depth, items per array, keys per object, values in all. Strings are skipped.
 */
export function scanJsonText(text: string, maxDepth: number, limits: JsonLimits = PROJECT_JSON_LIMITS): { code: 'too-deep' | 'too-large'; detail: string } | undefined {
  const isArray: boolean[] = [];
  const items: number[] = [];
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91 /* { [ */) {
      if (isArray.length >= maxDepth) return { code: 'too-deep', detail: `more than ${maxDepth} levels` };
      isArray.push(c === 91);
      items.push(1);
    } else if (c === 125 || c === 93 /* } ] */) {
      isArray.pop();
      items.pop();
    } else if (c === 44 /* , */ && items.length) {
      const d = items.length - 1;
      const n = ++items[d];
      const limit = isArray[d] ? limits.maxArrayLength : limits.maxObjectKeys;
      if (n > limit) return { code: 'too-large', detail: `an ${isArray[d] ? 'array has more than ' + limit.toLocaleString('en') + ' items' : 'object has more than ' + limit.toLocaleString('en') + ' keys'}` };
      if (++values > limits.maxValues) return { code: 'too-large', detail: `the file holds more than ${limits.maxValues.toLocaleString('en')} values` };
    }
  }
  return undefined;
}

/** UTF-8 byte length without allocating the encoded copy; stops counting once past `limit`. */
export function utf8Length(text: string, limit = Infinity): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
