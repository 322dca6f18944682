/**
 * Shape comparison against Microsoft's published examples: a value conforms to an example when every field it has
 * exists in the example with the same kind (number, boolean, string, a date without time, a date-time, object,
 * array). Strings keep their kind: a date where the example has a date, a date-time where it has a date-time, so
 * "dates without a time in lists" and "amounts as JSON numbers" are checked, not assumed. `null` in the value
 * matches anything (Azure sends nulls freely); `null` in the example says nothing about the kind.
 */
type Kind = 'null' | 'number' | 'boolean' | 'date' | 'date-time' | 'string' | 'array' | 'object';

export function kindOf(value: unknown): Kind {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'date' : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? 'date-time' : 'string';
  return Array.isArray(value) ? 'array' : 'object';
}

/** The problems (empty: none) of `value` against `example`, each naming its JSON path. */
export function shapeProblems(value: unknown, example: unknown, path = '$'): string[] {
  const valueKind = kindOf(value);
  const exampleKind = kindOf(example);
  if (valueKind === 'null' || exampleKind === 'null') return [];
  if (exampleKind === 'string') {
    return valueKind === 'string' || valueKind === 'date' || valueKind === 'date-time' ? [] : [`${path}: ${valueKind} where the example has a string`];
  }
  if (valueKind !== exampleKind) return [`${path}: ${valueKind} where the example has a ${exampleKind}`];
  if (valueKind === 'array') {
    const merged = mergeElements(example as unknown[]);
    return (value as unknown[]).flatMap((item, i) => (merged === undefined ? [] : shapeProblems(item, merged, `${path}[${i}]`)));
  }
  if (valueKind === 'object') {
    const known = example as Record<string, unknown>;
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
      key in known ? shapeProblems(item, known[key], `${path}.${key}`) : [`${path}.${key}: not in the example`],
    );
  }
  return [];
}

/** The fields of `value` at the given dotted paths that are missing (a request without what the example sends). */
export function missingPaths(value: unknown, paths: readonly string[]): string[] {
  return paths.filter((p) => {
    let at: unknown = value;
    for (const key of p.split('.')) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
    return at === undefined || at === null;
  });
}

/** The example's array elements as one shape: objects merged key by key (the first non-null sample wins). */
function mergeElements(items: unknown[]): unknown {
  const present = items.filter((i) => i !== null && i !== undefined);
  if (present.length === 0) return undefined;
  if (kindOf(present[0]) !== 'object') return present[0];
  const merged: Record<string, unknown> = {};
  for (const item of present as Array<Record<string, unknown>>) {
    for (const [key, v] of Object.entries(item)) {
      if (!(key in merged) || kindOf(merged[key]) === 'null') merged[key] = v;
      else if (kindOf(v) === 'object' && kindOf(merged[key]) === 'object') merged[key] = mergeElements([merged[key], v]);
      else if (kindOf(v) === 'array' && kindOf(merged[key]) === 'array') merged[key] = [...(merged[key] as unknown[]), ...(v as unknown[])];
    }
  }
  return merged;
}
