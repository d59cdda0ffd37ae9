/**
 * How deeply a JSON body nests, found without recursion, so that a body nested 100,000 levels deep is
 * refused with the path where it goes too deep instead of overflowing the stack of a later check.
 */

/** Levels of objects and arrays a body may have; Apono's events need fewer than ten. */
export const MAX_JSON_DEPTH = 64;

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: string | number | undefined;
}

/** The JSON path of the first object or array nested deeper than `limit`, or undefined when there is none. */
export function tooDeepAt(value: unknown, limit: number = MAX_JSON_DEPTH): string | undefined {
  const stack: Frame[] = [{ value, depth: 1, parent: undefined, key: undefined }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (typeof frame.value !== 'object' || frame.value === null) continue;
    if (frame.depth > limit) return pathOf(frame);
    const entries: Array<[string | number, unknown]> = Array.isArray(frame.value) ? frame.value.map((item, index) => [index, item]) : Object.entries(frame.value);
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, child] = entries[index] as [string | number, unknown];
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: frame.depth + 1, parent: frame, key });
    }
  }
  return undefined;
}

function pathOf(frame: Frame): string {
  const keys: Array<string | number> = [];
  for (let current: Frame | undefined = frame; current?.key !== undefined; current = current.parent) keys.push(current.key);
  return keys.reverse().reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`), '$');
}
