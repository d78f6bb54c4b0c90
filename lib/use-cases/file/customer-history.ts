import { HistoryQuery } from '../../domain/history.js';
import type { Caller } from '../../domain/scope.js';
import { parseInput } from '../../domain/validation.js';
import type { Deps } from '../../ports/deps.js';
import { STAFF_ROLES } from './roles.js';
import { loadCustomerInScope } from './customer-access.js';

// customerHistory: a customer's history, newest first, a page at a time (in scope). Two reads: the
// customer for the scope check, then one query of the history partition.

export async function customerHistory({ store }: Pick<Deps, 'store'>, caller: Caller, id: unknown, rawQuery: unknown) {
  const { limit, next } = parseInput(HistoryQuery, rawQuery ?? {});
  const { profile } = await loadCustomerInScope(store, caller, id, STAFF_ROLES);
  const page = await store.historyPage(profile.id, { limit, ...(next ? { cursor: next } : {}) });
  return {
    items: page.items.map(({ id: entryId, at, kind, by, summary, data }) => ({ id: entryId, at, kind, by, summary, ...(data ? { data } : {}) })),
    ...(page.next ? { next: page.next } : {}),
  };
}
