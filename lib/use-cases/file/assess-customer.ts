import { ConflictError } from '../../domain/errors.js';
import type { Caller } from '../../domain/scope.js';
import { AssessmentInput } from '../../domain/segment.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import { loadCustomerInScope } from './customer-access.js';
import { fileWriteOf } from './record-contact.js';
import { RELATIONSHIP_ROLES } from './roles.js';

// assessCustomer: the customer's agent (or a manager over them) judges ability, willingness or both
// by hand, with the evidence in words. The assessment wins over the computed axis until newer
// evidence contradicts it (lib/domain/segment.ts says exactly when); the segment is re-evaluated now.

export async function assessCustomer(deps: Pick<Deps, 'store' | 'clock' | 'config'>, caller: Caller, id: unknown, body: unknown) {
  const input = parseInput(AssessmentInput, body);
  const known = await loadCustomerInScope(deps.store, caller, id, RELATIONSHIP_ROLES);
  const write = fileWriteOf(deps, known, [{ kind: 'assessment', ...input, by: caller.sub }])!;
  const { refused } = await deps.store.commitFiles([write]);
  if (refused.length) throw new ConflictError('CONCURRENT_CHANGE', `customer ${known.profile.id} changed meanwhile; try again`);
  const { quadrant, ability, willingness, reason, since } = write.file.segment!;
  return { segment: { quadrant, ability, willingness, reason, since } };
}
