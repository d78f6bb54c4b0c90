import type { Assignment } from '../domain/assignment.js';
import type { InboundRecord } from '../domain/inbound.js';
import type { AgentState, StateFigures } from '../domain/team.js';
import type { Visit } from '../domain/visit.js';
import type { AgentMonth, AssignmentScope } from './store.js';

// What the managers' view reads and keeps: an agent's month counters and current state in one
// round trip, the month-end snapshot, the index pages behind the alerts (each item with the cursor
// that resumes right after it, so several sources can be merged into one page) and export jobs.

/** An item of a page with the opaque cursor that resumes the query right after it. */
export interface Keyed<T> {
  value: T;
  cursor: string;
}

export interface KeyedPage<T> {
  items: Keyed<T>[];
  /** Absent when the query is exhausted. */
  next?: string;
}

/** Narrows a district's alerts to a team or a department. */
export type AlertFilter = { supervisorId: string } | { deptId: string } | Record<string, never>;

/** An asynchronous export: its query, progress and parts (each a CSV file of up to 10,000 rows). */
export interface ExportJob {
  id: string;
  /** Who asked; only they may fetch it. */
  requestedBy: string;
  scope: AssignmentScope;
  state?: string;
  month?: string;
  status: 'pending' | 'ready' | 'failed';
  /** Rows per CSV part. */
  rowsPerPart?: number;
  createdAt: string;
  finishedAt?: string;
  rows?: number;
  parts?: number;
  error?: string;
}

export interface TeamStore {
  /** The month counters and the current state of each agent, in one BatchGet per 50 agents. */
  teamCounters(agentIds: readonly string[], month: string): Promise<{ months: Map<string, AgentMonth>; states: Map<string, AgentState> }>;
  /**
   * Zeroes an agent's visit state figures and takes them out of the month-end run (a departed agent
   * keeps no customers); the quadrant counters stay with the files that still name the agent.
   */
  resetAgentState(agentId: string): Promise<void>;
  /** Every agent's current state (the month-end run; eight sharded index queries). */
  allAgentStates(): Promise<AgentState[]>;
  /** Whether the month-end snapshot of `month` was taken. */
  monthEndTaken(month: string): Promise<boolean>;
  markMonthEnd(month: string, at: string): Promise<void>;
  /** Writes an agent's state figures as of the end of `month` into the month item, unless already there. */
  writeMonthEnd(agentId: string, month: string, figures: StateFigures & { asOf: string }): Promise<void>;

  /** Open visits without an attempt in a district, latest due day first, due before `dueBefore` (YYYY-MM-DD). */
  untriedVisits(options: {
    districtId: string;
    first: boolean;
    dueBefore: string;
    filter: AlertFilter;
    limit: number;
    cursor?: string;
  }): Promise<KeyedPage<Visit>>;
  /** Overdue assignments in a scope, latest deadline first. */
  overdueAssignments(options: { scope: AssignmentScope; limit: number; cursor?: string }): Promise<KeyedPage<Assignment>>;
  /** Replies nobody could file in a district, newest first. */
  unmatchedRepliesPage(options: { districtId: string; filter: AlertFilter; limit: number; cursor?: string }): Promise<KeyedPage<InboundRecord>>;

  /** Saves an export job; it expires a week after its `createdAt`. */
  putExportJob(job: ExportJob): Promise<void>;
  getExportJob(id: string): Promise<ExportJob | undefined>;
  /** Stores part `n` (from 1) of an export, gzip-compressed; kept, like the job, a week from the job's `createdAt`. */
  putExportPart(id: string, n: number, csv: string, createdAt: string): Promise<void>;
  getExportPart(id: string, n: number): Promise<string | undefined>;
}
