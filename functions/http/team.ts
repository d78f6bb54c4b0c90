import type { Deps } from '../../lib/ports/deps.js';
import { exportAssignments, fetchAssignmentExport } from '../../lib/use-cases/team/export-assignments.js';
import { teamAlerts } from '../../lib/use-cases/team/team-alerts.js';
import { teamMetrics } from '../../lib/use-cases/team/team-metrics.js';
import { ASSET_NAMES, serveable, type AssetName, type DashboardAssets } from '../dashboard/assets.js';
import { contentSecurityPolicy, renderDashboardPage, type SignIn } from '../dashboard/page.js';
import { NotFoundError } from '../../lib/domain/errors.js';
import { createHttpHandler, type HttpResult } from './http.js';
import { TEAM_ROUTES } from './routes/team.js';

// Team routes: the managers' metrics and alerts, the dashboard page with its script and style
// (public: they hold no data), and the assignment export (CSV at once, or a background export).

export interface DashboardOptions {
  /** The built script and style (read from the bundle in the cloud, built in process locally). */
  readonly assets: () => DashboardAssets;
  readonly signIn: SignIn;
}

const csv = (answer: { csv: string; fileName: string }): HttpResult => ({
  body: answer.csv,
  contentType: 'text/csv; charset=utf-8',
  headers: { 'content-disposition': `attachment; filename="${answer.fileName}"`, 'cache-control': 'no-store' },
});

export function createTeamHandler(deps: Deps, dashboard: DashboardOptions) {
  let served: ReturnType<typeof serveable> | undefined;
  const assets = () => (served ??= serveable(dashboard.assets()));
  const pageHeaders = () => ({
    'content-security-policy': contentSecurityPolicy(dashboard.signIn),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });

  return createHttpHandler(
    {
      'GET /team/metrics': async ({ caller, query }) => ({ json: await teamMetrics(deps, caller, query) }),
      'GET /team/alerts': async ({ caller, query }) => ({ json: await teamAlerts(deps, caller, query) }),
      'GET /team/dashboard': async () => {
        const a = assets();
        const hashes = Object.fromEntries(ASSET_NAMES.map((n) => [n, a[n].hash])) as Record<AssetName, string>;
        return { body: renderDashboardPage(dashboard.signIn, hashes), contentType: 'text/html; charset=utf-8', headers: pageHeaders() };
      },
      'GET /team/dashboard/assets/{name}': async ({ params, headers }) => {
        const name = params.name as AssetName;
        if (!ASSET_NAMES.includes(name)) throw new NotFoundError('asset', String(params.name));
        const asset = assets()[name];
        const gzip = /\bgzip\b/.test(headers['accept-encoding'] ?? '');
        return {
          body: gzip ? asset.gzip : asset.raw,
          contentType: asset.contentType,
          headers: {
            // The page asks for ?v=<hash>: a new build is a new URL, so the old one may be kept for good.
            'cache-control': 'public, max-age=31536000, immutable',
            etag: `"${asset.hash}"`,
            vary: 'accept-encoding',
            'x-content-type-options': 'nosniff',
            ...(gzip ? { 'content-encoding': 'gzip' } : {}),
          },
        };
      },
      'GET /assignments/export': async ({ caller, query }) => {
        const answer = await exportAssignments(deps, caller, query);
        if ('job' in answer) {
          const { job } = answer;
          return { status: 202, json: { exportId: job.id, status: job.status, poll: `/assignments/exports/${job.id}` } };
        }
        return csv(answer);
      },
      'GET /assignments/exports/{id}': async ({ caller, params, query }) => {
        const answer = await fetchAssignmentExport(deps, caller, params.id, query);
        return answer.csv !== undefined ? csv({ csv: answer.csv, fileName: answer.fileName }) : { json: answer.status };
      },
    },
    deps,
    TEAM_ROUTES,
  );
}
