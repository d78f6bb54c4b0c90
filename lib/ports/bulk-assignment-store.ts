import type { Assignment } from '../domain/assignment.js';

// Bulk proposal and review: many assignments move to a chosen agent at once, under the same atomic
// monthly cap as one at a time. One agent's items commit in one transaction with that agent's cap
// counter (several agents share a transaction while it fits 100 items), so racing callers can never
// push an agent past the cap: each slot has one winner.

/** One assignment moving to `agentId`. */
export interface AgentChoice {
  assignment: Assignment;
  agentId: string;
}

export interface BulkAssignmentStore {
  /**
   * Moves each assignment to `state` with its agent, reserving cap slots for `month` (and releasing
   * the previous agent's). Items an agent has no slot left for are refused `capReached` (the first
   * ones in the given order win); items changed meanwhile are refused `stateChanged`.
   */
  chooseAgents(change: {
    choices: readonly AgentChoice[];
    state: 'proposed' | 'reviewed';
    month: string;
    cap: number;
    at: string;
    by: string;
  }): Promise<{ chosen: Assignment[]; refused: { id: string; refusal: 'capReached' | 'stateChanged' }[] }>;
  /** Every preAssigned assignment a supervisor owns, soonest deadline first (one query per owner shard). */
  preAssignedOf(ownerId: string): Promise<Assignment[]>;
}
