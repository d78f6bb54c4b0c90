import { ValidationError, type FieldIssue } from '../../domain/errors.js';
import type { Caller } from '../../domain/scope.js';
import { StaffBatch, type Staff } from '../../domain/staff.js';
import { parseInput } from '../../domain/validation.js';
import type { Store } from '../../ports/store.js';
import { requireRole } from '../shared/require-role.js';

// upsertStaff: an admin loads staff from HR in bulk (up to 1,000 a call).
// The whole batch is validated before anything is written (all-or-nothing): shape and duplicate ids.
// A supervisorId naming nobody yet is accepted (HR may send teams in any order) and reported back.

export interface UpsertStaffDeps {
  store: Store;
}

export async function upsertStaff({ store }: UpsertStaffDeps, caller: Caller, body: unknown): Promise<{ upserted: number; warnings?: FieldIssue[] }> {
  requireRole(caller, ['admin']);
  const staff = parseInput(StaffBatch, body);
  assertUniqueIds(staff.map((s) => s.id));

  const inBatch = new Set(staff.map((s) => s.id));
  const outside = [...new Set(staff.map((s) => s.supervisorId).filter((id): id is string => !!id && !inBatch.has(id)))];
  const stored = outside.length ? await store.getStaff(outside) : new Map<string, Staff>();
  const warnings = staff.flatMap((s, i) =>
    s.supervisorId && !inBatch.has(s.supervisorId) && !stored.has(s.supervisorId)
      ? [{ path: `[${i}].supervisorId`, message: `no staff ${s.supervisorId} yet` }]
      : [],
  );

  await store.putStaff(staff);
  return { upserted: staff.length, ...(warnings.length ? { warnings } : {}) };
}

/** Throws a 400 naming the second occurrence of any id. */
export function assertUniqueIds(ids: readonly string[]): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) throw new ValidationError([{ path: `[${i}].id`, message: `duplicate id ${id} in this batch` }]);
    seen.add(id);
  });
}
