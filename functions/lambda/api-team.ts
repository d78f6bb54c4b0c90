import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schedulerFromEnv } from '../adapters/eventbridge-scheduler.js';
import { readBuiltAssets } from '../dashboard/assets.js';
import { dashboardSignInFromEnv, depsFromEnv } from '../env.js';
import { createTeamHandler } from '../http/team.js';

/**
 * Lambda entry of the HTTP API's team routes; the dashboard's assets sit in the bundle's dashboard/ folder (infra/dashboard-sign-in.ts).
 * The scheduler starts a background export (a one-time schedule firing at once).
 */
export const handler = createTeamHandler(depsFromEnv(process.env, 'foster-team', { scheduler: schedulerFromEnv }), {
  assets: () => readBuiltAssets(join(dirname(fileURLToPath(import.meta.url)), 'dashboard')),
  signIn: dashboardSignInFromEnv(process.env),
});
