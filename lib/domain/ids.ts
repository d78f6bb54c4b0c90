import * as z from './zod.js';

// Ids travel in URLs and DynamoDB keys: a conservative alphabet keeps both safe, and leaves `~`
// free as the separator of composite ids (assignment `customer~departedAgent`, visit `assignment~n`).
export const Id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, - or _'));
export type Id = z.infer<typeof Id>;

/** Calendar date `YYYY-MM-DD` that exists (2026-02-30 fails). */
export const IsoDate = z.iso.date();
export type IsoDate = z.infer<typeof IsoDate>;

/** A date as people upload it: `YYYY-MM-DD`, or an ISO instant whose date part is taken. */
export const InputDate = z.pipe(
  z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'must be a date YYYY-MM-DD' }),
  z.transform((v: string) => v.slice(0, 10)),
);

/** Instant as an ISO-8601 string with offset, e.g. `2026-11-23T08:00:00.000Z`. */
export const IsoInstant = z.iso.datetime({ offset: true });

export const ASSIGNMENT_SEPARATOR = '~';

/** The assignment id of a customer orphaned by one departure: deterministic, so a repeated departure finds it. */
export function assignmentId(customerId: string, departedAgentId: string): string {
  return `${customerId}${ASSIGNMENT_SEPARATOR}${departedAgentId}`;
}

/** Splits an assignment id; undefined when it is not one. */
export function parseAssignmentId(id: string): { customerId: string; departedAgentId: string } | undefined {
  const parts = id.split(ASSIGNMENT_SEPARATOR);
  if (parts.length !== 2) return undefined;
  const [customerId, departedAgentId] = parts as [string, string];
  if (!Id.safeParse(customerId).success || !Id.safeParse(departedAgentId).success) return undefined;
  return { customerId, departedAgentId };
}

/** The id of visit `n` (1-3) of an assignment. */
export function visitId(assignment: string, n: number): string {
  return `${assignment}${ASSIGNMENT_SEPARATOR}${n}`;
}

/** Splits a visit id; undefined when it is not one. */
export function parseVisitId(id: string): { assignmentId: string; customerId: string; number: 1 | 2 | 3 } | undefined {
  const cut = id.lastIndexOf(ASSIGNMENT_SEPARATOR);
  if (cut < 0) return undefined;
  const assignment = parseAssignmentId(id.slice(0, cut));
  const n = Number(id.slice(cut + 1));
  if (!assignment || (n !== 1 && n !== 2 && n !== 3)) return undefined;
  return { assignmentId: id.slice(0, cut), customerId: assignment.customerId, number: n };
}

/** zod schema of an assignment id (`customer~departedAgent`). */
export const AssignmentRef = z.string().check(z.refine((v) => parseAssignmentId(v) !== undefined, 'must be an assignment id like C000001~S0045'));
