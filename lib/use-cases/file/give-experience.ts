import { ConflictError } from '../../domain/errors.js';
import { ExperienceInput } from '../../domain/experience.js';
import type { Caller } from '../../domain/scope.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import { loadCustomerInScope } from './customer-access.js';
import { fileWriteOf } from './record-contact.js';

// giveExperience: the customer's agent records an experience given (a visit with a gift, an event,
// a life service...): a history entry, and the file corrected after it, as the method says.

export async function giveExperience(deps: Pick<Deps, 'store' | 'clock' | 'config'>, caller: Caller, id: unknown, body: unknown) {
  const input = parseInput(ExperienceInput, body);
  const known = await loadCustomerInScope(deps.store, caller, id, ['agent']);
  const write = fileWriteOf(deps, known, [{ kind: 'experience', experience: input.experience, ...(input.note ? { note: input.note } : {}), by: caller.sub }])!;
  const { refused } = await deps.store.commitFiles([write]);
  if (refused.length) throw new ConflictError('CONCURRENT_CHANGE', `customer ${known.profile.id} changed meanwhile; try again`);
  const given = write.history.find((e) => e.kind === 'experience')!;
  return { id: given.id, experience: input.experience, at: given.at };
}
