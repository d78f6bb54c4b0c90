import { localDate } from './time.js';

// Issued, not only reported (承保): a policy arriving from the core system counts as issued for
// the customer's current agent when it was issued on or after the day the customer was approved to
// that agent, in the month of its issue date, as a life or a card product by its kind.

export type ProductLine = 'life' | 'card';

/** Which line a policy kind counts in (kinds are free text; the lists are configuration), if any. */
export function productLine(kind: string, kinds: { lifePolicyKinds: readonly string[]; cardPolicyKinds: readonly string[] }): ProductLine | undefined {
  const k = kind.trim().toLowerCase();
  if (kinds.lifePolicyKinds.includes(k)) return 'life';
  if (kinds.cardPolicyKinds.includes(k)) return 'card';
  return undefined;
}

/** Whether a policy issued on `issuedOn` (YYYY-MM-DD) was issued under an agent who has had the customer since `agentSince` (an instant). */
export function issuedUnderAgent(issuedOn: string, agentSince: string): boolean {
  return issuedOn >= localDate(agentSince);
}
