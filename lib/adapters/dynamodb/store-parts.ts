import { createBulkAssignmentStore } from './bulk-assignment-store.js';
import { createJobStore } from './job-store.js';
import { createReminderStore } from './reminder-store.js';
import type { StoreParts } from './store.js';

// Every optional part of the Store, for the processes that serve every route (the local runtime,
// tests, benchmarks). A Lambda's composition root names only the parts its use cases call.

export const ALL_STORE_PARTS: StoreParts = { bulk: createBulkAssignmentStore, jobs: createJobStore, reminders: createReminderStore };
