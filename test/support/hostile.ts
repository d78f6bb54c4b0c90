import fc from 'fast-check';

// Hostile input for the fuzz tests: wrong types, huge and deeply nested values, unicode edge cases
// and prototype keys, as values, as raw JSON text and as path or query strings.

const UNICODE_EDGES = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\u202e',
  '\u200d',
  '\ufeff',
  '\uffff',
  'é',
  '👩‍👩‍👧',
  '𠜎',
  'Ω',
  ' ',
  '',
  '\n\r\t',
  '%00',
  '../../etc/passwd',
];

/** Strings a field should never trust. */
export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...UNICODE_EDGES),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
    fc.integer({ min: 1000, max: 120_000 }).map((n) => 'x'.repeat(n)),
    fc.constantFrom("' OR 1=1 --", '<script>alert(1)</script>', '${7*7}', '{{7*7}}', 'A0~A0~A0', '~', '#', 'CUST#W-001'),
  );

/** Any JSON value of the wrong kind: nulls, numbers at the edges, arrays, objects. */
export const hostileValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    hostileString(),
    fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, [], {}),
    fc.jsonValue({ maxDepth: 4 }),
    fc.array(fc.string({ maxLength: 8 }), { minLength: 0, maxLength: 2000 }),
  );

/** JSON text a parser might choke on: prototype keys, deep nesting, huge numbers, broken syntax. */
export const hostileJsonText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '{"__proto__":{"admin":true,"role":"admin"}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '[{"__proto__":{"id":"x"}}]',
      '1e309',
      '-1e309',
      '"\\ud800"',
      '{"a":1,"a":2}',
      '{',
      '[1,2,',
      'null',
      '',
      'undefined',
      'NaN',
      '\u0000',
      '{"ids":"not-an-array"}',
    ),
    fc.integer({ min: 100, max: 20_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
    fc.integer({ min: 100, max: 5_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
    fc.string({ maxLength: 200 }),
  );

/** A valid value with one field replaced, removed or joined by a prototype key, at any depth. */
export function mutate(valid: unknown): fc.Arbitrary<unknown> {
  if (valid === null || typeof valid !== 'object') return hostileValue();
  const entries = Array.isArray(valid) ? valid.map((v, i) => [String(i), v] as const) : Object.entries(valid as Record<string, unknown>);
  if (!entries.length) return hostileValue();
  return fc.tuple(fc.nat({ max: entries.length - 1 }), fc.nat({ max: 3 })).chain(([index, how]) => {
    const [name, inner] = entries[index]!;
    const copy: Record<string, unknown> | unknown[] = Array.isArray(valid) ? [...(valid as unknown[])] : { ...(valid as Record<string, unknown>) };
    const set = (value: unknown) => {
      if (Array.isArray(copy)) copy[Number(name)] = value;
      else copy[name] = value;
      return copy;
    };
    if (how === 0) return hostileValue().map(set);
    if (how === 1) return mutate(inner).map(set);
    if (how === 2) {
      if (Array.isArray(copy)) return fc.constant(copy.filter((_, i) => i !== index));
      const { [name]: _dropped, ...rest } = copy;
      return fc.constant(rest);
    }
    // An own `__proto__` or `constructor` key, as JSON.parse would make it.
    return fc.constantFrom('__proto__', 'constructor').map((k) => Object.assign(JSON.parse(`{"${k}":{"polluted":true}}`) as object, copy));
  });
}
