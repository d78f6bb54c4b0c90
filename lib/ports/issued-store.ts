import type { ProductLine } from '../domain/issued.js';

// Issued policies (承保): a policy counted for an agent-month leaves a marker, written in the same
// transaction as the counter, so a policy re-sent by every nightly upload counts once.

/** One policy to count as issued. */
export interface IssuedPolicy {
  policyId: string;
  customerId: string;
  agentId: string;
  /** YYYY-MM of its issue date. */
  month: string;
  line: ProductLine;
  issuedOn: string;
}

/** The files an upload needs to count issued policies are read through FileStore (getCustomerFiles, uploadLookup). */
export interface IssuedStore {
  /** The subset of `policyIds` already counted as issued. */
  countedPolicies(policyIds: readonly string[]): Promise<Set<string>>;
  /** Counts each policy not counted before: marker and counter together; returns the ids counted now. */
  countIssued(policies: readonly IssuedPolicy[], at: string): Promise<string[]>;
}
