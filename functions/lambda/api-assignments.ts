import { createBulkAssignmentStore } from '../../lib/adapters/dynamodb/bulk-assignment-store.js';
import { depsFromEnv } from '../env.js';
import { createAssignmentsHandler } from '../http/assignments.js';

/** Lambda entry of the HTTP API's assignments routes (bulk and automatic proposal use the bulk store part). */
export const handler = createAssignmentsHandler(depsFromEnv(process.env, 'foster-assignments', { storeParts: { bulk: createBulkAssignmentStore } }));
