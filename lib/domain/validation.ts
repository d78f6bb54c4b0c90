import * as z from './zod.js';
import { ValidationError, type FieldIssue } from './errors.js';

// Every input crosses one zod parse; a failure becomes a ValidationError whose paths read like
// the JSON they point into (`[3].policies[0].issuedOn`), so a 400 names the exact field.

/** `['a', 0, 'b']` -> `a[0].b`; `[3, 'phone']` -> `[3].phone`. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Parses `input` or throws a ValidationError naming every failing field under `prefix`. */
export function parseInput<S extends z.core.$ZodType>(schema: S, input: unknown, prefix = ''): z.infer<S> {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    path: formatPath(issue.path, prefix) || prefix || 'body',
    message: issue.message,
  }));
  throw new ValidationError(issues);
}
