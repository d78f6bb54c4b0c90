import { inject } from 'vitest';
import type { LocalRuntimeOptions } from '../../local/runtime.js';
import { startRuntimeOn } from './local-runtime.js';

/** The local runtime on a fresh table of the run's DynamoDB Local, listening on a free port, frozen clock, no background tick. */
export async function startTestRuntime(options: Partial<LocalRuntimeOptions> = {}) {
  return startRuntimeOn(inject('dynamoEndpoint'), options);
}
