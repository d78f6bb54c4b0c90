import type { Migration } from './runner.js';
import { v2ProgrammeEnd } from './v2-programme-end.js';
import { v3TeamState } from './v3-team-state.js';
import { v4SmsTemplates } from './v4-sms-templates.js';
import { shardIndexKeys } from './v5-shard-index-keys.js';
import { dropVisitSchedules } from './v6-drop-visit-schedules.js';
import { v7CustomerFiles } from './v7-customer-files.js';
import { v8QuadrantCounters } from './v8-quadrant-counters.js';
import { v9FileAgents } from './v9-file-agents.js';

// Every migration, in version order: version N takes data from N-1 to N. Append; never edit one
// that has shipped. Each lives in its own file (vN-<what>.ts) with a test on data written by the
// version before it (test/integration/migrations.test.ts).
//
// v2 closes what the source process says never happened (visit 3 after a sale) before v3 rebuilds
// the managers' counters from the stored data, so the counters see the final state. v4 gives queued
// texts their template key and parameters; v5 re-keys every assignment and visit (including v3's
// untried-visit and v2's first-invitation keys) onto the write shards; v6 removes the per-visit
// schedules. v7 (the customer files of issue 12) reads the programme ends v2 recorded; v8 counts
// v7's files by agent and quadrant for the managers' quadrant mix; v9 puts each customer's agent on
// the files only approvals had put one on, and counts again.

export const MIGRATIONS: readonly Migration[] = [
  v2ProgrammeEnd,
  v3TeamState,
  v4SmsTemplates,
  shardIndexKeys,
  dropVisitSchedules,
  v7CustomerFiles,
  v8QuadrantCounters,
  v9FileAgents,
];
