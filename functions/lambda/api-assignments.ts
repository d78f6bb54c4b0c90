import { schedulerFromEnv } from '../adapters/eventbridge-scheduler.js';
import { depsFromEnv } from '../env.js';
import { createAssignmentsHandler } from '../http/assignments.js';

/** Lambda entry of the HTTP API's assignments routes. */
export const handler = createAssignmentsHandler(depsFromEnv(process.env, 'foster-assignments', { scheduler: schedulerFromEnv }));
