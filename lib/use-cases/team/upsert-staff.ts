import { ValidationError, type FieldIssue } from '../../domain/errors.js';
import type { Caller } from '../../domain/scope.js';
import { signInChanges } from '../../domain/sign-in.js';
import { StaffBatch, type Staff } from '../../domain/staff.js';
import { parseInput } from '../../domain/validation.js';
import type { StaffDirectory } from '../../ports/staff-directory.js';
import type { Store } from '../../ports/store.js';
import { requireRole } from '../shared/require-role.js';

// upsertStaff: an admin loads staff from HR in bulk (up to 1,000 a call); sign-in follows the upload.
// The whole batch is validated before anything is written (all-or-nothing): shape and duplicate ids.
// Members whose role, name, e-mail or status changed (or who are new) are brought in line in the
// staff directory first; one it could not update is stored as pending and retried by the next upload.
// A supervisorId naming nobody yet is accepted (HR may send teams in any order) and reported back.

export interface UpsertStaffDeps {
  store: Store;
  directory: StaffDirectory;
}

export async function upsertStaff(
  { store, directory }: UpsertStaffDeps,
  caller: Caller,
  body: unknown,
): Promise<{ upserted: number; warnings?: FieldIssue[] }> {
  requireRole(caller, ['admin']);
  const staff = parseInput(StaffBatch, body);
  assertUniqueIds(staff.map((s) => s.id));

  const inBatch = new Set(staff.map((s) => s.id));
  const outside = staff.map((s) => s.supervisorId).filter((id): id is string => !!id && !inBatch.has(id));
  // One read gives both the records before this upload (for sign-in) and the supervisors outside it.
  const stored = await store.getStaff([...new Set([...inBatch, ...outside])]);
  const warnings: FieldIssue[] = staff.flatMap((s, i) =>
    s.supervisorId && !inBatch.has(s.supervisorId) && !stored.has(s.supervisorId)
      ? [{ path: `[${i}].supervisorId`, message: `no staff ${s.supervisorId} yet` }]
      : [],
  );

  const { failed } = await directory.apply(signInChanges(staff, stored));
  const pending = new Map(failed.map((f) => [f.staffId, f.reason]));
  const index = new Map(staff.map((s, i) => [s.id, i]));
  for (const [id, reason] of pending) {
    warnings.push({ path: `[${index.get(id)}].id`, message: `sign-in of ${id} not updated (${reason}); the next upload of ${id} tries again` });
  }
  const records: Staff[] = staff.map((s) => (pending.has(s.id) ? { ...s, signInPending: true } : s));
  await store.putStaff(records);
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
